/**
 * Otsu's threshold (Otsu 1979): the cut of a 256-bin histogram that maximises the between-class
 * variance w0·w1·(mu0 − mu1)². `value > threshold` is the high class; when several cuts tie (an
 * empty gap between the classes) the middle of the gap is returned.
 *
 * Integer images (CT, and most MR) are counted per value first (integerValueCounts): each value
 * then falls in its bin once, with its count, instead of once per voxel; the histogram, and so the
 * threshold, is the same to the bit.
 */
export function otsuThreshold(values: ArrayLike<number>, bins = 256): number {
  const counted = integerValueCounts(values);
  return counted ? otsuOfCounts(counted.values, counted.counts, bins) : otsuOfCounts(values, undefined, bins);
}

/**
 * Otsu's threshold of a sample given as values and how often each occurs (undefined: once each).
 * NaN values count in the total but fall in no bin.
 */
export function otsuOfCounts(values: ArrayLike<number>, counts: ArrayLike<number> | undefined, bins = 256): number {
  let lo = Infinity;
  let hi = -Infinity;
  let total = counts ? 0 : values.length;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (counts) total += counts[i];
  }
  if (!(hi > lo)) return lo;
  const width = (hi - lo) / bins;
  const hist = new Float64Array(bins);
  if (counts) for (let i = 0; i < values.length; i++) hist[Math.min(bins - 1, Math.floor((values[i] - lo) / width))] += counts[i];
  else for (let i = 0; i < values.length; i++) hist[Math.min(bins - 1, Math.floor((values[i] - lo) / width))]++;
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

/** Widest range of integer values counted per value (4 MiB of counts); a wider one is binned voxel by voxel. */
const MAX_COUNTED_RANGE = 1 << 20;

/**
 * The distinct values of `data`, ascending, and how many voxels hold each; undefined unless every
 * value is a finite integer and they span at most MAX_COUNTED_RANGE.
 */
export function integerValueCounts(data: ArrayLike<number>): { values: Float64Array; counts: Float64Array } | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isInteger(v)) return undefined;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi >= lo) || hi - lo >= MAX_COUNTED_RANGE) return undefined;
  const perValue = new Uint32Array(hi - lo + 1);
  for (let i = 0; i < data.length; i++) perValue[data[i] - lo]++;
  let distinct = 0;
  for (let k = 0; k < perValue.length; k++) if (perValue[k]) distinct++;
  const values = new Float64Array(distinct);
  const counts = new Float64Array(distinct);
  for (let k = 0, n = 0; k < perValue.length; k++)
    if (perValue[k]) {
      values[n] = lo + k;
      counts[n++] = perValue[k];
    }
  return { values, counts };
}
