import type { Mask, Volume, VoxelArray } from "../analysis/core/volume.js";
import { fillHoles, fillHolesInSlices, largestComponent } from "./morphology.js";
import { detectModality, type Modality } from "./modality.js";
import { arrayAxisAlong } from "./worldGeometry.js";
import * as portable from "../analysis/core/portableMath.js";
import { integerValueCounts, otsuOfCounts, otsuThreshold } from "./otsu.js";

/**
 * The intensity separating the head from the air around it. CT: Otsu on Hounsfield units (air
 * against tissue and bone). MR: Otsu on log(1 + value − min). T1 tissue contrasts are ratios (fat,
 * muscle, CSF, bone differ several-fold), so on a linear scale Otsu often splits bright from dark
 * tissue instead of tissue from air; on the log scale the air's noise floor is the farthest class.
 */
export function foregroundThreshold(volume: Volume, modality: Modality = detectModality(volume)): number {
  const d = volume.data;
  if (modality === "ct") return otsuThreshold(d);
  // an integer image: the logarithm of each distinct value once, weighted by its count (the same
  // histogram as every voxel's); any other image: every voxel's
  const counted = integerValueCounts(d);
  const values: ArrayLike<number> = counted ? counted.values : d;
  let lo = Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] < lo) lo = values[i];
  const logs = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) logs[i] = portable.log1p(values[i] - lo);
  return lo + portable.expm1(otsuOfCounts(logs, counted?.counts));
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
