import type { Affine, Vec3 } from "../core/volume.js";
import { gridOrigin, type GridAlignment } from "./gridAlignment.js";
import * as portable from "../core/portableMath.js";

/**
 * IBSI interpolation (section 2.4, VTM2): the new grid is aligned on the centre of the original grid
 * (3WE3), its size is rounded up (026Q), and its origin sits at grid coordinate
 * x_b = ½ (n_a − 1 − s_b/s_a (n_b − 1)) (QCY4). Values beyond the original grid take the nearest
 * boundary intensity. Interpolation is separable (one 1-D pass per axis), which is exact for the
 * tensor-product kernels used here: nearest neighbour, (bi/tri)linear and cubic B-spline.
 */

export type Interpolation = "nearest" | "linear" | "spline";

/** Geometry of a resampled grid, in the original grid's voxel coordinates. */
export interface ResampledGrid {
  /** voxels along each axis of the new grid. */
  dims: Vec3;
  /** voxel size of the new grid (mm). */
  spacing: Vec3;
  /** original-grid coordinate of the centre of new voxel (0, 0, 0). */
  origin: Vec3;
  /** new voxel size in original voxels (s_b / s_a). */
  step: Vec3;
}

/** Relative slack so that n·s_a/s_b = 60.0000000001 (float noise) does not add a voxel. */
const CEIL_SLACK = 1e-9;

/**
 * The IBSI grid for `newSpacing` (mm), or PyRadiomics' with alignment "corner" (gridAlignment.ts).
 * An axis whose new spacing is null (or equal to the old one) keeps its voxels unchanged: that is
 * how in-plane (2D) interpolation leaves z alone.
 */
export function resampledGrid(
  dims: Vec3,
  spacing: Vec3,
  newSpacing: readonly (number | null)[],
  alignment: GridAlignment = "centre",
): ResampledGrid {
  const out: ResampledGrid = { dims: [0, 0, 0], spacing: [0, 0, 0], origin: [0, 0, 0], step: [0, 0, 0] };
  for (let a = 0; a < 3; a++) {
    const target = newSpacing[a] ?? spacing[a];
    if (target === spacing[a]) {
      out.dims[a] = dims[a];
      out.spacing[a] = spacing[a];
      out.step[a] = 1;
      out.origin[a] = 0;
      continue;
    }
    const step = target / spacing[a];
    const n = Math.max(1, Math.ceil((dims[a] * spacing[a]) / target - CEIL_SLACK));
    out.dims[a] = n;
    out.spacing[a] = target;
    out.step[a] = step;
    out.origin[a] = gridOrigin(alignment, dims[a], step, n);
  }
  return out;
}

/** Voxel-to-world affine of the resampled grid, from the original grid's affine. */
export function resampledAffine(affine: Affine, grid: ResampledGrid): Affine {
  const out = affine.slice();
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) out[4 * r + c] = affine[4 * r + c] * grid.step[c];
    out[4 * r + 3] =
      affine[4 * r] * grid.origin[0] + affine[4 * r + 1] * grid.origin[1] + affine[4 * r + 2] * grid.origin[2] + affine[4 * r + 3];
  }
  return out;
}

/** True when the new grid keeps this axis's voxels (in-plane interpolation's z axis). */
export const isIdentityAxis = (grid: ResampledGrid, axis: number): boolean =>
  grid.step[axis] === 1 && grid.origin[axis] === 0;

/** How many source voxels beyond a sample position a kernel reads (on each side). */
export function kernelSupport(method: Interpolation): number {
  return method === "nearest" ? 1 : method === "linear" ? 1 : 2;
}

/**
 * Extra source voxels the spline prefilter needs so that coefficients inside a crop equal those of
 * the whole image: its recursive filter decays as |z|^n with z = √3 − 2, and 0.268^24 < 1e-13.
 */
export const SPLINE_PREFILTER_MARGIN = 24;

/** Pole of the cubic B-spline prefilter (Unser 1993). */
const POLE = Math.sqrt(3) - 2;

/**
 * Turns samples into cubic B-spline coefficients in place along one axis (stride/count describe
 * each line), with mirror boundary conditions (Thévenaz, Blu & Unser 2000).
 */
