import { maskRange, type Discretised } from "../processing/discretise.js";

/**
 * PyRadiomics' discretisation (imageoperations.getBinEdges + numpy.digitize), which differs from
 * IBSI's fixed bin size (Q3RU): the bin edges are multiples of the bin width (…, −25, 0, 25, 50, …),
 * not offsets from the ROI minimum or the re-segmentation range's lower bound. A voxel's grey level
 * is the number of edges at or below its intensity, so the ROI minimum is always in level 1 and N_g
 * is the highest level present.
 */

export type PyradiomicsBinning = { kind: "width"; binWidth: number } | { kind: "count"; binCount: number };

/**
 * The bin edges PyRadiomics computes from the ROI intensities (min, max):
 * - bin width w: numpy.arange(min − (min mod w), max + 2w, w), i.e. edges e_k = ⌊min/w⌋·w + k·w;
 * - bin count n: numpy.histogram's n + 1 equally spaced edges from min to max (min ± 0.5 for a flat
 *   ROI), the last one raised by 1 so that max falls in bin n.
 */
export function pyradiomicsBinEdges(min: number, max: number, binning: PyradiomicsBinning): Float64Array {
  if (binning.kind === "count") {
    const n = binning.binCount;
    const [lo, hi] = min === max ? [min - 0.5, max + 0.5] : [min, max];
    const step = (hi - lo) / n;
    const edges = new Float64Array(n + 1);
    for (let k = 0; k <= n; k++) edges[k] = k * step + lo; // numpy.linspace: arange(num) * step + start
    edges[n] = hi + 1; // linspace ends exactly at stop; PyRadiomics then adds 1
    return edges;
  }
  const w = binning.binWidth;
  const low = min - pythonModulo(min, w);
  const high = max + 2 * w;
  const count = Math.ceil((high - low) / w); // numpy.arange's length
  if (count <= 1) return Float64Array.from([low - 0.5, low + 0.5]); // PyRadiomics' guard for a single edge
  const edges = new Float64Array(count);
  // numpy.arange: first = start, second = start + w, then start + k·(second − first).
  const step = low + w - low;
  for (let k = 0; k < count; k++) edges[k] = k === 1 ? low + w : low + k * step;
  return edges;
}

/** Python's float `%`: the result has the sign of the divisor. */
export function pythonModulo(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** numpy.digitize(x, edges) for increasing edges: how many edges are <= x. */
export function digitize(x: number, edges: Float64Array): number {
  let lo = 0,
    hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Grey levels of the voxels inside `mask` by PyRadiomics' edges (0 outside). N_g is the highest
 * level present, as PyRadiomics' coefficients["Ng"] (the GLCM's normalised features divide by it).
 */
export function pyradiomicsDiscretise(intensity: ArrayLike<number>, mask: Uint8Array, binning: PyradiomicsBinning): Discretised {
  const [min, max] = maskRange(intensity, mask);
  const levels = new Int32Array(mask.length);
  if (min > max) return { levels, nLevels: 0 };
  const edges = pyradiomicsBinEdges(min, max, binning);
  let nLevels = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const level = digitize(intensity[i], edges);
    levels[i] = level;
    if (level > nLevels) nLevels = level;
  }
  return { levels, nLevels };
}
