import { maskBoundingBox } from "../analysis/processing/crop.js";
import type { Mask, Volume } from "../analysis/core/volume.js";
import { dilate } from "./morphology.js";
import { encodePng } from "./png.js";
import { invertAffine } from "./worldGeometry.js";

/**
 * Pictures that let a person judge a defacing: the skin surface ray-cast from the front and from
 * the side (orthographic, Lambert shading), and a mid-sagittal slice with the face mask and the ROI
 * overlaid. Everything is laid out in world coordinates, so every scan shows the face the same way
 * up whatever its voxel order.
 */

export type View = "front" | "side";

export interface SurfaceRenderOptions {
  /** intensity of the skin iso-surface (e.g. the head mask's Otsu threshold). */
  iso: number;
  view: View;
  /** image width and height in pixels (default 256). */
  size?: number;
  /** only this region is drawn (e.g. the dilated head mask: hides CT tables and head holders). */
  within?: Mask;
}

/** A view: image axes u (right), v (down) and the ray direction, as world unit vectors. */
function viewAxes(view: View): { u: number[]; v: number[]; ray: number[] } {
  // front: looking at the face (ray towards posterior), the subject's right on the image's left;
  // side: from the subject's right (ray towards left), the face on the image's right.
  return view === "front"
    ? { u: [-1, 0, 0], v: [0, 0, -1], ray: [0, -1, 0] }
    : { u: [0, 1, 0], v: [0, 0, -1], ray: [-1, 0, 0] };
}

/** Trilinear sampler of a volume at world points (outside the grid: -Infinity). */
class Sampler {
  private readonly inv: number[];
  private readonly nx: number;
  private readonly ny: number;
  private readonly nz: number;
  constructor(
    private readonly data: Float32Array,
    volume: Volume,
  ) {
    this.inv = invertAffine(volume.affine);
    [this.nx, this.ny, this.nz] = volume.dims;
  }
  voxel(x: number, y: number, z: number): [number, number, number] {
    const m = this.inv;
    return [
      m[0] * x + m[1] * y + m[2] * z + m[3],
      m[4] * x + m[5] * y + m[6] * z + m[7],
      m[8] * x + m[9] * y + m[10] * z + m[11],
    ];
  }
  atVoxel(fi: number, fj: number, fk: number): number {
    const { nx, ny, nz } = this;
    if (fi < 0 || fj < 0 || fk < 0 || fi > nx - 1 || fj > ny - 1 || fk > nz - 1) return -Infinity;
    const i = Math.min(nx - 2, Math.floor(fi));
    const j = Math.min(ny - 2, Math.floor(fj));
    const k = Math.min(nz - 2, Math.floor(fk));
    const a = fi - i;
    const b = fj - j;
    const c = fk - k;
    const d = this.data;
    const o = i + nx * (j + ny * k);
    const sx = nx > 1 ? 1 : 0;
    const sy = ny > 1 ? nx : 0;
    const sz = nz > 1 ? nx * ny : 0;
    const c00 = d[o] * (1 - a) + d[o + sx] * a;
    const c10 = d[o + sy] * (1 - a) + d[o + sy + sx] * a;
    const c01 = d[o + sz] * (1 - a) + d[o + sz + sx] * a;
    const c11 = d[o + sz + sy] * (1 - a) + d[o + sz + sy + sx] * a;
    return (c00 * (1 - b) + c10 * b) * (1 - c) + (c01 * (1 - b) + c11 * b) * c;
  }
  at(x: number, y: number, z: number): number {
    const [fi, fj, fk] = this.voxel(x, y, z);
    return this.atVoxel(fi, fj, fk);
  }
  /** world-space gradient (central differences in voxels, mapped through the inverse affine). */
  gradient(x: number, y: number, z: number): number[] {
    const [fi, fj, fk] = this.voxel(x, y, z);
    const gi = this.atVoxel(fi + 1, fj, fk) - this.atVoxel(fi - 1, fj, fk);
    const gj = this.atVoxel(fi, fj + 1, fk) - this.atVoxel(fi, fj - 1, fk);
    const gk = this.atVoxel(fi, fj, fk + 1) - this.atVoxel(fi, fj, fk - 1);
    const m = this.inv; // d(value)/d(world) = (d voxel / d world)^T · d(value)/d(voxel)
    const g = [
      m[0] * gi + m[4] * gj + m[8] * gk,
      m[1] * gi + m[5] * gj + m[9] * gk,
      m[2] * gi + m[6] * gj + m[10] * gk,
    ];
    return g.map((x) => (Number.isFinite(x) ? x : 0));
  }
}

