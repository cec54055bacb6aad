import { boxDims, cropMask, cropValues, maskBoundingBox } from "../../processing/crop.js";
import type { Vec3 } from "../../core/volume.js";
import { log2 } from "../../core/portableMath.js";
import { fftAxis, nextPow2 } from "./fft3d.js";

/** Moran's I (IBSI N365) and Geary's C (IBSI NPT7) with inverse-distance weights. */
export interface SpatialAutocorrelation {
  moranI: number;
  gearyC: number;
  note?: string;
}

/** Memory the FFT buffers may take by default (bytes); larger boxes are processed in z slabs. */
export const DEFAULT_FFT_MEMORY = 640 * 2 ** 20;

/**
 * Exact Moran's I and Geary's C over the voxels of `mask`, weights w = 1/d (d: Euclidean distance
 * between voxel centres in mm), all pairs k1 != k2, no sampling. The pair sums are convolutions
 * with the kernel w (w(0) = 0): with z = x - μ inside the mask and 0 outside, m the mask,
 *   Σ w           = Σ_i m_i (w*m)_i
 *   Σ w z_i z_j   = Σ_i z_i (w*z)_i
 *   Σ w (x_i-x_j)² = Σ w (z_i² + z_j² - 2 z_i z_j) = 2 Σ_i z_i² (w*m)_i - 2 Σ_i z_i (w*z)_i.
 * Both convolutions come from one complex FFT of m + i·z (w is real, so w*(m + i z) =
 * w*m + i w*z), zero-padded to >= 2n-1 per axis so that the circular convolution equals the linear
 * one on the box: O(L log L) instead of O(N²).
 *
 * A small ROI (see directIsCheaper) sums its pairs directly instead, which costs less than the FFTs.
 *
 * When the padded grid would need more than `maxBytes`, the box is cut into z slabs: for every
 * (target slab S, source slab T) pair the kernel shifted by the slabs' z offset is convolved with
 * T's data and the spectra are summed over T before one inverse per S. Still exact; the work grows
 * with the number of slabs while the memory shrinks.
 */
