import type { Vec3 } from "../../core/volume.js";
import { fftAxis, nextPow2 } from "./fft3d.js";

/** Moran's I (IBSI N365) and Geary's C (IBSI NPT7) with inverse-distance weights. */
export interface SpatialAutocorrelation {
  moranI: number;
  gearyC: number;
  note?: string;
}

/**
 * Exact Moran's I and Geary's C over the voxels of `mask`, weights w = 1/d (d: Euclidean distance
 * between voxel centres in mm), all pairs k1 != k2, no sampling. The pair sums are convolutions
 * with the kernel w (w(0) = 0): with z = x - μ inside the mask and 0 outside, m the mask,
 *   Σ w           = Σ_i m_i (w*m)_i
 *   Σ w z_i z_j   = Σ_i z_i (w*z)_i
 *   Σ w (x_i-x_j)² = Σ w (z_i² + z_j² - 2 z_i z_j) = 2 Σ_i z_i² (w*m)_i - 2 Σ_i z_i (w*z)_i.
 * Both convolutions come from one complex FFT of m + i·z (w is real and even, so its spectrum is
 * real and the real and imaginary parts do not mix), zero-padded to >= 2n-1 per axis so the
 * circular convolution equals the linear one on the box: O(L log L) instead of O(N²).
 */
export function spatialAutocorrelation(
  intensity: Float64Array,
  mask: Uint8Array,
  dims: Vec3,
  spacing: Vec3,
): SpatialAutocorrelation {
  const stats = centred(intensity, mask);
  if (stats.count < 2) return undefinedResult("fewer than two voxels in the intensity mask: no voxel pairs");
  if (stats.sumSq === 0) return undefinedResult("all intensities in the intensity mask are equal: Moran's I and Geary's C are 0/0");

  const [nx, ny, nz] = dims;
  const size: [number, number, number] = [nextPow2(2 * nx - 1), nextPow2(2 * ny - 1), nextPow2(2 * nz - 1)];
  const [lx, ly, lz] = size;
  const total = lx * ly * lz;

  // Kernel spectrum (real part only: the kernel is even on the circular grid).
  const kRe = new Float64Array(total);
  {
    const kIm = new Float64Array(total);
    const offset = (o: number, l: number, n: number) => (o < n ? o : o > l - n ? o - l : NaN);
    for (let c = 0; c < lz; c++) {
      const dz = offset(c, lz, nz) * spacing[2];
      if (Number.isNaN(dz)) continue;
      for (let b = 0; b < ly; b++) {
        const dy = offset(b, ly, ny) * spacing[1];
        if (Number.isNaN(dy)) continue;
        const row = lx * (b + ly * c);
        for (let a = 0; a < lx; a++) {
          const dx = offset(a, lx, nx) * spacing[0];
          if (Number.isNaN(dx)) continue;
          const d2 = dx * dx + dy * dy + dz * dz;
          kRe[row + a] = d2 > 0 ? 1 / Math.sqrt(d2) : 0;
        }
      }
    }
    for (const axis of [0, 1, 2] as const) fftAxis(kRe, kIm, size, axis, false);
  }

  // Packed signal m + i z, zero-padded.
  const re = new Float64Array(total);
  const im = new Float64Array(total);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) {
      const src = nx * (j + ny * k);
      const dst = lx * (j + ly * k);
      for (let i = 0; i < nx; i++) {
        if (!mask[src + i]) continue;
        re[dst + i] = 1;
        im[dst + i] = intensity[src + i] - stats.mean;
      }
    }
  // Forward: x lines only where data is (y < ny, z < nz), then y lines in z < nz, then all z lines.
  fftAxis(re, im, size, 0, false, [lx, ny, nz]);
  fftAxis(re, im, size, 1, false, [lx, ly, nz]);
  fftAxis(re, im, size, 2, false);
  for (let p = 0; p < total; p++) {
    re[p] *= kRe[p];
    im[p] *= kRe[p];
  }
  // Inverse: only the lines that lead to outputs inside the box.
  fftAxis(re, im, size, 2, true);
  fftAxis(re, im, size, 1, true, [lx, ly, nz]);
  fftAxis(re, im, size, 0, true, [lx, ny, nz]);

  const scale = 1 / total;
  let sumW = 0, cross = 0, sqWeighted = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) {
      const src = nx * (j + ny * k);
      const dst = lx * (j + ly * k);
      for (let i = 0; i < nx; i++) {
        if (!mask[src + i]) continue;
        const z = intensity[src + i] - stats.mean;
        const wm = re[dst + i] * scale; // (w*m)_i
        const wz = im[dst + i] * scale; // (w*z)_i
        sumW += wm;
        cross += z * wz;
        sqWeighted += z * z * wm;
      }
    }
  return fromSums(stats.count, sumW, cross, 2 * sqWeighted - 2 * cross, stats.sumSq);
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
