import { binFloor, type Discretisation } from "../processing/discretise.js";
import { sortedRoiValues } from "./roiValues.js";
import type { FeatureSettings, FeatureValue, PreparedRoi } from "./types.js";
import { NO_AGGREGATION } from "./types.js";

/** More evaluation levels than this means the IVH discretisation does not suit the data. */
const MAX_LEVELS = 10_000_000;

/**
 * The IVH evaluation grid (IBSI section "Intensity-volume histogram features", P88C): levels
 * i_k = g0 + k*wd for k = 0..nLevels-1 spanning the total range G = [g0, g0 + (nLevels-1)*wd], and for
 * each ROI voxel its grid position t (sorted ascending) so that the voxel counts towards level k
 * exactly when t >= k. Working on positions, not intensities, keeps the comparisons exact.
 */
interface IvhGrid {
  g0: number;
  /** max G: the gamma = 1 end of the range (the last level for fbs, fbn and integer data). */
  g1: number;
  wd: number;
  nLevels: number;
  positions: Float64Array;
}

function lowerBound(roi: PreparedRoi, min: number): number {
  const r = roi.resegRange?.[0];
  return r !== undefined && Number.isFinite(r) ? r : min;
}

function upperBound(roi: PreparedRoi, max: number): number {
  const r = roi.resegRange?.[1];
  return r !== undefined && Number.isFinite(r) ? Math.max(r, max) : max;
}

/**
 * Builds the grid for each IVH discretisation, as IBSI configurations use them:
 * - none (calibrated discrete intensities, e.g. HU; configs A, B, D and the digital phantom):
 *   the intensities as they are, wd = 1, G = the re-segmentation range, else [min, max];
 * - fbs (calibrated continuous intensities; config C, 2.5 HU): bins of width w from the lower bound
 *   (the re-segmentation lower bound, else the ROI minimum), replaced by their centres, wd = w,
 *   G = the centres of the first and last bin (the last bin holds the upper bound of the range);
 * - fbn (arbitrary units; config E, 1000 bins): bin numbers 1..N over the ROI's [min, max], the
 *   re-segmentation range unused, wd = 1, G = [1, N].
 */
function ivhGrid(roi: PreparedRoi, x: Float64Array, disc: Discretisation): IvhGrid {
  const n = x.length;
  const min = x[0],
    max = x[n - 1];
  const positions = new Float64Array(n);
  if (disc.kind === "none") {
    const g0 = lowerBound(roi, min);
    const g1 = upperBound(roi, max);
    for (let k = 0; k < n; k++) positions[k] = x[k] - g0;
    return { g0, g1, wd: 1, nLevels: Math.floor(g1 - g0) + 1, positions };
  }
  if (disc.kind === "fbs") {
    const w = disc.binWidth;
    const lower = disc.lower ?? lowerBound(roi, min);
    const upper = upperBound(roi, max);
    // Bin b = floor((x - lower)/w) + 1 has position b - 1; values below `lower` go to the first bin.
    for (let k = 0; k < n; k++) positions[k] = Math.max(0, Math.floor((x[k] - lower) / w));
    const nLevels = Math.max(positions[n - 1], Math.floor((upper - lower) / w)) + 1;
    return { g0: lower + 0.5 * w, g1: lower + (nLevels - 0.5) * w, wd: w, nLevels, positions };
  }
  const nBins = disc.nBins;
  const range = max - min;
  for (let k = 0; k < n; k++) {
    // the same edge rule as the texture bins (binFloor): a value on a bin edge in exact arithmetic
    // stays in its bin after an affine map computed in floating point
    positions[k] = range === 0 ? 0 : Math.min(nBins - 1, binFloor((nBins * (x[k] - min)) / range));
  }
  return { g0: 1, g1: nBins, wd: 1, nLevels: nBins, positions };
}

/**
 * IBSI intensity-volume histogram features (family P88C). nu_k is the fraction of the ROI volume
 * with intensity at least i_k; gamma_k = (i_k - min G)/(max G - min G) the intensity fraction.
 */
