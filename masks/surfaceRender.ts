import type { Mask, Volume } from "../analysis/core/volume.js";
import { maskBoundingBox } from "../analysis/processing/crop.js";
import { COARSE_SHIFT, COARSEST_SHIFT, FINE_SHIFT, hitMaps, reachingBlocks } from "./emptySpace.js";
import { blockOffset, FIELD_BLOCK, SmoothedField, type VoxelChange } from "./smoothedField.js";
import { encodePng, type RgbaImage } from "./pngEncode.js";
import { invertAffine } from "./worldGeometry.js";

/**
 * The skin surface ray-cast from the front or from the side (orthographic, Lambert shading) at
 * the picture's own resolution: each ray samples the lightly smoothed image (smoothedField.ts)
 * only where it runs, skipping blocks that cannot hold the surface, so a 2-D picture costs about
 * its pixels times the depth of skin they see, not a pass over the volume. Laid out in world
 * coordinates, so every scan shows the face the same way up whatever its voxel order.
 */

export type View = "front" | "side";

export interface SurfaceRenderOptions {
  /** intensity of the skin iso-surface (e.g. the head mask's Otsu threshold). */
  iso: number;
  view: View;
  /** image width and height in pixels (default 512). */
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

/** World corners of the grid, for framing a view. */
export function gridCorners(volume: Pick<Volume, "dims" | "affine">): number[][] {
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

export interface SceneOptions {
  /** skin iso-value. */
  iso: number;
  /** only this region is drawn. */
  within?: Mask;
  /** the image is `volume` with these voxels replaced ... */
  change?: VoxelChange;
  /** ... and shares what they do not reach with this scene of `volume` itself. */
  base?: SurfaceScene;
  /** sample every step, skipping nothing (the reference the empty-space skipping is checked against). */
  exhaustive?: boolean;
}

/**
 * An image prepared for surface renders: the lazily smoothed field and its empty-space map. A
 * changed image (`change`) shares the unchanged blocks of the original's scene (`base`).
 */
export class SurfaceScene {
  readonly iso: number;
  readonly within: Mask | undefined;
  readonly field: SmoothedField;
  /** the image smoothed more (NORMAL_SMOOTHING), for the surface normals only. */
  readonly normals: SmoothedField;
  /** value of the region outside `within`: the image's minimum, below any skin. */
  readonly outside: number;
  /** fine blocks holding a value that reaches the iso-value, and which fine and coarse blocks a ray must sample. */
  readonly reach: Uint8Array;
  private readonly fine: Uint8Array;
  private readonly coarse: Uint8Array;
  private readonly coarsest: Uint8Array;
  /** [min, max] voxel coordinate per array axis where the surface can be (the `within` box, or the grid). */
  readonly box: Array<[number, number]>;
  /** voxel box that a change can reach through smoothing, interpolation and the gradient (null: no change). */
  readonly changedBox: Array<[number, number]> | null;
  private readonly nx: number;
  private readonly ny: number;
  private readonly nz: number;
  /** blocks along x and y of each level of the empty-space maps: block (i >> shift, j >> shift, k >> shift) is entry bi + X·(bj + Y·bk). */
  private readonly fineX: number;
  private readonly fineY: number;
  private readonly coarseX: number;
  private readonly coarseY: number;
  private readonly coarsestX: number;
  private readonly coarsestY: number;

  constructor(
    readonly volume: Volume,
    options: SceneOptions,
  ) {
    const { iso, within, change, base } = options;
    this.iso = iso;
    this.within = within;
    const d = volume.data;
    const [nx, ny, nz] = volume.dims;
    [this.nx, this.ny, this.nz] = volume.dims;
    if (base) {
      this.outside = base.outside;
      this.box = base.box;
    } else {
      let min = Infinity;
      for (let i = 0; i < d.length; i++) if (d[i] < min) min = d[i];
      this.outside = Math.fround(min);
      const bbox = within ? maskBoundingBox(within, volume.dims) : { lo: [0, 0, 0], hi: [nx - 1, ny - 1, nz - 1] };
      this.box = bbox ? [0, 1, 2].map((a) => [bbox.lo[a], bbox.hi[a]] as [number, number]) : [[1, 0], [1, 0], [1, 0]]; // empty: every ray misses
    }
    this.field = new SmoothedField(d, volume.dims, within, this.outside, change, base?.field);
    this.normals = new SmoothedField(d, volume.dims, within, this.outside, change, base?.normals, NORMAL_SMOOTHING);
    this.reach = reachingBlocks(d, volume.dims, within, iso, change, base?.reach);
    ({ fine: this.fine, coarse: this.coarse, coarsest: this.coarsest } = hitMaps(this.reach, volume.dims, this.outside, iso, options.exhaustive));
    const blocks = (n: number, shift: number) => ((n - 1) >> shift) + 1;
    [this.fineX, this.fineY] = [blocks(nx, FINE_SHIFT), blocks(ny, FINE_SHIFT)];
    [this.coarseX, this.coarseY] = [blocks(nx, COARSE_SHIFT), blocks(ny, COARSE_SHIFT)];
    [this.coarsestX, this.coarsestY] = [blocks(nx, COARSEST_SHIFT), blocks(ny, COARSEST_SHIFT)];
    this.changedBox = null;
    // the changed voxels' box (their mask's: a shear defacing changes millions of voxels)
    const changed = change && change.indices.length ? maskBoundingBox(change.mask, volume.dims) : null;
    if (changed) {
      // smoothing reads NORMAL_SMOOTHING voxels away, interpolation one more, the gradient NORMAL_HALF_WIDTH more
      const m = NORMAL_SMOOTHING + 1 + NORMAL_HALF_WIDTH;
      this.changedBox = [0, 1, 2].map((a) => [changed.lo[a] - m, changed.hi[a] + m] as [number, number]);
    }
  }

  /** Trilinear sample of the smoothed field at voxel coordinates (outside the grid: -Infinity). */
  atVoxel(fi: number, fj: number, fk: number): number {
    return this.sample(this.field, fi, fj, fk);
  }

  /** The same, of the field the normals come from. */
  normalFieldAt(fi: number, fj: number, fk: number): number {
    return this.sample(this.normals, fi, fj, fk);
  }

  private sample(f: SmoothedField, fi: number, fj: number, fk: number): number {
    const { nx, ny, nz } = this;
    if (fi < 0 || fj < 0 || fk < 0 || fi > nx - 1 || fj > ny - 1 || fk > nz - 1) return -Infinity;
    const i = Math.max(0, Math.min(nx - 2, Math.floor(fi)));
    const j = Math.max(0, Math.min(ny - 2, Math.floor(fj)));
    const k = Math.max(0, Math.min(nz - 2, Math.floor(fk)));
    const a = fi - i;
    const b = fj - j;
    const c = fk - k;
    let d000, d100, d010, d110, d001, d101, d011, d111: number;
    const last = FIELD_BLOCK - 1;
    if ((i & last) !== last && (j & last) !== last && (k & last) !== last) {
      // the eight corners lie in one block of the field
      const block = f.blockAround(i, j, k);
      const o = blockOffset(i, j, k);
      const sx = nx > 1 ? 1 : 0;
      const sy = ny > 1 ? FIELD_BLOCK : 0;
      const sz = nz > 1 ? FIELD_BLOCK * FIELD_BLOCK : 0;
      d000 = block[o];
      d100 = block[o + sx];
      d010 = block[o + sy];
      d110 = block[o + sy + sx];
      d001 = block[o + sz];
      d101 = block[o + sz + sx];
      d011 = block[o + sz + sy];
      d111 = block[o + sz + sy + sx];
    } else {
      const i1 = nx > 1 ? i + 1 : i;
      const j1 = ny > 1 ? j + 1 : j;
      const k1 = nz > 1 ? k + 1 : k;
      d000 = f.at(i, j, k);
      d100 = f.at(i1, j, k);
      d010 = f.at(i, j1, k);
      d110 = f.at(i1, j1, k);
      d001 = f.at(i, j, k1);
      d101 = f.at(i1, j, k1);
      d011 = f.at(i, j1, k1);
      d111 = f.at(i1, j1, k1);
    }
    const c00 = d000 * (1 - a) + d100 * a;
    const c10 = d010 * (1 - a) + d110 * a;
    const c01 = d001 * (1 - a) + d101 * a;
    const c11 = d011 * (1 - a) + d111 * a;
    return (c00 * (1 - b) + c10 * b) * (1 - c) + (c01 * (1 - b) + c11 * b) * c;
  }

  /**
   * NaN when the sample at these voxel coordinates may reach the surface; otherwise the ray parameter
   * at which the ray (parameter tt here, direction dir in voxels) leaves the empty block around it.
   */
  emptyUntil(fi: number, fj: number, fk: number, tt: number, d0: number, d1: number, d2: number): number {
    const { nx, ny, nz } = this;
    if (!(fi >= 0 && fj >= 0 && fk >= 0 && fi <= nx - 1 && fj <= ny - 1 && fk <= nz - 1)) return tt; // outside: one step
    const i = Math.floor(fi);
    const j = Math.floor(fj);
    const k = Math.floor(fk);
    // the coarsest empty block around the sample, if any
    let shift = COARSEST_SHIFT;
    if (this.coarsest[(i >> COARSEST_SHIFT) + this.coarsestX * ((j >> COARSEST_SHIFT) + this.coarsestY * (k >> COARSEST_SHIFT))]) {
      shift = COARSE_SHIFT;
      if (this.coarse[(i >> COARSE_SHIFT) + this.coarseX * ((j >> COARSE_SHIFT) + this.coarseY * (k >> COARSE_SHIFT))]) {
        shift = FINE_SHIFT;
        if (this.fine[(i >> FINE_SHIFT) + this.fineX * ((j >> FINE_SHIFT) + this.fineY * (k >> FINE_SHIFT))]) return NaN;
      }
    }
    const size = 1 << shift;
    let exit = Infinity;
    if (Math.abs(d0) >= 1e-12) {
      const e = tt + (((i >> shift) << shift) + (d0 > 0 ? size : 0) - fi) / d0;
      if (e < exit) exit = e;
    }
    if (Math.abs(d1) >= 1e-12) {
      const e = tt + (((j >> shift) << shift) + (d1 > 0 ? size : 0) - fj) / d1;
      if (e < exit) exit = e;
    }
    if (Math.abs(d2) >= 1e-12) {
      const e = tt + (((k >> shift) << shift) + (d2 > 0 ? size : 0) - fk) / d2;
      if (e < exit) exit = e;
    }
    return exit;
  }
}

/** The world ranges a view spans along its image axes u, v and its rays, and the square picture's edge, mm. */
function viewFrame(volume: Pick<Volume, "dims" | "affine">, view: View): { u: number[]; v: number[]; t: number[]; extent: number } {
  const ax = viewAxes(view);
  const cs = gridCorners(volume);
  const range = (dir: number[]) => {
    const p = cs.map((c) => dot(c, dir));
    return [Math.min(...p), Math.max(...p)];
  };
  const u = range(ax.u);
  const v = range(ax.v);
  return { u, v, t: range(ax.ray), extent: Math.max(u[1] - u[0], v[1] - v[0]) };
}

/**
 * How many pixels across a picture of `size` pixels is cast: at most CAST_PER_VOXEL per voxel of the
 * finest spacing across the view (finer rays only interpolate the same data), then upsampled
 * (upsampleCast). A 256 mm head at 1 mm is cast at 512 px; a 96³ grid of 2.5 mm voxels at 192.
 */
export function castSize(volume: Pick<Volume, "dims" | "affine" | "spacing">, view: View, size = RENDER_SIZE): number {
  return Math.max(1, Math.min(size, Math.ceil((CAST_PER_VOXEL * viewFrame(volume, view).extent) / Math.min(...volume.spacing))));
}
const CAST_PER_VOXEL = 1.5;

/**
 * A cast picture enlarged to `size` pixels: a pixel is background when the nearest cast pixel is,
 * otherwise the bilinear mean of the shades of the (up to four) surrounding cast pixels that hit the
 * surface; its hit parameter and voxel are the nearest cast pixel's.
 */
export function upsampleCast(cast: Cast, size: number): Cast {
  const n = cast.size;
  if (n === size) return cast;
  const shades = new Float32Array(size * size);
  const hitT = new Float64Array(size * size);
  const hitVoxel = new Int32Array(size * size);
  const scale = n / size;
  const at = (x: number, y: number) => Math.min(n - 1, Math.max(0, x)) + n * Math.min(n - 1, Math.max(0, y));
  for (let py = 0, p = 0; py < size; py++) {
    const y = (py + 0.5) * scale - 0.5;
    const y0 = Math.floor(y);
    const fy = y - y0;
    for (let px = 0; px < size; px++, p++) {
      const x = (px + 0.5) * scale - 0.5;
      const x0 = Math.floor(x);
      const fx = x - x0;
      const near = at(Math.round(x), Math.round(y));
      hitT[p] = cast.hitT[near];
      hitVoxel[p] = cast.hitVoxel[near];
      if (cast.shades[near] < 0) {
        shades[p] = -1;
        continue;
      }
      // the four surrounding cast pixels, in this order (no arrays per pixel: a picture has 262 144)
      let sum = 0;
      let weight = 0;
      let s = cast.shades[at(x0, y0)];
      let w = (1 - fx) * (1 - fy);
      if (s >= 0) (sum += w * s), (weight += w);
      s = cast.shades[at(x0 + 1, y0)];
      w = fx * (1 - fy);
      if (s >= 0) (sum += w * s), (weight += w);
      s = cast.shades[at(x0, y0 + 1)];
      w = (1 - fx) * fy;
      if (s >= 0) (sum += w * s), (weight += w);
      s = cast.shades[at(x0 + 1, y0 + 1)];
      w = fx * fy;
      if (s >= 0) (sum += w * s), (weight += w);
      shades[p] = weight > 0 ? sum / weight : cast.shades[near];
    }
  }
  return { shades, size, hitT, hitVoxel };
}

/** Shaded grey-level image (0..1 per pixel, -1 = background) of the iso-surface, `size` pixels across (cast at castSize). */
export function renderSurfaceShades(volume: Volume, options: SurfaceRenderOptions): Cast {
  const size = options.size ?? RENDER_SIZE;
  return upsampleCast(castShades(new SurfaceScene(volume, options), options.view, castSize(volume, options.view, size)), size);
}

/** The surface render as a PNG (skin tone on a dark background). */
export function renderSurfacePng(volume: Volume, options: SurfaceRenderOptions): Buffer {
  return shadesPng(renderSurfaceShades(volume, options));
}

export function shadesPng(cast: { shades: Float32Array; size: number }): Buffer {
  return encodePng(cast.size, cast.size, shadesRgba(cast));
}

/** Background and skin colours (RGB per unit shade); `tint` picks another colour per pixel. */
const BACKGROUND = [24, 28, 36];
export const SKIN = [0.98, 0.84, 0.72];

/** The shades as RGBA pixels: skin tone (or tint(p)'s colour) on a dark background. */
export function shadesRgba({ shades, size }: { shades: Float32Array; size: number }, tint?: (p: number) => readonly number[]): Uint8Array {
  const rgba = new Uint8Array(4 * size * size);
  for (let p = 0; p < size * size; p++) {
    const s = shades[p];
    const o = 4 * p;
    if (s < 0) {
      rgba[o] = BACKGROUND[0], rgba[o + 1] = BACKGROUND[1], rgba[o + 2] = BACKGROUND[2];
    } else {
      const c = tint ? tint(p) : SKIN;
      rgba[o] = Math.round(255 * s * c[0]);
      rgba[o + 1] = Math.round(255 * s * c[1]);
      rgba[o + 2] = Math.round(255 * s * c[2]);
    }
    rgba[o + 3] = 255;
  }
  return rgba;
}

/** Square RGBA panels of one size side by side, `gap` background pixels apart, as one picture. */
export function panelsImage(panels: readonly Uint8Array[], size: number, gap = 8): RgbaImage {
  const width = panels.length * size + (panels.length - 1) * gap;
  const rgba = new Uint8Array(4 * width * size);
  for (let o = 0; o < rgba.length; o += 4) (rgba[o] = BACKGROUND[0]), (rgba[o + 1] = BACKGROUND[1]), (rgba[o + 2] = BACKGROUND[2]), (rgba[o + 3] = 255);
  panels.forEach((panel, n) => {
    for (let y = 0; y < size; y++) rgba.set(panel.subarray(4 * size * y, 4 * size * (y + 1)), 4 * (width * y + n * (size + gap)));
  });
  return { width, height: size, rgba };
}

/**
 * A cast picture: shades, and per pixel the ray parameter of the sample that found the surface
 * (Infinity: none) and the voxel nearest to the surface point (-1: none).
 */
export interface Cast {
  shades: Float32Array;
  size: number;
  hitT: Float64Array;
  hitVoxel: Int32Array;
}

/** Default picture size, pixels: fine enough to judge a face by. */
export const RENDER_SIZE = 512;

/**
 * Surface normals: the gradient of the image smoothed by a box of 2·NORMAL_SMOOTHING + 1 voxels, by
 * central differences over ±NORMAL_HALF_WIDTH of the finest voxels (the same distance in mm along
 * every axis). The iso-surface of a voxel mask (a defacing's cut, a thick-slice scan) steps at every
 * voxel; normals from the lightly smoothed field over ±1 voxel see each step, and the shading bands
 * at every slice. Over this wider support the steps average out while features of several mm (lips,
 * eyelids, nostrils) keep their shading (test/masks/renderShading.test.ts). The surface itself (where
 * a ray stops) stays on the lightly smoothed field.
 */
const NORMAL_HALF_WIDTH = 2;
const NORMAL_SMOOTHING = 3;

/**
 * Ray-casts a scene: one orthographic ray per pixel, the first crossing of the iso-value,
 * Lambert-shaded. With `before`, the same view of the scene's base image: a ray that meets the
 * surface before it comes near the changed voxels (or never comes near them) reads the same
 * values, so its pixel is copied instead of cast again.
 */
export function castShades(scene: SurfaceScene, view: View, size = RENDER_SIZE, before?: Cast): Cast {
  const volume = scene.volume;
  const ax = viewAxes(view);
  const { u, v, t, extent } = viewFrame(volume, view);
  const pixel = extent / size;
  const u0 = (u[0] + u[1]) / 2 - extent / 2;
  const v0 = (v[0] + v[1]) / 2 - extent / 2;
  const step = Math.min(...volume.spacing) * 0.8;
  const iso = scene.iso;
  // The ray loop's small vectors are Float64Arrays: a plain array holds small integers or doubles
  // depending on the view and the affine, and each change of kind between calls throws the
  // optimised loop away (a "wrong map" deoptimisation, then a recompilation).
  const light = [-0.8 * ax.ray[0], -0.8 * ax.ray[1], 0.6]; // from the viewer and above
  const ll = Math.hypot(light[0], light[1], light[2]);
  const L = Float64Array.from(light, (x) => x / ll);
  const U = Float64Array.from(ax.u);
  const V = Float64Array.from(ax.v);
  const ray = Float64Array.from(ax.ray);
  const [tFirst, tLast] = t;
  const shades = new Float32Array(size * size).fill(-1);
  const hitT = new Float64Array(size * size).fill(Infinity);
  const hitVoxel = new Int32Array(size * size).fill(-1);
  const [nx, ny, nz] = volume.dims;
  const changed = before && before.size === size ? scene.changedBox : null;
  // March in voxel coordinates: start + tt·dir, with dir the ray in voxels per mm. Each ray is
  // clipped (slab method) to the voxel box that can hold the surface.
  const box = scene.box;
  const m = Float64Array.from(invertAffine(volume.affine));
  const dir = Float64Array.from([0, 1, 2], (r) => m[4 * r] * ray[0] + m[4 * r + 1] * ray[1] + m[4 * r + 2] * ray[2]);
  const start = new Float64Array(3);
  // half-widths of the central differences per array axis, in voxels: the same mm along every axis
  const halfMm = NORMAL_HALF_WIDTH * Math.min(...volume.spacing);
  const [hi, hj, hk] = volume.spacing.map((s) => halfMm / s);
  /**
   * world-space gradient at voxel coordinates: central differences (per voxel of each axis), mapped
   * through the inverse affine; non-finite components 0.
   */
  const gradient = (fi: number, fj: number, fk: number, g: Float64Array): void => {
    const gi = (scene.normalFieldAt(fi + hi, fj, fk) - scene.normalFieldAt(fi - hi, fj, fk)) / hi;
    const gj = (scene.normalFieldAt(fi, fj + hj, fk) - scene.normalFieldAt(fi, fj - hj, fk)) / hj;
    const gk = (scene.normalFieldAt(fi, fj, fk + hk) - scene.normalFieldAt(fi, fj, fk - hk)) / hk;
    g[0] = m[0] * gi + m[4] * gj + m[8] * gk;
    g[1] = m[1] * gi + m[5] * gj + m[9] * gk;
    g[2] = m[2] * gi + m[6] * gj + m[10] * gk;
    for (let c = 0; c < 3; c++) if (!Number.isFinite(g[c])) g[c] = 0;
  };
  const g = new Float64Array(3);
  for (let py = 0; py < size; py++) {
    const pv = v0 + (py + 0.5) * pixel;
    for (let px = 0; px < size; px++) {
      const pu = u0 + (px + 0.5) * pixel;
      // u, v and ray are orthogonal, so base + tt·ray has dot(x, ray) = tt
      const bx = pu * U[0] + pv * V[0];
      const by = pu * U[1] + pv * V[1];
      const bz = pu * U[2] + pv * V[2];
      for (let r = 0; r < 3; r++) start[r] = m[4 * r] * bx + m[4 * r + 1] * by + m[4 * r + 2] * bz + m[4 * r + 3];
      let tIn = tFirst;
      let tOut = tLast;
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
      // samples at tIn + n·step, n = first, first + 1, ... up to tOut
      let first = 0;
      if (changed) {
        const p = px + size * py;
        const entry = entryParameter(start, dir, changed);
        if (!(entry <= before!.hitT[p])) {
          shades[p] = before!.shades[p];
          hitT[p] = before!.hitT[p];
          hitVoxel[p] = before!.hitVoxel[p];
          continue;
        }
        // Every sample before the changed box reads what it read before, below the iso-value
        // then (the surface was met later): start at the last of them, not at the ray's entry.
        if (entry > tIn) first = Math.max(0, Math.floor((entry - tIn) / step) - 1);
      }
      const last = Math.floor((tOut + 1e-9 - tIn) / step);
      for (let n = first; n <= last; ) {
        const tt = tIn + n * step;
        const fi = start[0] + tt * dir[0];
        const fj = start[1] + tt * dir[1];
        const fk = start[2] + tt * dir[2];
        const emptyUntil = scene.emptyUntil(fi, fj, fk, tt, dir[0], dir[1], dir[2]);
        if (!Number.isNaN(emptyUntil)) {
          // no sample in this block can reach the surface: jump to the last sample before its far
          // side (that one is looked at again, so rounding at the boundary never skips a sample)
          n = Math.max(n + 1, Math.floor((emptyUntil - tIn) / step));
          continue;
        }
        const value = scene.atVoxel(fi, fj, fk);
        if (value >= iso) {
          // refine the crossing between the previous sample and this one by bisection
          let lo = tIn + (n - 1) * step;
          let hiT = tt;
          if (n > 0)
            for (let it = 0; it < 6; it++) {
              const mid = (lo + hiT) / 2;
              if (scene.atVoxel(start[0] + mid * dir[0], start[1] + mid * dir[1], start[2] + mid * dir[2]) >= iso) hiT = mid;
              else lo = mid;
            }
          const si = start[0] + hiT * dir[0];
          const sj = start[1] + hiT * dir[1];
          const sk = start[2] + hiT * dir[2];
          gradient(si, sj, sk, g);
          const gl = Math.hypot(g[0], g[1], g[2]);
          // the outward normal is minus the gradient (values grow into the head)
          const lit = gl > 0 ? (-g[0] / gl) * L[0] + (-g[1] / gl) * L[1] + (-g[2] / gl) * L[2] : -ray[0] * L[0] + -ray[1] * L[1] + -ray[2] * L[2];
          shades[px + size * py] = 0.15 + 0.85 * Math.max(0, lit);
          hitT[px + size * py] = tt;
          const vi = Math.min(nx - 1, Math.max(0, Math.round(si)));
          const vj = Math.min(ny - 1, Math.max(0, Math.round(sj)));
          const vk = Math.min(nz - 1, Math.max(0, Math.round(sk)));
          hitVoxel[px + size * py] = vi + nx * (vj + ny * vk);
          break;
        }
        n++;
      }
    }
  }
  return { shades, size, hitT, hitVoxel };
}

/** Where the ray start + t·dir (voxel coordinates) enters the box (inclusive voxel ranges); Infinity when it misses. */
function entryParameter(start: Float64Array, dir: Float64Array, box: Array<[number, number]>): number {
  let tIn = -Infinity;
  let tOut = Infinity;
  for (let a = 0; a < 3; a++) {
    if (Math.abs(dir[a]) < 1e-12) {
      if (start[a] < box[a][0] || start[a] > box[a][1]) return Infinity;
      continue;
    }
    const ta = (box[a][0] - start[a]) / dir[a];
    const tb = (box[a][1] - start[a]) / dir[a];
    tIn = Math.max(tIn, Math.min(ta, tb));
    tOut = Math.min(tOut, Math.max(ta, tb));
  }
  return tIn <= tOut ? tIn : Infinity;
}

