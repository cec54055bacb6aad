/**
 * Radix-2 complex FFT on split real/imaginary Float64Arrays, and its 3D form applied one axis at a
 * time. Twiddles are computed directly (cos/sin per index, no recurrence) to keep rounding at the
 * ε·log2(n) level the exact Moran/Geary sums rely on.
 */
export class Fft1d {
  readonly n: number;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly rev: Uint32Array;

  constructor(n: number) {
    if (n < 1 || (n & (n - 1)) !== 0) throw new Error(`FFT length ${n} is not a power of two`);
    this.n = n;
    this.cos = new Float64Array(n / 2);
    this.sin = new Float64Array(n / 2);
    for (let k = 0; k < n / 2; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / n);
      this.sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
    this.rev = new Uint32Array(n);
    const bits = Math.log2(n);
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.rev[i] = r;
    }
  }

  /** In-place unscaled transform: forward uses e^{-2πi jk/n}, inverse e^{+2πi jk/n}. */
  transform(re: Float64Array, im: Float64Array, inverse: boolean): void {
    const { n, rev, cos, sin } = this;
    for (let i = 0; i < n; i++) {
      const j = rev[i];
      if (j > i) {
        let t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    const sign = inverse ? 1 : -1;
    for (let size = 2; size <= n; size <<= 1) {
      const half = size >> 1;
      const step = n / size;
      for (let start = 0; start < n; start += size) {
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
export const nextPow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(1, n)));

/**
 * Transforms a 3D array (x fastest, sizes `size`) along one axis, only on the lines whose other
 * two coordinates are below `limit` (the rest are known to be zero, or not needed).
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
  const strides = [1, lx, lx * ly];
  const n = size[axis];
  if (n === 1) return;
  const fft = new Fft1d(n);
  const u = (axis + 1) % 3;
  const v = (axis + 2) % 3;
  const bufRe = new Float64Array(n);
  const bufIm = new Float64Array(n);
  const stride = strides[axis];
  for (let b = 0; b < limit[v]; b++) {
    for (let a = 0; a < limit[u]; a++) {
      const base = a * strides[u] + b * strides[v];
      for (let t = 0, p = base; t < n; t++, p += stride) {
        bufRe[t] = re[p];
        bufIm[t] = im[p];
      }
      fft.transform(bufRe, bufIm, inverse);
      for (let t = 0, p = base; t < n; t++, p += stride) {
        re[p] = bufRe[t];
        im[p] = bufIm[t];
      }
    }
  }
}