export function spatialAutocorrelation(
  intensity: Float64Array,
  mask: Uint8Array,
  dims: Vec3,
  spacing: Vec3,
  maxBytes = DEFAULT_FFT_MEMORY,
  method: "auto" | "fft" | "direct" = "auto",
): SpatialAutocorrelation {
  // The FFT grid grows with the box: work on the mask's own bounding box (the prepared ROI's box
  // may carry a margin for the local-intensity sphere).
  const tight = cropToMask(intensity, mask, dims);
  if (tight) return spatialAutocorrelation(tight.intensity, tight.mask, tight.dims, spacing, maxBytes, method);

  const stats = centred(intensity, mask);
  if (stats.count < 2) return undefinedResult("fewer than two voxels in the intensity mask: no voxel pairs");
  if (stats.sumSq === 0) return undefinedResult("all intensities in the intensity mask are equal: Moran's I and Geary's C are 0/0");

  const [nx, ny, nz] = dims;
  const lx = nextPow2(2 * nx - 1);
  const ly = nextPow2(2 * ny - 1);
  if (method === "direct" || (method === "auto" && directIsCheaper(stats.count, lx * ly * nextPow2(2 * nz - 1)))) {
    const sums = directPairSums(intensity, mask, dims, spacing, stats.mean);
    return fromSums(stats.count, sums.sumW, sums.cross, sums.squaredDiff, stats.sumSq);
  }
  // Fewest slabs whose buffers fit: 4 arrays for one slab, 6 (with the spectral sum) for more.
  let slabs = 1;
  const bytes = (s: number) => (s === 1 ? 4 : 6) * 8 * lx * ly * nextPow2(2 * Math.ceil(nz / s) - 1);
  while (slabs < nz && bytes(slabs) > maxBytes) slabs++;
  if (bytes(slabs) > maxBytes) {
    return undefinedResult(
      `the ROI box ${nx}x${ny} voxels in-plane is too large for the exact FFT evaluation within ${Math.round(maxBytes / 2 ** 20)} MB`,
    );
  }
  const t = Math.ceil(nz / slabs);
  const lz = nextPow2(2 * t - 1);
  const size: [number, number, number] = [lx, ly, lz];
  const total = lx * ly * lz;
  // One slab: the kernel is even on the circular grid, so its spectrum is real; it depends only
  // on the box and the spacing, so repeated calls (one per condition of the same ROI) reuse it.
  const evenSpectrum = slabs === 1 ? cachedEvenSpectrum(size, dims, spacing) : undefined;
  const kRe = evenSpectrum ?? new Float64Array(total);
  const kIm = evenSpectrum ? new Float64Array(0) : new Float64Array(total);
  const re = new Float64Array(total);
  const im = new Float64Array(total);
  const accRe = slabs > 1 ? new Float64Array(total) : re;
  const accIm = slabs > 1 ? new Float64Array(total) : im;
  const scale = 1 / total;
  let sumW = 0, cross = 0, sqWeighted = 0;

  for (let S = 0; S < slabs; S++) {
    const s0 = S * t;
    const sThick = Math.min(t, nz - s0);
    if (sThick <= 0) continue;
    if (slabs > 1) {
      accRe.fill(0);
      accIm.fill(0);
    }
    for (let T = 0; T < slabs; T++) {
      const t0 = T * t;
      const tThick = Math.min(t, nz - t0);
      if (tThick <= 0) continue;
      if (!evenSpectrum) {
        fillKernel(kRe, kIm, size, dims, spacing, t, s0 - t0);
        for (const axis of [0, 1, 2] as const) fftAxis(kRe, kIm, size, axis, false);
      }
      // Source slab T packed as m + i z, zero-padded.
      re.fill(0);
      im.fill(0);
      for (let k = 0; k < tThick; k++)
        for (let j = 0; j < ny; j++) {
          const src = nx * (j + ny * (k + t0));
          const dst = lx * (j + ly * k);
          for (let i = 0; i < nx; i++) {
            if (!mask[src + i]) continue;
            re[dst + i] = 1;
            im[dst + i] = intensity[src + i] - stats.mean;
          }
        }
      // Forward: x lines only where data is, then y lines in the slab's planes, then all z lines.
      fftAxis(re, im, size, 0, false, [lx, ny, tThick]);
      fftAxis(re, im, size, 1, false, [lx, ly, tThick]);
      fftAxis(re, im, size, 2, false);
      if (evenSpectrum) {
        for (let p = 0; p < total; p++) {
          re[p] *= evenSpectrum[p];
          im[p] *= evenSpectrum[p];
        }
        continue;
      }
      for (let p = 0; p < total; p++) {
        const xr = re[p] * kRe[p] - im[p] * kIm[p];
        const xi = re[p] * kIm[p] + im[p] * kRe[p];
        if (slabs > 1) {
          accRe[p] += xr;
          accIm[p] += xi;
        } else {
          re[p] = xr;
          im[p] = xi;
        }
      }
    }
    // Inverse: only the lines that lead to outputs inside slab S.
    fftAxis(accRe, accIm, size, 2, true);
    fftAxis(accRe, accIm, size, 1, true, [lx, ly, sThick]);
    fftAxis(accRe, accIm, size, 0, true, [lx, ny, sThick]);
    for (let k = 0; k < sThick; k++)
      for (let j = 0; j < ny; j++) {
        const src = nx * (j + ny * (k + s0));
        const dst = lx * (j + ly * k);
        for (let i = 0; i < nx; i++) {
          if (!mask[src + i]) continue;
          const z = intensity[src + i] - stats.mean;
          const wm = accRe[dst + i] * scale; // (w*m)_i
          const wz = accIm[dst + i] * scale; // (w*z)_i
          sumW += wm;
          cross += z * wz;
          sqWeighted += z * z * wm;
        }
      }
  }
  return fromSums(stats.count, sumW, cross, 2 * sqWeighted - 2 * cross, stats.sumSq);
}