function prefilterLines(data: Float64Array, dims: Vec3, axis: number): void {
  const n = dims[axis];
  if (n < 2) return;
  const strides: Vec3 = [1, dims[0], dims[0] * dims[1]];
  const stride = strides[axis];
  const line = new Float64Array(n);
  const [o1, o2] = [0, 1, 2].filter((a) => a !== axis);
  const gain = (1 - POLE) * (1 - 1 / POLE);
  for (let v = 0; v < dims[o2]; v++) {
    for (let u = 0; u < dims[o1]; u++) {
      const base = u * strides[o1] + v * strides[o2];
      for (let i = 0; i < n; i++) line[i] = data[base + i * stride] * gain;
      line[0] = initialCausal(line);
      for (let i = 1; i < n; i++) line[i] += POLE * line[i - 1];
      line[n - 1] = (POLE / (POLE * POLE - 1)) * (POLE * line[n - 2] + line[n - 1]);
      for (let i = n - 2; i >= 0; i--) line[i] = POLE * (line[i + 1] - line[i]);
      for (let i = 0; i < n; i++) data[base + i * stride] = line[i];
    }
  }
}

/** c⁺(0) for mirror-symmetric extension: exact sum for short lines, truncated where |z|^k < 1e-16. */
function initialCausal(c: Float64Array): number {
  const n = c.length;
  const horizon = Math.ceil(portable.log(1e-16) / portable.log(Math.abs(POLE)));
  if (horizon < n) {
    let zn = POLE,
      sum = c[0];
    for (let k = 1; k < horizon; k++) {
      sum += zn * c[k];
      zn *= POLE;
    }
    return sum;
  }
  let zn = POLE;
  const iz = 1 / POLE;
  let z2n = portable.pow(POLE, n - 1);
  let sum = c[0] + z2n * c[n - 1];
  z2n *= z2n * iz;
  for (let k = 1; k < n - 1; k++) {
    sum += (zn + z2n) * c[k];
    zn *= POLE;
    z2n *= iz;
  }
  return sum / (1 - zn * zn);
}

/** Per-axis sampling table: for output voxel o, `taps` source indices and weights. */
interface AxisTable {
  taps: number;
  index: Int32Array;
  weight: Float64Array;
}

/**
 * `positions` are original-grid coordinates; `offset` is the original index of the crop's first
 * voxel. Weights come from the global coordinate so that a crop and the whole image get
 * bit-identical weights (and so identical rounding of interpolated intensities).
 */
function axisTable(positions: Float64Array, offset: number, n: number, method: Interpolation): AxisTable {
  const taps = method === "nearest" ? 1 : method === "linear" ? 2 : 4;
  const index = new Int32Array(positions.length * taps);
  const weight = new Float64Array(positions.length * taps);
  const clamp = (g: number) => {
    const i = g - offset;
    return i < 0 ? 0 : i >= n ? n - 1 : i;
  };
  for (let o = 0; o < positions.length; o++) {
    const p = positions[o];
    const b = o * taps;
    if (method === "nearest") {
      index[b] = clamp(Math.floor(p + 0.5));
      weight[b] = 1;
    } else if (method === "linear") {
      const i0 = Math.floor(p);
      const t = p - i0;
      index[b] = clamp(i0);
      index[b + 1] = clamp(i0 + 1);
      weight[b] = 1 - t;
      weight[b + 1] = t;
    } else {
      // Cubic B-spline weights for the 4 coefficients around p.
      const i0 = Math.floor(p);
      const t = p - i0;
      const t2 = t * t,
        t3 = t2 * t,
        u = 1 - t;
      index[b] = clamp(i0 - 1);
      index[b + 1] = clamp(i0);
      index[b + 2] = clamp(i0 + 1);
      index[b + 3] = clamp(i0 + 2);
      weight[b] = (u * u * u) / 6;
      weight[b + 1] = (4 - 6 * t2 + 3 * t3) / 6;
      weight[b + 2] = (1 + 3 * t + 3 * t2 - 3 * t3) / 6;
      weight[b + 3] = t3 / 6;
    }
  }
  return { taps, index, weight };
}

