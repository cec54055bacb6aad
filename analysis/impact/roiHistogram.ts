import { usageError } from "../core/errors.js";
import type { VoxelArray } from "../core/volume.js";
import { applyMap, type AffineIntensityMap } from "../normalisation/zscore.js";

/** One image condition as the histogram sees it: its replaced voxels and its normalisation map. */
export interface HistogramCondition {
  /** the `condition` column, e.g. "original" or "defaced-zero". */
  name: string;
  /** replaced voxels, global indices in increasing order (empty for the original). */
  indices: Uint32Array;
  /** their new values (image units), same order. */
  values: ArrayLike<number>;
  /** the condition's normalisation, applied to every ROI voxel. */
  map: AffineIntensityMap;
}

/** Histogram of the ROI's normalised intensities, one series per condition on shared bin edges. */
export interface RoiHistogram {
  normalization: string;
  /** bins + 1 increasing edges (normalised units); bin k is [edges[k], edges[k+1]), the last one closed. */
  edges: number[];
  series: { condition: string; counts: number[] }[];
}

/**
 * The ROI's intensities after each condition's normalisation, binned on one set of equal-width
 * edges spanning every condition's range, so the series can be drawn on one axis. A replaced
 * voxel inside the ROI (only with --allow-roi-overlap) takes its replacement value. `roiIndices`:
 * the ROI's voxels (global indices), listed once by the caller for every normalisation.
 * Cost: O(|ROI| · log |replaced|) per condition.
 */
export function roiHistogram(
  data: VoxelArray,
  roiIndices: ArrayLike<number>,
  normalization: string,
  conditions: readonly HistogramCondition[],
  bins = 40,
): RoiHistogram {
  if (!(Number.isInteger(bins) && bins >= 1)) throw usageError(`histogram bins must be a positive integer, got ${bins}`);
  const normalised = conditions.map((c) => {
    const out = new Float64Array(roiIndices.length);
    for (let r = 0; r < roiIndices.length; r++) {
      const i = roiIndices[r];
      const k = findSorted(c.indices, i);
      out[r] = applyMap(c.map, k >= 0 ? c.values[k] : data[i]);
    }
    return out;
  });

  let lo = Infinity;
  let hi = -Infinity;
  for (const v of normalised)
    for (let r = 0; r < v.length; r++) {
      if (v[r] < lo) lo = v[r];
      if (v[r] > hi) hi = v[r];
    }
  if (!(hi >= lo)) return { normalization, edges: [], series: conditions.map((c) => ({ condition: c.name, counts: [] })) };
  // A constant ROI gets one unit-wide bin centred on its value.
  if (hi === lo) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, k) => (k === bins ? hi : lo + k * width));
  const series = normalised.map((v, c) => {
    const counts = new Array<number>(bins).fill(0);
    for (let r = 0; r < v.length; r++) {
      const k = Math.min(bins - 1, Math.floor((v[r] - lo) / width));
      counts[k]++;
    }
    return { condition: conditions[c].name, counts };
  });
  return { normalization, edges, series };
}

/** Position of `value` in the increasing array, or −1. */
function findSorted(sorted: Uint32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const m = sorted[mid];
    if (m === value) return mid;
    if (m < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
