import * as portable from "../../core/portableMath.js";

/**
 * Radix-2 complex FFT on split real/imaginary Float64Arrays, and its 3D form applied one axis at a
 * time. Twiddles are computed directly (cos/sin per index, no recurrence) to keep rounding at the
 * ε·log2(n) level the exact Moran/Geary sums rely on.
 */
export class Fft1d {
  readonly n: number;
  readonly cosTable: Float64Array;
  readonly sinTable: Float64Array;
  readonly reversal: Uint32Array;

  constructor(n: number) {
    if (n < 1 || (n & (n - 1)) !== 0) throw new Error(`FFT length ${n} is not a power of two`);
    this.n = n;
    this.cosTable = new Float64Array(n / 2);
    this.sinTable = new Float64Array(n / 2);
    for (let k = 0; k < n / 2; k++) {
      this.cosTable[k] = portable.cos((2 * Math.PI * k) / n);
      this.sinTable[k] = portable.sin((2 * Math.PI * k) / n);
    }
    this.reversal = new Uint32Array(n);
    const bits = portable.log2(n);
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.reversal[i] = r;
    }
  }

  /** In-place unscaled transform: forward uses e^{-2πi jk/n}, inverse e^{+2πi jk/n}. */
  transform(re: Float64Array, im: Float64Array, inverse: boolean, offset = 0): void {
    const { n } = this;
    const rev = this.reversal, cos = this.cosTable, sin = this.sinTable;
    for (let i = 0; i < n; i++) {
      const j = rev[i];
      if (j > i) {
        const a = offset + i;
        const b = offset + j;
        let t = re[a];
        re[a] = re[b];
        re[b] = t;
        t = im[a];
        im[a] = im[b];
        im[b] = t;
      }
    }
    const sign = inverse ? 1 : -1;
    for (let size = 2; size <= n; size <<= 1) {
      const half = size >> 1;
      const step = n / size;
      for (let start = offset; start < offset + n; start += size) {
        for (let j = 0, k = 0; j < half; j++, k += step) {
          const wr = cos[k];
          const wi = sign * sin[k];
          const a = start + j;
          const b = a + half;
          const xr = re[b] * wr - im[b] * wi;
          const xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
  }
}

/** Smallest power of two >= n. */
export const nextPow2 = (n: number): number => 2 ** Math.ceil(portable.log2(Math.max(1, n)));

/**
 * Radix-2 transform of `n` elements spaced `stride` apart, starting at `offset`, where every
 * element is a contiguous block of `block` values transformed in lockstep. block = 1 is a plain
 * strided line; large blocks make the y and z passes of a 3D FFT run over contiguous memory.
 */
function transformBlocked(
  fft: Fft1d,
  re: Float64Array,
  im: Float64Array,
  offset: number,
  stride: number,
  block: number,
  inverse: boolean,
): void {
  const n = fft.n;
  const rev = fft.reversal;
  for (let i = 0; i < n; i++) {
    const j = rev[i];
    if (j <= i) continue;
    const pi = offset + i * stride;
    const pj = offset + j * stride;
    for (let v = 0; v < block; v++) {
      let t = re[pi + v];
      re[pi + v] = re[pj + v];
      re[pj + v] = t;
      t = im[pi + v];
      im[pi + v] = im[pj + v];
      im[pj + v] = t;
    }
  }
  const sign = inverse ? 1 : -1;
  const cos = fft.cosTable;
  const sin = fft.sinTable;
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let j = 0, k = 0; j < half; j++, k += step) {
        const wr = cos[k];
        const wi = sign * sin[k];
        const pa = offset + (start + j) * stride;
        const pb = pa + half * stride;
        for (let v = 0; v < block; v++) {
          const a = pa + v;
          const b = pb + v;
          const br = re[b];
          const bi = im[b];
          const xr = br * wr - bi * wi;
          const xi = br * wi + bi * wr;
          const ar = re[a];
          const ai = im[a];
          re[b] = ar - xr;
          im[b] = ai - xi;
          re[a] = ar + xr;
          im[a] = ai + xi;
        }
      }
    }
  }
}

/**
 * Transforms a 3D array (x fastest, sizes `size`) along one axis, only on the lines whose other
 * two coordinates are below `limit` (the rest are known to be zero, or not needed). The y and z
 * passes move whole x rows (or y-limited planes) at once, so memory is read contiguously.
 */
export function fftAxis(
  re: Float64Array,
  im: Float64Array,
  size: readonly [number, number, number],
  axis: 0 | 1 | 2,
  inverse: boolean,
  limit: readonly [number, number, number] = size,
): void {
  const [lx, ly] = size;
  const n = size[axis];
  if (n === 1) return;
  const fft = new Fft1d(n);
  if (axis === 0) {
    for (let c = 0; c < limit[2]; c++)
      for (let b = 0; b < limit[1]; b++) fft.transform(re, im, inverse, lx * (b + ly * c));
  } else if (axis === 1) {
    for (let c = 0; c < limit[2]; c++) transformBlocked(fft, re, im, lx * ly * c, lx, limit[0], inverse);
  } else {
    // Rows y < limit[1] of every plane form a contiguous prefix of the plane.
    transformBlocked(fft, re, im, 0, lx * ly, lx * (limit[1] - 1) + limit[0], inverse);
  }
}
