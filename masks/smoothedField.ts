import type { Mask, Vec3, VoxelArray } from "../analysis/core/volume.js";

/** Voxels an image replaced: 0/1 on the grid, their indices (increasing) and their new values. */
export interface VoxelChange {
  mask: Mask;
  indices: Uint32Array;
  values: Float64Array;
}

/** Edge of the cubic blocks the field is computed in (a power of two). */
const BLOCK = 8;
const SHIFT = 3;
const LOW = BLOCK - 1;

/**
 * An image smoothed by a box of 2·radius + 1 voxels (radius 1: a light 3×3×3 box, so the
 * iso-surface of a noisy scan is not speckled; radius 2 for the normals, so the steps of a voxel
 * mask average out): three separable passes of the mean of the 2·radius + 1 values around each voxel
 * along x, then y, then z, edge values replicated, each pass stored as float32. Voxels outside
 * `within` read as `outside`.
 *
 * A render samples only near the skin, so the field is computed lazily, one 8³ block at a time,
 * when a sample first needs it: each value is the one smoothing the whole volume would give.
 * A changed image (`change`, e.g. a defacing) shares the blocks of `base` (the same image before
 * the change) that no changed voxel can reach, and computes only the others.
 */
export class SmoothedField {
  readonly dims: Vec3;
  private readonly nbx: number;
  private readonly nby: number;
  private readonly blocks: (Float32Array | undefined)[];
  /** blocks within one voxel of a changed voxel: computed here, not taken from `base`. */
  private readonly dirty: Uint8Array | undefined;
  private readonly uniformChange: number | undefined;
  private scratch: { x: Float32Array; y: Float32Array; row: Float64Array } | undefined;

  constructor(
    private readonly data: VoxelArray,
    dims: Vec3,
    private readonly within: Mask | undefined,
    private readonly outside: number,
    private readonly change?: VoxelChange,
    private readonly base?: SmoothedField,
    private readonly radius = 1,
  ) {
    this.dims = dims;
    this.nbx = Math.ceil(dims[0] / BLOCK);
    this.nby = Math.ceil(dims[1] / BLOCK);
    const count = this.nbx * this.nby * Math.ceil(dims[2] / BLOCK);
    this.blocks = new Array(count).fill(undefined);
    if (change) {
      this.dirty = new Uint8Array(count);
      const [nx, ny, nz] = dims;
      const { nbx, nby } = this;
      const dirty = this.dirty;
      const r = radius;
      const indices = change.indices;
      // run by run along x (indices increase): a shear defacing changes millions of voxels, in rows
      for (let n = 0; n < indices.length; ) {
        const v = indices[n];
        const i = v % nx;
        const j = Math.floor(v / nx) % ny;
        const k = Math.floor(v / (nx * ny));
        let last = i; // the run's last x
        for (n++; n < indices.length && indices[n] === v + (last - i) + 1 && last + 1 < nx; n++) last++;
        // the blocks of the voxels within `radius` of the run (at most two blocks along y and z)
        const bi0 = Math.max(0, i - r) >> SHIFT;
        const bi1 = Math.min(nx - 1, last + r) >> SHIFT;
        const bj0 = Math.max(0, j - r) >> SHIFT;
        const bj1 = Math.min(ny - 1, j + r) >> SHIFT;
        const bk0 = Math.max(0, k - r) >> SHIFT;
        const bk1 = Math.min(nz - 1, k + r) >> SHIFT;
        for (let bk = bk0; bk <= bk1; bk++)
          for (let bj = bj0; bj <= bj1; bj++) for (let bi = bi0; bi <= bi1; bi++) dirty[bi + nbx * (bj + nby * bk)] = 1;
      }
      this.uniformChange = uniformValue(change.values);
    }
  }

  private blockOf(i: number, j: number, k: number): number {
    return (i >> SHIFT) + this.nbx * ((j >> SHIFT) + this.nby * (k >> SHIFT));
  }

  /** The smoothed value at voxel (i, j, k) of the grid. */
  at(i: number, j: number, k: number): number {
    return this.blockAround(i, j, k)[blockOffset(i, j, k)];
  }

  /** The block holding voxel (i, j, k), values at blockOffset (neighbours in the block: +1, +BLOCK, +BLOCK²). */
  blockAround(i: number, j: number, k: number): Float32Array {
    const b = this.blockOf(i, j, k);
    return this.blocks[b] ?? this.fetch(b);
  }

  private fetch(b: number): Float32Array {
    const block = this.base && !this.dirty![b] ? this.base.blockAt(b) : this.compute(b);
    this.blocks[b] = block;
    return block;
  }

