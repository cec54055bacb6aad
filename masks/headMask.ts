import type { Mask, Volume, VoxelArray } from "../analysis/core/volume.js";
import { fillHoles, fillHolesInSlices, largestComponent } from "./morphology.js";
import { detectModality, type Modality } from "./modality.js";
import { arrayAxisAlong } from "./worldGeometry.js";
import * as portable from "../analysis/core/portableMath.js";

/**
 * Otsu's threshold (Otsu 1979): the cut of a 256-bin histogram that maximises the between-class
 * variance w0·w1·(mu0 − mu1)². `value > threshold` is the high class; when several cuts tie (an
 * empty gap between the classes) the middle of the gap is returned.
 */
export function otsuThreshold(values: ArrayLike<number>, bins = 256): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) return lo;
  const width = (hi - lo) / bins;
  const hist = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) hist[Math.min(bins - 1, Math.floor((values[i] - lo) / width))]++;
  const total = values.length;
  let sumAll = 0;
  for (let b = 0; b < bins; b++) sumAll += b * hist[b];
  let w0 = 0;
  let sum0 = 0;
  let best = -1;
  let bestB = 0;
  let plateauEnd = 0;
  for (let b = 0; b < bins - 1; b++) {
    w0 += hist[b];
    sum0 += b * hist[b];
    const w1 = total - w0;
    if (w0 === 0 || w1 === 0) continue;
    const diff = sum0 / w0 - (sumAll - sum0) / w1;
    const between = w0 * w1 * diff * diff;
    if (between > best * (1 + 1e-12)) (best = between), (bestB = b), (plateauEnd = b);
    else if (between >= best * (1 - 1e-12)) plateauEnd = b;
  }
  // Every cut in an empty gap between the classes splits them the same way: take the gap's middle.
  return lo + ((bestB + plateauEnd) / 2 + 1) * width;
}

/**
 * The intensity separating the head from the air around it. CT: Otsu on Hounsfield units (air
 * against tissue and bone). MR: Otsu on log(1 + value − min). T1 tissue contrasts are ratios (fat,
 * muscle, CSF, bone differ several-fold), so on a linear scale Otsu often splits bright from dark
 * tissue instead of tissue from air; on the log scale the air's noise floor is the farthest class.
 */
export function foregroundThreshold(volume: Volume, modality: Modality = detectModality(volume)): number {
  const d = volume.data;
  if (modality === "ct") return otsuThreshold(d);
  let lo = Infinity;
  for (let i = 0; i < d.length; i++) if (d[i] < lo) lo = d[i];
  const logs = new Float32Array(d.length);
  for (let i = 0; i < d.length; i++) logs[i] = portable.log1p(d[i] - lo);
  return lo + portable.expm1(otsuThreshold(logs));
}

/** Binary `data > threshold`. */
export function thresholdAbove(data: VoxelArray, threshold: number): Mask {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] > threshold ? 1 : 0;
  return out;
}

/**
 * The head (foreground): voxels above the foreground threshold (Otsu, see above), the largest connected component (drops
 * the CT table, head holders and noise specks), then holes filled in 3-D and within axial slices
 * (sinuses, mouth and nasal cavities open to the outside only through narrow channels).
 */
export function headMask(volume: Volume, threshold = foregroundThreshold(volume)): { mask: Mask; threshold: number } {
  const above = thresholdAbove(volume.data, threshold);
  const largest = largestComponent(above, volume.dims);
  const filled = fillHolesInSlices(fillHoles(largest, volume.dims), volume.dims, arrayAxisAlong(volume, 2));
  return { mask: filled, threshold };
}