/** Light 3x3x3 box smoothing, so the iso-surface of a noisy scan is not speckled. */
function smoothed(volume: Volume): Float32Array {
  const [nx, ny, nz] = volume.dims;
  let a = Float32Array.from(volume.data as ArrayLike<number>);
  let b = new Float32Array(a.length);
  const strides = [1, nx, nx * ny];
  for (let axis = 0; axis < 3; axis++) {
    const s = strides[axis];
    const n = volume.dims[axis];
    for (let k = 0, v = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++, v++) {
          const p = axis === 0 ? i : axis === 1 ? j : k;
          const lo = p > 0 ? a[v - s] : a[v];
          const hi = p < n - 1 ? a[v + s] : a[v];
          b[v] = (lo + a[v] + hi) / 3;
        }
    [a, b] = [b, a];
  }
  return a;
}

/** World corners of the grid, for framing a view. */
function corners(volume: Volume): number[][] {
  const [nx, ny, nz] = volume.dims;
  const out: number[][] = [];
  const m = volume.affine;
  for (const i of [0, nx - 1])
    for (const j of [0, ny - 1])
      for (const k of [0, nz - 1])
        out.push([0, 1, 2].map((r) => m[4 * r] * i + m[4 * r + 1] * j + m[4 * r + 2] * k + m[4 * r + 3]));
  return out;
}

const dot = (a: number[], b: number[]) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** [min, max] voxel coordinate per array axis of the mask's voxels (the whole grid without a mask). */
function voxelBox(volume: Volume, mask?: Mask): Array<[number, number]> {
  const [nx, ny, nz] = volume.dims;
  if (!mask) return [[0, nx - 1], [0, ny - 1], [0, nz - 1]];
  const box = maskBoundingBox(mask, volume.dims);
  if (!box) return [[1, 0], [1, 0], [1, 0]]; // empty: every ray misses
  return [0, 1, 2].map((a) => [box.lo[a], box.hi[a]] as [number, number]);
}

/** Framing shared by the before and after renders: the grid's extent along u, v and the ray. */
function frame(volume: Volume, view: View) {
  const ax = viewAxes(view);
  const cs = corners(volume);
  const range = (dir: number[]) => {
    const p = cs.map((c) => dot(c, dir));
    return [Math.min(...p), Math.max(...p)];
  };
  return { ax, u: range(ax.u), v: range(ax.v), t: range(ax.ray) };
}

/** Shaded grey-level image (0..1 per pixel, -1 = background) of the iso-surface. */
export function renderSurfaceShades(volume: Volume, options: SurfaceRenderOptions): { shades: Float32Array; size: number } {
  const size = options.size ?? 256;
  const data = smoothed(volume);
  if (options.within) {
    let min = Infinity;
    for (let i = 0; i < data.length; i++) if (data[i] < min) min = data[i];
    for (let i = 0; i < data.length; i++) if (!options.within[i]) data[i] = min;
  }
  const sampler = new Sampler(data, volume);
  const { ax, u, v, t } = frame(volume, options.view);
  const extent = Math.max(u[1] - u[0], v[1] - v[0]);
  const pixel = extent / size;
  const u0 = (u[0] + u[1]) / 2 - extent / 2;
  const v0 = (v[0] + v[1]) / 2 - extent / 2;
  const step = Math.min(...volume.spacing) * 0.8;
  const iso = options.iso;
  const light = [-0.8 * ax.ray[0], -0.8 * ax.ray[1], 0.6]; // from the viewer and above
  const ll = Math.hypot(light[0], light[1], light[2]);
  const L = light.map((x) => x / ll);
  const shades = new Float32Array(size * size).fill(-1);
  // March in voxel coordinates: start + tt·dir, with dir the ray in voxels per mm. Each ray is
  // clipped (slab method) to the voxel box that can hold the surface: the `within` region's
  // bounding box, or the grid.
  const box = voxelBox(volume, options.within);
  const m = invertAffine(volume.affine);
  const dir = [0, 1, 2].map((r) => m[4 * r] * ax.ray[0] + m[4 * r + 1] * ax.ray[1] + m[4 * r + 2] * ax.ray[2]);
  const start = [0, 0, 0];
  for (let py = 0; py < size; py++) {
    const pv = v0 + (py + 0.5) * pixel;
    for (let px = 0; px < size; px++) {
      const pu = u0 + (px + 0.5) * pixel;
      // u, v and ray are orthogonal, so base + tt·ray has dot(x, ray) = tt
      const bx = pu * ax.u[0] + pv * ax.v[0];
      const by = pu * ax.u[1] + pv * ax.v[1];
      const bz = pu * ax.u[2] + pv * ax.v[2];
      for (let r = 0; r < 3; r++) start[r] = m[4 * r] * bx + m[4 * r + 1] * by + m[4 * r + 2] * bz + m[4 * r + 3];
      let tIn = t[0];
      let tOut = t[1];
      for (let a = 0; a < 3 && tIn <= tOut; a++) {
        if (Math.abs(dir[a]) < 1e-12) {
          if (start[a] < box[a][0] || start[a] > box[a][1]) tOut = -Infinity;
          continue;
        }
        const ta = (box[a][0] - start[a]) / dir[a];
        const tb = (box[a][1] - start[a]) / dir[a];
        tIn = Math.max(tIn, Math.min(ta, tb));
        tOut = Math.min(tOut, Math.max(ta, tb));
      }
      if (tIn > tOut) continue;
      let prevT = tIn;
      let first = true;
      for (let tt = tIn; tt <= tOut + 1e-9; tt += step) {
        const value = sampler.atVoxel(start[0] + tt * dir[0], start[1] + tt * dir[1], start[2] + tt * dir[2]);
        if (value >= iso) {
          // refine the crossing between the previous sample and this one by bisection
          let lo = prevT;
          let hi = tt;
          if (!first)
            for (let it = 0; it < 6; it++) {
              const mid = (lo + hi) / 2;
              if (sampler.atVoxel(start[0] + mid * dir[0], start[1] + mid * dir[1], start[2] + mid * dir[2]) >= iso) hi = mid;
              else lo = mid;
            }
          const g = sampler.gradient(bx + hi * ax.ray[0], by + hi * ax.ray[1], bz + hi * ax.ray[2]);
          const gl = Math.hypot(g[0], g[1], g[2]);
          const n = gl > 0 ? g.map((c) => -c / gl) : ax.ray.map((c) => -c);
          shades[px + size * py] = 0.15 + 0.85 * Math.max(0, dot(n, L));
          break;
        }
        prevT = tt;
        first = false;
      }
    }
  }
  return { shades, size };
}