  private blockAt(b: number): Float32Array {
    return this.blocks[b] ?? this.fetch(b);
  }

  /** The new value of changed voxel v as float32 (the smoothing starts from a float32 copy of the image). */
  private changedValue(v: number): number {
    const c = this.change!;
    return Math.fround(this.uniformChange ?? c.values[lowerBound(c.indices, v)]);
  }

  private compute(b: number): Float32Array {
    const [nx, ny, nz] = this.dims;
    const r = this.radius;
    const width = 2 * r + 1;
    const bi = b % this.nbx;
    const bj = Math.floor(b / this.nbx) % this.nby;
    const bk = Math.floor(b / (this.nbx * this.nby));
    const [i0, j0, k0] = [bi * BLOCK, bj * BLOCK, bk * BLOCK];
    const [i1, j1, k1] = [Math.min(nx, i0 + BLOCK), Math.min(ny, j0 + BLOCK), Math.min(nz, k0 + BLOCK)];
    // x pass over the block's rows and `r` rows/slices beyond in y and z (clipped to the grid)
    const ja = Math.max(0, j0 - r);
    const jb = Math.min(ny, j1 + r);
    const ka = Math.max(0, k0 - r);
    const kb = Math.min(nz, k1 + r);
    const w = i1 - i0;
    const h = jb - ja;
    // the passes' buffers are this field's, reused by every block (a run computes thousands)
    const { x, y, row } = (this.scratch ??= {
      x: new Float32Array(BLOCK * (BLOCK + 2 * r) * (BLOCK + 2 * r)),
      y: new Float32Array(BLOCK * BLOCK * (BLOCK + 2 * r)),
      row: new Float64Array(BLOCK + 2 * r),
    });
    const clamp = (p: number, n: number) => (p < 0 ? 0 : p >= n ? n - 1 : p);
    const data = this.data;
    const changed = this.change?.mask;
    for (let k = ka, o = 0; k < kb; k++)
      for (let j = ja; j < jb; j++) {
        const base = nx * (j + ny * k);
        // edge values replicated; unchanged voxels read directly (most of them)
        for (let i = i0 - r; i < i1 + r; i++) {
          const v = base + clamp(i, nx);
          row[i - i0 + r] = changed && changed[v] ? this.changedValue(v) : Math.fround(data[v]);
        }
        for (let i = 0; i < w; i++, o++) {
          let sum = 0;
          for (let d = 0; d < width; d++) sum += row[i + d];
          x[o] = sum / width;
        }
      }
    // y pass over the block's rows, slices ka..kb-1
    const hy = j1 - j0;
    for (let k = ka, o = 0; k < kb; k++)
      for (let j = j0; j < j1; j++)
        for (let i = 0; i < w; i++, o++) {
          let sum = 0;
          for (let d = -r; d <= r; d++) sum += x[i + w * (clamp(j + d, ny) - ja + h * (k - ka))];
          y[o] = sum / width;
        }
    // z pass, then the region outside `within`
    const out = new Float32Array(BLOCK * BLOCK * BLOCK);
    const slice = w * hy;
    for (let k = k0; k < k1; k++)
      for (let j = j0; j < j1; j++) {
        const o = ((j - j0) << SHIFT) | ((k - k0) << (2 * SHIFT));
        const v0 = i0 + nx * (j + ny * k);
        for (let i = 0; i < w; i++) {
          if (this.within && !this.within[v0 + i]) {
            out[o | i] = this.outside;
            continue;
          }
          let sum = 0;
          for (let d = -r; d <= r; d++) sum += y[i + w * (j - j0) + slice * (clamp(k + d, nz) - ka)];
          out[o | i] = sum / width;
        }
      }
    return out;
  }
}

/** Edge of the field's blocks, and where voxel (i, j, k) sits in its block. */
export const FIELD_BLOCK = BLOCK;
export const blockOffset = (i: number, j: number, k: number): number => (i & LOW) | ((j & LOW) << SHIFT) | ((k & LOW) << (2 * SHIFT));

/** The value every entry holds, or undefined (a plain loop: `every` with a callback is eight times slower on millions of values). */
function uniformValue(values: Float64Array): number | undefined {
  const first = values[0];
  for (let n = 0; n < values.length; n++) if (values[n] !== first) return undefined; // from 0: a NaN is not uniform
  return first;
}

/** Position of `v` in the increasing array `sorted` (which holds it). */
function lowerBound(sorted: Uint32Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
