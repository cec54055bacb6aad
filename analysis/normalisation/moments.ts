import { endOfStretch, type Mask, maskWords, type VoxelArray } from "../core/volume.js";

/**
 * Sums over a region: enough for its mean and SD. Kept as sums (not mean/SD) so a defaced
 * condition is the original minus the removed voxels plus the fill, in O(|mask|).
 * For integer-valued images every sum below 2^53 is exact, so the update equals a full recount.
 */
export interface RegionMoments {
  count: number;
  sum: number;
  sumSquares: number;
}

/** Moments of every voxel (region = whole volume). */
export function volumeMoments(data: VoxelArray): RegionMoments {
  let sum = 0,
    sumSquares = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    sum += v;
    sumSquares += v * v;
  }
  return { count: data.length, sum, sumSquares };
}

/** Moments of the voxels inside a mask (in index order; runs of four outside it are skipped a word at a time). */
export function maskedMoments(data: VoxelArray, mask: Mask): RegionMoments {
  let sum = 0,
    sumSquares = 0,
    count = 0;
  const words = maskWords(mask);
  const n = data.length;
  for (let i = endOfStretch(mask, words, 0, n, 0); i < n; i = endOfStretch(mask, words, i + 1, n, 0)) {
    const v = data[i];
    count++;
    sum += v;
    sumSquares += v * v;
  }
  return { count, sum, sumSquares };
}

/**
 * Moments after replacing the voxels at `indices` by `fillValues` (only those inside `inRegion`
 * count when it is given): the O(|mask|) update that makes each defaced condition cheap.
 */
export function replaceVoxels(
  moments: RegionMoments,
  data: VoxelArray,
  indices: Uint32Array,
  fillValues: Float64Array,
  inRegion?: Mask,
): RegionMoments {
  let { sum, sumSquares } = moments;
  for (let n = 0; n < indices.length; n++) {
    if (inRegion && !inRegion[indices[n]]) continue;
    const before = data[indices[n]];
    const after = fillValues[n];
    sum += after - before;
    sumSquares += after * after - before * before;
  }
  return { count: moments.count, sum, sumSquares };
}

/**
 * Moments after removing the voxels at `indices` from the region (e.g. the face mask leaving the
 * head mask or the "unmasked" region). `inRegion` says which of them were in it.
 */
export function removeVoxels(
  moments: RegionMoments,
  data: VoxelArray,
  indices: Uint32Array,
  inRegion?: Mask,
): RegionMoments {
  let { sum, sumSquares, count } = moments;
  for (let n = 0; n < indices.length; n++) {
    const idx = indices[n];
    if (inRegion && !inRegion[idx]) continue;
    const v = data[idx];
    count--;
    sum -= v;
    sumSquares -= v * v;
  }
  return { count, sum, sumSquares };
}

export type SdMode = "population" | "sample";

/** Mean and standard deviation (population: divide by N; sample: by N − 1). */
export function meanAndSd(m: RegionMoments, sdMode: SdMode = "population"): { mean: number; sd: number } {
  const mean = m.sum / m.count;
  // Centred form of the sum of squares; clamp tiny negative rounding residue to 0.
  const centred = Math.max(0, m.sumSquares - m.sum * mean);
  const dof = sdMode === "sample" ? m.count - 1 : m.count;
  return { mean, sd: Math.sqrt(centred / dof) };
}