/** The surface render as a PNG (skin tone on a dark background). */
export function renderSurfacePng(volume: Volume, options: SurfaceRenderOptions): Uint8Array {
  const { shades, size } = renderSurfaceShades(volume, options);
  const rgba = new Uint8Array(4 * size * size);
  for (let p = 0; p < size * size; p++) {
    const s = shades[p];
    const o = 4 * p;
    if (s < 0) {
      rgba[o] = 24, rgba[o + 1] = 28, rgba[o + 2] = 36;
    } else {
      rgba[o] = Math.round(255 * s * 0.98);
      rgba[o + 1] = Math.round(255 * s * 0.84);
      rgba[o + 2] = Math.round(255 * s * 0.72);
    }
    rgba[o + 3] = 255;
  }
  return encodePng(rgba, size, size);
}

export interface SagittalOverlayOptions {
  /** world R coordinate (mm) of the slice; default: the centre of the grid. */
  rMm?: number;
  /** overlaid in red: the face mask. */
  mask?: Mask;
  /** overlaid in green: the ROI, projected along R onto the slice (it usually lies off the midline). */
  roi?: Mask;
  /** outlined in blue: the brain mask. */
  brain?: Mask;
  /** pixel size in mm (default: the smallest voxel size). */
  pixelMm?: number;
}

/**
 * Mid-sagittal slice (anterior to the right, superior up) resampled in world coordinates with
 * nearest-neighbour lookup, windowed on the 1st–99th percentile, masks blended on top.
 */
