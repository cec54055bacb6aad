import type { Mask, Volume } from "../analysis/core/volume.js";

/**
 * Blur fill: the removed region is replaced by a heavily smoothed copy of itself (an approximate
 * Gaussian of standard deviation `sigmaMm`: three passes of a box filter per axis). The face keeps
 * its rough shape and intensities but loses its features. Smoothing runs on the mask's bounding box
 * grown by 3·sigma, not the whole volume.
 */
export function blurFillValues(volume: Volume, indices: Uint32Array, mask: Mask, sigmaMm = 8): Float64Array {
  const [nx, ny, nz] = volume.dims;
  const lo = [nx, ny, nz];
  const hi = [-1, -1, -1];
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++)
        if (mask[v]) {
          const p = [i, j, k];
          for (let a = 0; a < 3; a++) (lo[a] = Math.min(lo[a], p[a])), (hi[a] = Math.max(hi[a], p[a]));
        }
  const out = new Float64Array(indices.length);
  if (hi[0] < 0) return out;
  // box half-width r per axis: three passes of a box of width 2r+1 have variance 3·((2r+1)² − 1)/12
  const radius = volume.spacing.map((s) => Math.max(1, Math.round((Math.sqrt(4 * (sigmaMm / s) ** 2 + 1) - 1) / 2)));
  const b0 = lo.map((l, a) => Math.max(0, l - 3 * radius[a]));
  const b1 = hi.map((h, a) => Math.min(volume.dims[a] - 1, h + 3 * radius[a]));
  const bx = b1[0] - b0[0] + 1;
  const by = b1[1] - b0[1] + 1;
  const bz = b1[2] - b0[2] + 1;
  let box = new Float64Array(bx * by * bz);
  for (let k = 0; k < bz; k++)
    for (let j = 0; j < by; j++)
      for (let i = 0; i < bx; i++) box[i + bx * (j + by * k)] = volume.data[b0[0] + i + nx * (b0[1] + j + ny * (b0[2] + k))];
  const bdims = [bx, by, bz];
  const strides = [1, bx, bx * by];
  let tmp = new Float64Array(box.length);
  const line = new Float64Array(Math.max(bx, by, bz) + 1);
  for (let a = 0; a < 3; a++)
    for (let pass = 0; pass < 3; pass++) {
      const n = bdims[a];
      const s = strides[a];
      const r = radius[a];
      const [o1, o2] = [0, 1, 2].filter((x) => x !== a);
      for (let q = 0; q < bdims[o2]; q++)
        for (let p = 0; p < bdims[o1]; p++) {
          const start = p * strides[o1] + q * strides[o2];
          // running sum with clamped (edge-replicated) borders
          line[0] = 0;
          for (let t = 0; t < n; t++) line[t + 1] = line[t] + box[start + t * s];
          for (let t = 0; t < n; t++) {
            const from = Math.max(0, t - r);
            const to = Math.min(n - 1, t + r);
            tmp[start + t * s] = (line[to + 1] - line[from]) / (to - from + 1);
          }
        }
      [box, tmp] = [tmp, box];
    }
  for (let m = 0; m < indices.length; m++) {
    const v = indices[m];
    const i = v % nx;
    const j = ((v - i) / nx) % ny;
    const k = (v - i - nx * j) / (nx * ny);
    out[m] = box[i - b0[0] + bx * (j - b0[1] + by * (k - b0[2]))];
  }
  return out;
}