/**
 * Whether summing the N(N-1)/2 pairs directly costs less than the FFTs of a padded grid of
 * `fftPoints` (L): measured in Node once warm, a pair costs about 2 ns (directPairSums) and the FFT
 * path about 3 ns per L·log2 L, more on a first call (the kernel's spectrum, the compiler); so 1.5
 * pairs per L·log2 L. E.g. PyRadiomics' brain1 ROI (4 137 voxels in a thin 47×70×7 box, padded to
 * 128×256×16) is summed directly; a ball of 7 000 voxels (radius 12) goes to the FFT.
 */
function directIsCheaper(voxels: number, fftPoints: number): boolean {
  return (voxels * (voxels - 1)) / 2 < DIRECT_PAIRS_PER_FFT_POINT * fftPoints * log2(fftPoints);
}
const DIRECT_PAIRS_PER_FFT_POINT = 1.5;

/**
 * The pair sums over all ordered pairs k1 != k2, directly: each unordered pair once, doubled. Exact
 * like the FFT path (no sampling); cheaper for small ROIs.
 *
 * The ROI is taken row by row (x-rows of the box). For two rows the y and z offsets are fixed, so a
 * pair's weight depends only on its x offset: one strip of weights per pair of rows, read from a
 * table of every grid offset when that table is small (cheaper than the pairs it serves), else
 * computed for the offsets the two rows span. The strip stays in the L1 cache while the rows' pairs
 * are summed; a pair costs a load instead of a square root and a division (about 3× faster on
 * brain1), and a random lookup into the whole table (which misses the cache) is never made.
 * `table`: force the choice (tests check both give the same bits).
 */
