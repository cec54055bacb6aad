import { inputError } from "../analysis/core/errors.js";
import { timeStage } from "../analysis/core/stageTimes.js";
import { assertSameGrid, type Mask, type Volume } from "../analysis/core/volume.js";

/**
 * Another tool's defaced image, on the same grid as the original: its face mask is the set of voxels
 * whose value changed, and the values written there say which fill the tool used.
 */
export type DetectedFill =
  | { kind: "zero" }
  | { kind: "constant"; value: number }
  /** values vary without spatial structure: random noise. */
  | { kind: "noise"; neighbourCorrelation: number; mean: number; sd: number }
  /** values vary smoothly in space: other content (a template face, a blurred face, a model). */
  | { kind: "content"; neighbourCorrelation: number; mean: number; sd: number }
  /** the tool changed nothing. */
  | { kind: "none" };

export interface ImportedDefacing {
  mask: Mask;
  changedVoxels: number;
  fill: DetectedFill;
}

/**
 * Correlation between a changed voxel's value and its changed 6-neighbours' below which the fill
 * is noise: independent draws give ~0, anatomy or a template ~0.8 and more.
 */
export const NOISE_CORRELATION = 0.3;

export function importDefaced(original: Volume, defaced: Volume, path: string): ImportedDefacing {
  assertSameGrid(original, defaced, path);
  const a = original.data;
  const b = defaced.data;
  // float images written by other tools carry rounding noise: ignore differences below a millionth of the range
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < a.length; i++) (lo = Math.min(lo, a[i])), (hi = Math.max(hi, a[i]));
  const floating = a instanceof Float32Array || a instanceof Float64Array || b instanceof Float32Array || b instanceof Float64Array;
  const tolerance = floating ? 1e-6 * Math.max(1, hi - lo) : 0;
  const mask = new Uint8Array(a.length);
  let changed = 0;
  for (let i = 0; i < a.length; i++)
    if (Math.abs(a[i] - b[i]) > tolerance || Number.isNaN(b[i]) !== Number.isNaN(a[i])) {
      mask[i] = 1;
      changed++;
    }
  if (changed === 0) return { mask, changedVoxels: 0, fill: { kind: "none" } };
  return { mask, changedVoxels: changed, fill: detectFill(defaced, mask) };
}

/** Classifies the values a tool wrote into the masked voxels. */
export function detectFill(defaced: Volume, mask: Mask): DetectedFill {
  const d = defaced.data;
  let first = NaN;
  let uniform = true;
  let n = 0;
  let sum = 0;
  let sum2 = 0;
  for (let i = 0; i < d.length; i++) {
    if (!mask[i]) continue;
    const v = d[i];
    if (n === 0) first = v;
    else if (v !== first) uniform = false;
    n++;
    sum += v;
    sum2 += v * v;
  }
  if (n === 0) return { kind: "none" };
  if (uniform) return first === 0 ? { kind: "zero" } : { kind: "constant", value: first };
  const mean = sum / n;
  const sd = Math.sqrt(Math.max(0, sum2 / n - mean * mean));
  const r = neighbourCorrelation(defaced, mask, mean);
  return r < NOISE_CORRELATION ? { kind: "noise", neighbourCorrelation: r, mean, sd } : { kind: "content", neighbourCorrelation: r, mean, sd };
}

/** Pearson correlation of the values of face-adjacent masked voxel pairs (all three axes). */
function neighbourCorrelation(volume: Volume, mask: Mask, mean: number): number {
  const [nx, ny, nz] = volume.dims;
  const d = volume.data;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) {
        if (!mask[v]) continue;
        const x = d[v] - mean;
        for (const [ok, w] of [
          [i + 1 < nx, v + 1],
          [j + 1 < ny, v + nx],
          [k + 1 < nz, v + nx * ny],
        ] as const) {
          if (!ok || !mask[w]) continue;
          const y = d[w] - mean;
          sxy += x * y;
          sxx += x * x;
          syy += y * y;
        }
      }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/**
 * A face mask from a file: binary (0/1), or probabilistic (values in [0, 1]) kept where >= 0.5.
 * Anything else is refused with the file's name.
 */
export function importFaceMask(values: ArrayLike<number>, path: string): Mask {
  return timeStage("read", () => faceMaskOf(values, path));
}

function faceMaskOf(values: ArrayLike<number>, path: string): Mask {
  // One pass for a binary mask (the usual file): checked and copied together; a probabilistic one
  // is then thresholded at 0.5 in a second pass.
  const out = new Uint8Array(values.length);
  let binary = true;
  let any = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === 1) (out[i] = 1), (any = 1);
    else if (v !== 0) {
      if (!(v >= 0 && v <= 1)) throw inputError(`face mask values must be 0/1 or probabilities in [0, 1]; found ${v}`, path);
      binary = false;
    }
  }
  if (!binary) {
    any = 0;
    for (let i = 0; i < values.length; i++) any |= (out[i] = values[i] >= 0.5 ? 1 : 0);
  }
  if (!any) throw inputError("the face mask is empty: nothing would be removed", path);
  return out;
}
