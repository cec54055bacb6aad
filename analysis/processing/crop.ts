import { inputError } from "../core/errors.js";
import { endOfStretch, maskWords, type Mask, type Vec3, type Volume } from "../core/volume.js";

/** Inclusive voxel bounds [lo, hi] along each axis. */
export interface BoundingBox {
  lo: Vec3;
  hi: Vec3;
}

/**
 * Bounding box of the non-zero voxels of a mask, or null when the mask is empty. Row by row: the
 * first non-zero voxel of a row, then the last one searched from the row's end down to the widest
 * extent found so far, so a row costs a scan up to its first voxel plus its tail. Zeros are skipped
 * four at a time where the mask's memory allows (most of a head's grid is empty).
 */
export function maskBoundingBox(mask: Mask, dims: Vec3): BoundingBox | null {
  const [nx, ny, nz] = dims;
  const lo: Vec3 = [nx, ny, nz];
  const hi: Vec3 = [-1, -1, -1];
  const words = maskWords(mask);
  for (let k = 0, row = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++, row += nx) {
      const first = endOfStretch(mask, words, row, row + nx, 0) - row;
      if (first === nx) continue;
      let last = nx - 1;
      while (last > hi[0] && last > first && !mask[row + last]) last--;
      if (first < lo[0]) lo[0] = first;
      if (last > hi[0]) hi[0] = last;
      if (j < lo[1]) lo[1] = j;
      if (j > hi[1]) hi[1] = j;
      if (k < lo[2]) lo[2] = k;
      if (k > hi[2]) hi[2] = k;
    }
  }
  return hi[0] < 0 ? null : { lo, hi };
}

/** Grows a box by `margin` voxels on each side (one number, or one per axis), clipped to the grid. */
export function padBox(box: BoundingBox, margin: number | Vec3, dims: Vec3): BoundingBox {
  const m = typeof margin === "number" ? [margin, margin, margin] : margin;
  return {
    lo: box.lo.map((v, a) => Math.max(0, v - m[a])) as Vec3,
    hi: box.hi.map((v, a) => Math.min(dims[a] - 1, v + m[a])) as Vec3,
  };
}

/** Margin in voxels along each axis that covers `mm` millimetres (e.g. the 1 cm³ sphere's radius). */
export const marginForMillimetres = (mm: number, spacing: Vec3): Vec3 =>
  spacing.map((s) => Math.ceil(mm / s)) as Vec3;

export const boxDims = (box: BoundingBox): Vec3 => [
  box.hi[0] - box.lo[0] + 1,
  box.hi[1] - box.lo[1] + 1,
  box.hi[2] - box.lo[2] + 1,
];

/**
 * Copies the box out of a volume-sized array, applying `map` to every value on the way (e.g. a
 * normalisation a·x + b), so the full volume is read once and never touched again.
 */
export function cropValues(
  data: ArrayLike<number>,
  dims: Vec3,
  box: BoundingBox,
  scale = 1,
  offset = 0,
): Float64Array {
  const [bx, by, bz] = boxDims(box);
  const out = new Float64Array(bx * by * bz);
  const [nx, ny] = dims;
  let o = 0;
  for (let k = box.lo[2]; k <= box.hi[2]; k++) {
    for (let j = box.lo[1]; j <= box.hi[1]; j++) {
      const row = box.lo[0] + nx * (j + ny * k);
      for (let i = 0; i < bx; i++) out[o++] = data[row + i] * scale + offset;
    }
  }
  return out;
}

export function cropMask(mask: Mask, dims: Vec3, box: BoundingBox): Uint8Array {
  const [bx, by, bz] = boxDims(box);
  const out = new Uint8Array(bx * by * bz);
  const [nx, ny] = dims;
  let o = 0;
  for (let k = box.lo[2]; k <= box.hi[2]; k++) {
    for (let j = box.lo[1]; j <= box.hi[1]; j++) {
      const row = box.lo[0] + nx * (j + ny * k);
      for (let i = 0; i < bx; i++) out[o++] = mask[row + i];
    }
  }
  return out;
}

/** Bounding box of a ROI mask, failing with a clear error when it is empty. */
export function roiBoundingBox(mask: Mask, volume: Pick<Volume, "dims">, what: string): BoundingBox {
  const box = maskBoundingBox(mask, volume.dims);
  if (!box) throw inputError("the region of interest is empty (no non-zero voxel)", what);
  return box;
}

/**
 * The replaced voxels (global indices, increasing) that fall inside the box, as box-local indices.
 * Done once per condition, so feature jobs never scan the face mask.
 */
export function replacementsInBox(
  indices: Uint32Array,
  values: Float64Array,
  dims: Vec3,
  box: BoundingBox,
): { indices: Uint32Array; values: Float64Array } {
  const [nx, ny] = dims;
  const [bx, by] = boxDims(box);
  const local: number[] = [];
  const kept: number[] = [];
  for (let n = 0; n < indices.length; n++) {
    const idx = indices[n];
    const i = idx % nx;
    const j = Math.floor(idx / nx) % ny;
    const k = Math.floor(idx / (nx * ny));
    if (i < box.lo[0] || i > box.hi[0] || j < box.lo[1] || j > box.hi[1] || k < box.lo[2] || k > box.hi[2]) continue;
    local.push(i - box.lo[0] + bx * (j - box.lo[1] + by * (k - box.lo[2])));
    kept.push(values[n]);
  }
  return { indices: Uint32Array.from(local), values: Float64Array.from(kept) };
}