export function directPairSums(
  intensity: Float64Array,
  mask: Uint8Array,
  dims: Vec3,
  spacing: Vec3,
  mean: number,
  table?: boolean,
): { sumW: number; cross: number; squaredDiff: number } {
  const [nx, ny, nz] = dims;
  // the ROI's rows: x positions and centred intensities, in raster order
  const rowFirst = [0];
  const rowJ: number[] = [];
  const rowK: number[] = [];
  const xs: number[] = [];
  const vs: number[] = [];
  for (let k = 0, p = 0; k < nz; k++)
    for (let j = 0; j < ny; j++, p += nx) {
      const before = xs.length;
      for (let i = 0; i < nx; i++) if (mask[p + i]) xs.push(i), vs.push(intensity[p + i] - mean);
      if (xs.length > before) rowFirst.push(xs.length), rowJ.push(j), rowK.push(k);
    }
  const x = Int32Array.from(xs);
  const v = Float64Array.from(vs);
  const rows = rowJ.length;
  const n = v.length;
  // weights by offset: strip (dj, dk) holds di = -(nx-1) .. nx-1 at index di + nx - 1
  const width = 2 * nx - 1;
  const weight = (di: number, dj: number, dk: number): number => {
    const dx = di * spacing[0];
    const dy = dj * spacing[1];
    const dz = dk * spacing[2];
    return 1 / Math.sqrt(dx * dx + dy * dy + dz * dz);
  };
  const tableSize = width * (2 * ny - 1) * nz;
  const useTable = table ?? (tableSize <= MAX_WEIGHT_TABLE && tableSize <= (n * (n - 1)) / 8);
  let weights: Float64Array | undefined;
  if (useTable) {
    weights = new Float64Array(tableSize);
    for (let dk = 0, o = 0; dk < nz; dk++)
      for (let dj = 1 - ny; dj < ny; dj++) for (let di = 1 - nx; di < nx; di++, o++) weights[o] = weight(di, dj, dk);
  }
  const strip = new Float64Array(width);
  let sumW = 0, cross = 0, squaredDiff = 0;
  for (let ra = 0; ra < rows; ra++) {
    const a0 = rowFirst[ra];
    const a1 = rowFirst[ra + 1];
    for (let rb = ra; rb < rows; rb++) {
      const b0 = rowFirst[rb];
      const b1 = rowFirst[rb + 1];
      const dj = rowJ[rb] - rowJ[ra];
      const dk = rowK[rb] - rowK[ra];
      // the strip of this row pair, indexed by xb - xa + nx - 1
      let w: Float64Array;
      if (weights) w = weights.subarray(width * (dj + ny - 1 + (2 * ny - 1) * dk), width * (dj + ny + (2 * ny - 1) * dk));
      else {
        for (let di = x[b0] - x[a1 - 1]; di <= x[b1 - 1] - x[a0]; di++) strip[di + nx - 1] = weight(di, dj, dk);
        w = strip;
      }
      for (let a = a0; a < a1; a++) {
        const o = nx - 1 - x[a];
        const va = v[a];
        // per voxel a: Σ w, Σ w·v_b and Σ w·(v_a − v_b)² over its partners, in two interleaved
        // halves (independent additions, so the processor overlaps them)
        let w0 = 0, w1 = 0, c0 = 0, c1 = 0, d0 = 0, d1 = 0;
        let b = rb === ra ? a + 1 : b0;
        for (; b + 1 < b1; b += 2) {
          const we = w[x[b] + o];
          const wo = w[x[b + 1] + o];
          const ve = v[b];
          const vo = v[b + 1];
          const de = va - ve;
          const dd = va - vo;
          w0 += we;
          w1 += wo;
          c0 += we * ve;
          c1 += wo * vo;
          d0 += we * de * de;
          d1 += wo * dd * dd;
        }
        if (b < b1) {
          const we = w[x[b] + o];
          const de = va - v[b];
          w0 += we;
          c0 += we * v[b];
          d0 += we * de * de;
        }
        sumW += w0 + w1;
        cross += va * (c0 + c1);
        squaredDiff += d0 + d1;
      }
    }
  }
  return { sumW: 2 * sumW, cross: 2 * cross, squaredDiff: 2 * squaredDiff };
}
/** Largest table of weights by offset (entries; 16 MiB): beyond it each row pair computes its own strip. */
const MAX_WEIGHT_TABLE = 2 ** 21;

/** The intensities and mask on the mask's bounding box, or undefined when the box is already tight. */
function cropToMask(
  intensity: Float64Array,
  mask: Uint8Array,
  dims: Vec3,
): { intensity: Float64Array; mask: Uint8Array; dims: Vec3 } | undefined {
  const box = maskBoundingBox(mask, dims);
  if (!box) return undefined;
  const size = boxDims(box);
  if (size[0] === dims[0] && size[1] === dims[1] && size[2] === dims[2]) return undefined;
  return { intensity: cropValues(intensity, dims, box), mask: cropMask(mask, dims, box), dims: size };
}

let spectrumCache: { key: string; spectrum: Float64Array } | undefined;

/** Real spectrum of the unshifted (even) kernel for a whole box; the last one is kept. */
function cachedEvenSpectrum(size: readonly [number, number, number], dims: Vec3, spacing: Vec3): Float64Array {
  const key = [...size, ...dims, ...spacing].join(",");
  if (spectrumCache?.key === key) return spectrumCache.spectrum;
  spectrumCache = undefined; // release the old one before allocating
  const total = size[0] * size[1] * size[2];
  const kRe = new Float64Array(total);
  const kIm = new Float64Array(total);
  fillKernel(kRe, kIm, size, dims, spacing, dims[2], 0);
  for (const axis of [0, 1, 2] as const) fftAxis(kRe, kIm, size, axis, false);
  spectrumCache = { key, spectrum: kRe };
  return kRe;
}

