import { inputError, usageError } from "../core/errors.js";

/**
 * Most grey levels a discretisation may give: the histogram and texture families allocate arrays
 * of N_g (and matrices of N_g x sizes), so a bin count of 10⁹ or a bin width of 10⁻¹² would exhaust
 * memory. 65536 is the number of levels of a 16-bit image, far above the 8..1000 in use.
 */
export const MAX_GREY_LEVELS = 65536;

/** Refuses a discretisation that gives more grey levels than MAX_GREY_LEVELS (`what` says which setting). */
export function assertGreyLevels(nLevels: number, what: string): void {
  if (!(nLevels <= MAX_GREY_LEVELS)) {
    throw usageError(`${what} (processing.discretisation) gives ${nLevels} grey levels, more than the ${MAX_GREY_LEVELS} supported: use fewer bins or a wider bin`);
  }
}

/**
 * IBSI discretisation (section 2.7, 4R0B): grey levels start at 1. Every function writes levels for
 * voxels inside the mask and 0 outside, and returns N_g (absent levels count, as IBSI defines).
 */
export interface Discretised {
  levels: Int32Array;
  nLevels: number;
}

/**
 * How intensities become grey levels (texture, intensity histogram and intensity-volume histogram):
 * the one spelling of none | fbn | fbs in the project.
 */
export type Discretisation =
  | { kind: "none" } // the intensities are already grey levels 1, 2, ... (digital phantom)
  | { kind: "fbn"; nBins: number } // fixed bin number (K15C)
  | { kind: "fbs"; binWidth: number; lower?: number }; // fixed bin size (Q3RU) from `lower`

export type DiscretisationKind = Discretisation["kind"];

/**
 * The one parser of discretisation labels, the `config` column of every output: `nodisc` (no
 * discretisation), `fbnN` (N fixed bins), `fbsW` (fixed bin width W).
 */
export function parseDiscretisationLabel(label: string): { discretisation?: Discretisation; problem?: string } {
  if (label === "nodisc") return { discretisation: { kind: "none" } };
  const fbn = /^fbn(\d+)$/.exec(label);
  if (fbn) {
    const nBins = Number(fbn[1]);
    if (!(nBins >= 1)) return { problem: `"${label}": the number of bins must be at least 1` };
    if (nBins > MAX_GREY_LEVELS) return { problem: `"${label}": at most ${MAX_GREY_LEVELS} bins are supported` };
    return { discretisation: { kind: "fbn", nBins } };
  }
  const fbs = /^fbs(\d*\.?\d+(?:e-?\d+)?)$/.exec(label);
  if (fbs) {
    const binWidth = Number(fbs[1]);
    return binWidth > 0 ? { discretisation: { kind: "fbs", binWidth } } : { problem: `"${label}": the bin width must be positive` };
  }
  return { problem: `unknown discretisation "${label}": use nodisc, fbnN (e.g. fbn32) or fbsW (e.g. fbs0.1, fbs25)` };
}

/** The label of a discretisation (its `lower` bound is not part of the label). */
export function discretisationLabel(d: Discretisation): string {
  return d.kind === "none" ? "nodisc" : d.kind === "fbn" ? `fbn${d.nBins}` : `fbs${d.binWidth}`;
}

/**
 * ⌊t⌋ robust to rounding: a value that lies on a bin edge in exact arithmetic (t = k) may come out
 * as k − 1e-15 after a normalisation (a·x + b computed in floating point); it belongs to bin k.
 * Snapping within 1e-9 keeps fixed-bin-number levels exactly invariant under affine maps.
 */
const EDGE_SNAP = 1e-9;
export const binFloor = (t: number): number => Math.floor(t + EDGE_SNAP);

/** Minimum and maximum intensity inside the mask. */
export function maskRange(intensity: ArrayLike<number>, mask: Uint8Array): [number, number] {
  let min = Infinity,
    max = -Infinity;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const v = intensity[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/**
 * Fixed bin number (K15C): X_d = ⌊N_g (X − X_min)/(X_max − X_min)⌋ + 1, and N_g for X = X_max,
 * with X_min, X_max over the ROI. A flat ROI has one grey level.
 */
export function discretiseFixedBinNumber(intensity: ArrayLike<number>, mask: Uint8Array, nBins: number): Discretised {
  assertGreyLevels(nBins, `a fixed bin number of ${nBins}`);
  const [min, max] = maskRange(intensity, mask);
  const levels = new Int32Array(mask.length);
  const range = max - min;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    levels[i] = range === 0 ? 1 : Math.min(nBins, binFloor((nBins * (intensity[i] - min)) / range) + 1);
  }
  return { levels, nLevels: nBins };
}

/**
 * Fixed bin size (Q3RU): X_d = ⌊(X − X_min)/w_b⌋ + 1 with X_min = `lower` (the re-segmentation
 * range's lower bound when there is one, else the ROI minimum). Intensities below `lower` go to
 * bin 1. N_g is the highest level in the ROI (as MIRP and the IBSI reference values count it), or
 * the number of bins up to `upper` when given.
 */
export function discretiseFixedBinSize(
  intensity: ArrayLike<number>,
  mask: Uint8Array,
  binWidth: number,
  lower?: number,
  upper?: number,
): Discretised {
  const lo = lower ?? maskRange(intensity, mask)[0];
  const levels = new Int32Array(mask.length);
  let maxLevel = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const level = Math.max(1, binFloor((intensity[i] - lo) / binWidth) + 1);
    levels[i] = level;
    if (level > maxLevel) maxLevel = level;
  }
  const nLevels = upper === undefined ? maxLevel : Math.max(maxLevel, Math.floor((upper - lo) / binWidth) + 1);
  assertGreyLevels(nLevels, `a fixed bin size of ${binWidth}`);
  return { levels, nLevels };
}

/**
 * No discretisation: the intensities are the grey levels. They must be integers >= 1; N_g is the
 * highest level in the ROI (absent lower levels still count, e.g. 2 and 5 in the digital phantom).
 */
export function discretiseNone(intensity: ArrayLike<number>, mask: Uint8Array): Discretised {
  const levels = new Int32Array(mask.length);
  let maxLevel = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const v = intensity[i];
    if (!Number.isInteger(v) || v < 1) {
      throw inputError(
        `discretisation "none" needs integer intensities >= 1 inside the ROI (found ${v}); use a fixed bin number or size`,
      );
    }
    levels[i] = v;
    if (v > maxLevel) maxLevel = v;
  }
  assertGreyLevels(maxLevel, 'discretisation "none" (the intensities as grey levels)');
  return { levels, nLevels: maxLevel };
}

/** Applies the configured discretisation; `resegLower` is the re-segmentation range's lower bound, if any. */
export function discretise(
  intensity: ArrayLike<number>,
  mask: Uint8Array,
  settings: Discretisation,
  resegLower?: number,
): Discretised {
  switch (settings.kind) {
    case "none":
      return discretiseNone(intensity, mask);
    case "fbn":
      return discretiseFixedBinNumber(intensity, mask, settings.nBins);
    case "fbs": {
      const lower = settings.lower ?? (resegLower !== undefined && Number.isFinite(resegLower) ? resegLower : undefined);
      return discretiseFixedBinSize(intensity, mask, settings.binWidth, lower);
    }
  }
}
