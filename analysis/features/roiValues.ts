import { DefaceImpactError } from "../core/errors.js";
import type { PreparedRoi } from "./types.js";

/** The intensities inside the intensity mask, sorted ascending (for percentiles and order statistics). */
export function sortedRoiValues(roi: PreparedRoi): Float64Array {
  const { intensity, intensityMask } = roi;
  let n = 0;
  for (let i = 0; i < intensityMask.length; i++) n += intensityMask[i];
  if (n === 0) throw new DefaceImpactError("input", "the region of interest is empty after processing");
  const out = new Float64Array(n);
  for (let i = 0, o = 0; i < intensityMask.length; i++) if (intensityMask[i]) out[o++] = intensity[i];
  return out.sort();
}

/**
 * p-th percentile (0..100) of sorted values by linear interpolation between closest ranks
 * (the definition IBSI's reference values use: numpy's default, R type 7).
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const h = (n - 1) * (p / 100);
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