/**
 * Inverse-distance kernel on the circular grid `size` for slabs of thickness t whose z origins
 * differ by dzSlab (target minus source): entry (a, b, c) holds w for the offset whose x, y and
 * local z parts are a, b, c taken as signed (negative ones wrapped to the end).
 */
function fillKernel(
  kRe: Float64Array,
  kIm: Float64Array,
  size: readonly [number, number, number],
  dims: Vec3,
  spacing: Vec3,
  t: number,
  dzSlab: number,
): void {
  const [lx, ly, lz] = size;
  kRe.fill(0);
  kIm.fill(0);
  const signed = (o: number, l: number, n: number) => (o < n ? o : o > l - n ? o - l : NaN);
  for (let c = 0; c < lz; c++) {
    const dz = (signed(c, lz, t) + dzSlab) * spacing[2];
    if (Number.isNaN(dz)) continue;
    for (let b = 0; b < ly; b++) {
      const dy = signed(b, ly, dims[1]) * spacing[1];
      if (Number.isNaN(dy)) continue;
      const row = lx * (b + ly * c);
      for (let a = 0; a < lx; a++) {
        const dx = signed(a, lx, dims[0]) * spacing[0];
        if (Number.isNaN(dx)) continue;
        const d2 = dx * dx + dy * dy + dz * dz;
        kRe[row + a] = d2 > 0 ? 1 / Math.sqrt(d2) : 0;
      }
    }
  }
}

/** Direct O(N²) pair sums: the definition itself, for tests and tiny ROIs. */
export function spatialAutocorrelationNaive(
  intensity: Float64Array,
  mask: Uint8Array,
  dims: Vec3,
  spacing: Vec3,
): SpatialAutocorrelation {
  const stats = centred(intensity, mask);
  if (stats.count < 2) return undefinedResult("fewer than two voxels in the intensity mask: no voxel pairs");
  if (stats.sumSq === 0) return undefinedResult("all intensities in the intensity mask are equal: Moran's I and Geary's C are 0/0");
  const [nx, ny] = dims;
  const pos: number[] = [];
  const val: number[] = [];
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    const i = p % nx, j = Math.floor(p / nx) % ny, k = Math.floor(p / (nx * ny));
    pos.push(i * spacing[0], j * spacing[1], k * spacing[2]);
    val.push(intensity[p]);
  }
  let sumW = 0, cross = 0, diff = 0;
  for (let a = 0; a < val.length; a++)
    for (let b = 0; b < val.length; b++) {
      if (a === b) continue;
      const w = 1 / Math.hypot(pos[3 * a] - pos[3 * b], pos[3 * a + 1] - pos[3 * b + 1], pos[3 * a + 2] - pos[3 * b + 2]);
      sumW += w;
      cross += w * (val[a] - stats.mean) * (val[b] - stats.mean);
      diff += w * (val[a] - val[b]) ** 2;
    }
  return fromSums(stats.count, sumW, cross, diff, stats.sumSq);
}

function centred(intensity: Float64Array, mask: Uint8Array): { count: number; mean: number; sumSq: number } {
  let count = 0, sum = 0;
  for (let p = 0; p < mask.length; p++)
    if (mask[p]) {
      count++;
      sum += intensity[p];
    }
  const mean = count ? sum / count : NaN;
  let sumSq = 0;
  for (let p = 0; p < mask.length; p++) if (mask[p]) sumSq += (intensity[p] - mean) ** 2;
  return { count, mean, sumSq };
}

function fromSums(n: number, sumW: number, cross: number, squaredDiff: number, sumSq: number): SpatialAutocorrelation {
  return {
    moranI: ((n / sumW) * cross) / sumSq, // IBSI N365
    gearyC: (((n - 1) / (2 * sumW)) * squaredDiff) / sumSq, // IBSI NPT7
  };
}

const undefinedResult = (note: string): SpatialAutocorrelation => ({ moranI: NaN, gearyC: NaN, note });
