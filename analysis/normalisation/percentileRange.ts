import type { Mask, VoxelArray } from "../core/volume.js";

/**
 * The values of a region, sorted: the percentile normalisation's order statistics come from here.
 * Integer voxels over a modest range (CT's int16, MR's uint8/uint16) are sorted by counting each
 * value, in one pass instead of O(n log n); other voxel types by a numeric sort. Same array either way.
 */
export function sortedRegionValues(data: VoxelArray, region: Mask): Float64Array {
  let n = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < region.length; i++)
    if (region[i]) {
      n++;
      const v = data[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  const out = new Float64Array(n);
  const integer = !(data instanceof Float32Array || data instanceof Float64Array);
  if (n > 0 && integer && hi - lo < COUNTING_RANGE) {
    const counts = new Uint32Array(hi - lo + 1);
    for (let i = 0; i < region.length; i++) if (region[i]) counts[data[i] - lo]++;
    for (let c = 0, o = 0; c < counts.length; c++) if (counts[c]) out.fill(lo + c, o, (o += counts[c]));
    return out;
  }
  for (let i = 0, o = 0; i < region.length; i++) if (region[i]) out[o++] = data[i];
  return out.sort();
}

/** Widest integer range sorted by counting (a 4 MiB count array). */
const COUNTING_RANGE = 1 << 20;

/**
 * The k-th smallest (0-based) value of `sorted` after removing the multiset `removed` (sorted, each
 * element present in `sorted`): a two-pointer walk, O(k + |removed|), no re-sort per condition.
 */
function orderStatisticWithout(sorted: Float64Array, removed: Float64Array, k: number): number {
  let r = 0;
  let kept = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (r < removed.length && removed[r] === sorted[i]) {
      r++;
      continue;
    }
    if (++kept === k) return sorted[i];
  }
  return NaN;
}

/**
 * p-th percentile (linear interpolation between closest ranks, as numpy's default) of the region's
 * values minus the removed ones.
 */
export function percentileWithout(sorted: Float64Array, removed: Float64Array, p: number): number {
  const n = sorted.length - removed.length;
  const h = (n - 1) * (p / 100);
  const lo = Math.floor(h);
  const a = orderStatisticWithout(sorted, removed, lo);
  if (h === lo) return a;
  const b = orderStatisticWithout(sorted, removed, lo + 1);
  return a + (h - lo) * (b - a);
}

/** Values at `indices` that lie inside the region, sorted (the voxels a condition takes out of it). */
export function sortedValuesAt(data: VoxelArray, indices: Uint32Array, region: Mask): Float64Array {
  const out: number[] = [];
  for (let n = 0; n < indices.length; n++) if (region[indices[n]]) out.push(data[indices[n]]);
  return Float64Array.from(out).sort();
}