export function intensityVolumeHistogram(roi: PreparedRoi, settings: FeatureSettings = {}): FeatureValue[] {
  const x = sortedRoiValues(roi);
  const disc = settings.ivh ?? { kind: "none" };
  const row = (feature: string, ibsiCode: string, value: number, note?: string): FeatureValue => ({
    family: "intensity_volume_histogram",
    feature,
    ibsiCode,
    ...NO_AGGREGATION,
    value,
    ...(note ? { note } : {}),
  });
  const names: [string, string][] = [
    ["Volume fraction at 10% intensity (V10)", "BC2M"],
    ["Volume fraction at 90% intensity (V90)", "BC2M"],
    ["Intensity at 10% volume (I10)", "GBPN"],
    ["Intensity at 90% volume (I90)", "GBPN"],
    ["Volume fraction difference between 10% and 90% intensity (V10-V90)", "DDTU"],
    ["Intensity difference between 10% and 90% volume (I10-I90)", "CNV2"],
    ["Area under the IVH curve", "9CMM"],
  ];

  const grid = ivhGrid(roi, x, disc);
  const { g0, g1, wd, nLevels: L, positions } = grid;
  if (!(L >= 1) || L > MAX_LEVELS) {
    const note = `the IVH would need ${L} intensity levels: use a fixed bin size or number (settings.ivh)`;
    return names.map(([f, c]) => row(f, c, NaN, note));
  }

  // nu_k = 1 - (voxels with position < k)/N_v, by one walk over the sorted positions.
  const nv = positions.length;
  const nu = new Float64Array(L);
  for (let k = 0, below = 0; k < L; k++) {
    while (below < nv && positions[below] < k) below++;
    nu[k] = 1 - below / nv;
  }
  // gamma_k = (i_k - min G)/(max G - min G); for fbs, fbn and integer intensities this is k/(L - 1).
  const gamma = (k: number): number => (k * wd) / (g1 - g0);
  const level = (k: number): number => g0 + k * wd;

  // BC2M: V_x, the largest nu among levels with gamma >= x (nu is non-increasing: the first such level).
  const volumeAt = (fraction: number): { value: number; note?: string } => {
    if (L < 2) return { value: NaN, note: "the IVH range holds one intensity level: the intensity fraction is undefined" };
    for (let k = 0; k < L; k++) if (gamma(k) >= fraction) return { value: nu[k] };
    // Only when unit steps from min G stop short of max G (non-integer intensities with "none").
    return {
      value: NaN,
      note: `no evaluated level reaches ${fraction * 100}% of the intensity range: use a fixed bin size or number (settings.ivh)`,
    };
  };

  // GBPN: I_x, the lowest level present in at most x of the volume. When even the highest level
  // holds more, the answer is the next level above the range, where nu is 0.
  const intensityAt = (fraction: number): { value: number; note?: string } => {
    for (let k = 0; k < L; k++) if (nu[k] <= fraction) return { value: level(k) };
    return {
      value: level(L),
      note: `more than ${fraction * 100}% of the volume has the highest intensity level: the level above it is reported`,
    };
  };

  // 9CMM: trapezoidal area under nu(gamma); 0 by IBSI's definition for a single level.
  let auc = 0;
  for (let k = 1; k < L; k++) auc += ((nu[k] + nu[k - 1]) / 2) * (gamma(k) - gamma(k - 1));

  const v10 = volumeAt(0.1),
    v90 = volumeAt(0.9);
  const i10 = intensityAt(0.1),
    i90 = intensityAt(0.9);
  const iNote = i10.note ?? i90.note;
  return [
    row(names[0][0], names[0][1], v10.value, v10.note),
    row(names[1][0], names[1][1], v90.value, v90.note),
    row(names[2][0], names[2][1], i10.value, i10.note),
    row(names[3][0], names[3][1], i90.value, i90.note),
    row(names[4][0], names[4][1], v10.value - v90.value, v10.note ?? v90.note),
    row(names[5][0], names[5][1], i10.value - i90.value, iNote),
    row(names[6][0], names[6][1], auc, L < 2 ? "one intensity level: IBSI defines the area as 0" : undefined),
  ];
}
