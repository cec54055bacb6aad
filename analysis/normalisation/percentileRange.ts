import { endOfStretch, type Mask, maskWords, type VoxelArray } from "../core/volume.js";

/**
 * The values of a region, sorted: the percentile normalisation's order statistics come from here.
 * Integer voxels over a modest range (CT's int16, MR's uint8/uint16) are sorted by counting each
 * value, in one pass instead of O(n log n); other voxel types by a numeric sort (sortValues).
 */
export function sortedRegionValues(data: VoxelArray, region: Mask): Float64Array {
  // the region's voxels in index order, runs of four outside it skipped a word at a time
  const words = maskWords(region);
  const n = region.length;
  const next = (i: number) => endOfStretch(region, words, i, n, 0);
  let count = 0;
  for (let i = next(0); i < n; i = next(i + 1)) count++;
  const out = new Float64Array(count);
  for (let i = next(0), o = 0; i < n; i = next(i + 1)) out[o++] = data[i];
  return sortValues(out, data);
}

/** Values at `indices` that lie inside the region, sorted (the voxels a condition takes out of it). */
export function sortedValuesAt(data: VoxelArray, indices: Uint32Array, region: Mask): Float64Array {
  let n = 0;
  for (let m = 0; m < indices.length; m++) if (region[indices[m]]) n++;
  const out = new Float64Array(n);
  for (let m = 0, o = 0; m < indices.length; m++) if (region[indices[m]]) out[o++] = data[indices[m]];
  return sortValues(out, data);
}

/**
 * Sorts values read from `data` in place: by counting when the voxels are integers over a range not
 * much wider than their number, else by a numeric sort (the same array either way).
 */
function sortValues(values: Float64Array, data: VoxelArray): Float64Array {
  const n = values.length;
  if (n === 0 || data instanceof Float32Array || data instanceof Float64Array) return values.sort();
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (hi - lo >= COUNTING_RANGE || hi - lo > 16 * n) return values.sort();
  const counts = new Uint32Array(hi - lo + 1);
  for (let i = 0; i < n; i++) counts[values[i] - lo]++;
  for (let c = 0, o = 0; c < counts.length; c++) if (counts[c]) values.fill(lo + c, o, (o += counts[c]));
  return values;
}

/** Widest integer range sorted by counting (a 4 MiB count array). */
const COUNTING_RANGE = 1 << 20;

/**
 * The k-th smallest (0-based) value of `sorted` after removing the multiset `removed` (sorted, each
 * element present in `sorted`): the first value v of `sorted` of which more than k kept values are
 * ≤ v, found by bisection (O(log² n); no re-sort and no walk per condition). NaN when fewer than
 * k + 1 values are kept.
 */
function orderStatisticWithout(sorted: Float64Array, removed: Float64Array, k: number): number {
  if (!(k >= 0 && k < sorted.length - removed.length)) return NaN;
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid];
    if (countAtMost(sorted, v) - countAtMost(removed, v) > k) hi = mid;
    else lo = mid + 1;
  }
  return sorted[lo];
}

/** How many values of the increasing array are ≤ v. */
function countAtMost(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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