/** One separable pass: resamples `src` (dims) along `axis` to `m` samples given by `table`. */
function passAlong(src: Float64Array, dims: Vec3, axis: number, table: AxisTable, m: number): Float64Array {
  const outDims: Vec3 = [...dims];
  outDims[axis] = m;
  const out = new Float64Array(outDims[0] * outDims[1] * outDims[2]);
  const { taps, index, weight } = table;
  const [nx, ny, nz] = dims;
  if (axis === 0) {
    // Contiguous rows: the innermost loop walks the output row.
    for (let r = 0, rows = ny * nz; r < rows; r++) {
      const si = r * nx,
        oi = r * m;
      for (let o = 0; o < m; o++) {
        let s = 0;
        for (let t = 0, b = o * taps; t < taps; t++, b++) s += weight[b] * src[si + index[b]];
        out[oi + o] = s;
      }
    }
  } else if (axis === 1) {
    for (let k = 0; k < nz; k++) {
      for (let o = 0; o < m; o++) {
        const oi = nx * (o + m * k);
        for (let t = 0, b = o * taps; t < taps; t++, b++) {
          const w = weight[b];
          const si = nx * (index[b] + ny * k);
          for (let i = 0; i < nx; i++) out[oi + i] += w * src[si + i];
        }
      }
    }
  } else {
    const plane = nx * ny;
    for (let o = 0; o < m; o++) {
      const oi = plane * o;
      for (let t = 0, b = o * taps; t < taps; t++, b++) {
        const w = weight[b];
        const si = plane * index[b];
        for (let i = 0; i < plane; i++) out[oi + i] += w * src[si + i];
      }
    }
  }
  return out;
}

/** A block of the resampled grid: output voxels lo .. lo + dims − 1 along each axis. */
export interface OutputBlock {
  lo: Vec3;
  dims: Vec3;
}

/**
 * Resamples a block of the new grid from `src`, a crop of the original image whose voxel (0,0,0) is
 * original voxel `srcOffset` (the crop may extend beyond the image with replicated edge values).
 * Positions outside the crop take its nearest boundary value, so the crop must hold the kernel's
 * support (and SPLINE_PREFILTER_MARGIN for splines) around the block for the result to equal
 * resampling the whole image. Returns the block, x fastest.
 */
export function resampleBlock(
  src: ArrayLike<number>,
  srcDims: Vec3,
  srcOffset: Vec3,
  grid: ResampledGrid,
  block: OutputBlock,
  method: Interpolation,
): Float64Array {
  let work: Float64Array = Float64Array.from(src as ArrayLike<number>);
  if (method === "spline") for (let a = 0; a < 3; a++) if (!isIdentityAxis(grid, a)) prefilterLines(work, srcDims, a);
  const dims: Vec3 = [...srcDims];
  for (let a = 0; a < 3; a++) {
    // An axis left alone (2D interpolation's z) is copied: no kernel may smooth across slices.
    const axisMethod = isIdentityAxis(grid, a) ? "nearest" : method;
    const positions = new Float64Array(block.dims[a]);
    for (let o = 0; o < positions.length; o++) {
      positions[o] = grid.origin[a] + grid.step[a] * (block.lo[a] + o);
    }
    work = passAlong(work, dims, a, axisTable(positions, srcOffset[a], srcDims[a], axisMethod), block.dims[a]);
    dims[a] = block.dims[a];
  }
  return work;
}

/** Index of the edge voxel nearest to position i. */
export const clampIndex = (i: number, n: number): number => (i < 0 ? 0 : i >= n ? n - 1 : i);

/**
 * Copies the original-grid region lo .. hi (inclusive, may reach beyond the image) out of a
 * volume-sized array, replicating the nearest boundary voxel outside the image (IBSI's
 * recommended padding for extrapolation), or reading whichever voxel `indexOf` says (e.g. the
 * mirrored one, imageEdge.ts).
 */
export function cropClamped(
  data: ArrayLike<number>,
  dims: Vec3,
  lo: Vec3,
  hi: Vec3,
  indexOf: (i: number, n: number) => number = clampIndex,
): Float64Array {
  const cx = hi[0] - lo[0] + 1,
    cy = hi[1] - lo[1] + 1,
    cz = hi[2] - lo[2] + 1;
  const out = new Float64Array(cx * cy * cz);
  const [nx, ny, nz] = dims;
  const xs = new Int32Array(cx);
  for (let i = 0; i < cx; i++) xs[i] = indexOf(lo[0] + i, nx);
  let o = 0;
  for (let k = 0; k < cz; k++) {
    const kk = indexOf(lo[2] + k, nz);
    for (let j = 0; j < cy; j++) {
      const jj = indexOf(lo[1] + j, ny);
      const row = nx * (jj + ny * kk);
      for (let i = 0; i < cx; i++) out[o++] = data[row + xs[i]];
    }
  }
  return out;
}

/**
 * Rounds half to even, as numpy's around() does after MIRP's interpolation (68QD: CT intensities
 * are integers, so interpolated HU are rounded).
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