export function renderSagittalOverlayPng(volume: Volume, options: SagittalOverlayOptions = {}): Uint8Array {
  const cs = corners(volume);
  const ext = (c: number) => [Math.min(...cs.map((p) => p[c])), Math.max(...cs.map((p) => p[c]))];
  const [rLo, rHi] = ext(0);
  const [aLo, aHi] = ext(1);
  const [sLo, sHi] = ext(2);
  const r = options.rMm ?? (rLo + rHi) / 2;
  const pixel = options.pixelMm ?? Math.min(...volume.spacing);
  const width = Math.max(1, Math.round((aHi - aLo) / pixel) + 1);
  const height = Math.max(1, Math.round((sHi - sLo) / pixel) + 1);
  const inv = invertAffine(volume.affine);
  const [nx, ny, nz] = volume.dims;
  const index = new Int32Array(width * height).fill(-1);
  for (let py = 0; py < height; py++)
    for (let px = 0; px < width; px++) {
      const a = aLo + px * pixel;
      const s = sHi - py * pixel;
      const i = Math.round(inv[0] * r + inv[1] * a + inv[2] * s + inv[3]);
      const j = Math.round(inv[4] * r + inv[5] * a + inv[6] * s + inv[7]);
      const k = Math.round(inv[8] * r + inv[9] * a + inv[10] * s + inv[11]);
      if (i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz) index[px + width * py] = i + nx * (j + ny * k);
    }
  const values: number[] = [];
  for (const v of index) if (v >= 0) values.push(volume.data[v]);
  values.sort((x, y) => x - y);
  const lo = values.length ? values[Math.floor(values.length * 0.01)] : 0;
  const hi = values.length ? values[Math.floor(values.length * 0.99)] : 1;
  // the ROI's shadow on the sagittal plane: every ROI voxel centre, whatever its R, marks its pixel
  let roiShadow: Uint8Array | undefined;
  if (options.roi) {
    roiShadow = new Uint8Array(width * height);
    const m = volume.affine;
    for (let k = 0, v = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++, v++) {
          if (!options.roi[v]) continue;
          const a = m[4] * i + m[5] * j + m[6] * k + m[7];
          const s = m[8] * i + m[9] * j + m[10] * k + m[11];
          const px = Math.round((a - aLo) / pixel);
          const py = Math.round((sHi - s) / pixel);
          if (px >= 0 && py >= 0 && px < width && py < height) roiShadow[px + width * py] = 1;
        }
  }
  const rgba = new Uint8Array(4 * width * height);
  for (let p = 0; p < width * height; p++) {
    const v = index[p];
    const o = 4 * p;
    let g = 0;
    if (v >= 0) g = Math.max(0, Math.min(1, (volume.data[v] - lo) / (hi - lo || 1)));
    let rgb = [g, g, g];
    const blend = (colour: number[], alpha: number) => (rgb = rgb.map((c, n) => c * (1 - alpha) + colour[n] * alpha));
    if (v >= 0 && options.brain?.[v]) {
      // outline only: a brain voxel with a non-brain neighbour in the picture
      const px = p % width;
      const py = (p - px) / width;
      const nb = [p - 1, p + 1, p - width, p + width].filter((q, n) => (n < 2 ? Math.abs((q % width) - px) === 1 : q >= 0 && q < width * height));
      if (nb.some((q) => index[q] < 0 || !options.brain![index[q]])) blend([0.2, 0.5, 1], 1);
      void py;
    }
    if (v >= 0 && options.mask?.[v]) blend([1, 0.1, 0.1], 0.45);
    if (roiShadow?.[p]) blend([0.1, 1, 0.2], 0.6);
    rgba[o] = Math.round(255 * rgb[0]);
    rgba[o + 1] = Math.round(255 * rgb[1]);
    rgba[o + 2] = Math.round(255 * rgb[2]);
    rgba[o + 3] = 255;
  }
  return encodePng(rgba, width, height);
}

export interface DefacingRenders {
  front_before: Uint8Array;
  front_after: Uint8Array;
  side_before: Uint8Array;
  side_after: Uint8Array;
  sagittal_overlay: Uint8Array;
}

/**
 * The standard set of pictures of one defacing: skin renders before and after from the front and
 * the side (the same framing and iso-value, limited to the original head grown by 5 mm so tables
 * and holders do not hide the face), and the mid-sagittal slice with mask, ROI and brain outline.
 */
export function defacingRenders(
  original: Volume,
  defaced: Volume,
  opts: { iso: number; head: Mask; mask: Mask; roi?: Mask; brain?: Mask; size?: number },
): DefacingRenders {
  const within = dilate(opts.head, original, 5);
  const r = (v: Volume, view: View) => renderSurfacePng(v, { iso: opts.iso, view, within, size: opts.size });
  return {
    front_before: r(original, "front"),
    front_after: r(defaced, "front"),
    side_before: r(original, "side"),
    side_after: r(defaced, "side"),
    sagittal_overlay: renderSagittalOverlayPng(original, {
      mask: opts.mask,
      roi: opts.roi,
      brain: opts.brain,
      rMm: meanR(opts.brain && opts.brain.some((v) => v) ? opts.brain : opts.head, original),
    }),
  };
}

/** Mean world R of a mask's voxels: the mid-sagittal plane of the brain (or head). */
function meanR(mask: Mask, grid: Volume): number | undefined {
  const [nx, ny, nz] = grid.dims;
  const a = grid.affine;
  let sum = 0;
  let n = 0;
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) if (mask[v]) (sum += a[0] * i + a[1] * j + a[2] * k + a[3]), n++;
  return n ? sum / n : undefined;
}

