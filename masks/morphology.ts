import { type BoundingBox, maskBoundingBox, padBox } from "../analysis/processing/crop.js";
import type { Grid, Mask, Vec3 } from "../analysis/core/volume.js";
import { squaredDistanceTransformInBox } from "./distanceTransform.js";

/**
 * Binary morphology on masks: connected components, hole filling, dilation and erosion by a ball
 * of radius in mm (exact, through the Euclidean distance transform, so anisotropic voxels are fine).
 * Connectivity is 6 (face neighbours) throughout: the most conservative choice for "connected".
 *
 * Each operation works on the bounding box of what it can change (the mask's, grown by the radius
 * or by one voxel) and gives, bit for bit, what the same operation on the whole grid gives: outside
 * that box the answer is known without looking (no component, no hole, too far from the mask).
 */

/**
 * Labels the 6-connected components of `mask`: labels[i] = 1..n inside, 0 outside. Returns the
 * labels and the voxel count of each label (sizes[0] unused). Labels follow the raster order of
 * each component's first voxel.
 */
export function connectedComponents(mask: Mask, dims: Vec3): { labels: Int32Array; sizes: number[] } {
  const labels = new Int32Array(mask.length);
  const box = maskBoundingBox(mask, dims);
  if (!box) return { labels, sizes: [0] };
  const local = labelInBox(mask, dims, box);
  forEachRow(box, dims, 1, (v, p, n) => labels.set(local.labels.subarray(p, p + n), v));
  return { labels, sizes: local.sizes };
}

/** The largest 6-connected component (an empty mask stays empty; of equal sizes, the first in raster order). */
export function largestComponent(mask: Mask, dims: Vec3): Mask {
  const out = new Uint8Array(mask.length);
  const box = maskBoundingBox(mask, dims);
  if (!box) return out;
  const { labels, sizes } = labelInBox(mask, dims, box);
  let best = 0;
  for (let l = 1; l < sizes.length; l++) if (best === 0 || sizes[l] > sizes[best]) best = l;
  forEachRow(box, dims, 1, (v, p, n) => {
    for (let i = 0; i < n; i++) out[v + i] = labels[p + i] === best ? 1 : 0;
  });
  return out;
}

/**
 * Fills holes in 3-D: background voxels not 6-connected to the volume's border become foreground.
 * Everything outside the mask's bounding box is background joined to the border, so the flood runs
 * in that box grown by one voxel, from every background voxel of its outer layer.
 */
export function fillHoles(mask: Mask, dims: Vec3): Mask {
  const out = new Uint8Array(mask.length);
  const bbox = maskBoundingBox(mask, dims);
  if (!bbox) return out;
  const box = padBox(bbox, 1, dims);
  const { state, px, pxy } = walledCopy(mask, dims, box);
  const [bx, by, bz] = boxSize(box);
  const stack = new Int32Array(state.length);
  let top = 0;
  for (let k = 0; k < bz; k++)
    for (let j = 0; j < by; j++)
      for (let i = 0, p = 1 + px * (j + 1) + pxy * (k + 1); i < bx; i++, p++) {
        const outerLayer = i === 0 || j === 0 || k === 0 || i === bx - 1 || j === by - 1 || k === bz - 1;
        if (outerLayer && state[p] === BACKGROUND) (state[p] = REACHED), (stack[top++] = p);
      }
  const steps = [1, -1, px, -px, pxy, -pxy];
  while (top > 0) {
    const p = stack[--top];
    for (let s = 0; s < 6; s++) {
      const w = p + steps[s];
      if (state[w] === BACKGROUND) (state[w] = REACHED), (stack[top++] = w);
    }
  }
  forEachRow(box, dims, 1, (v, p, n) => {
    for (let i = 0; i < n; i++) out[v + i] = state[p + i] === REACHED ? 0 : 1;
  });
  return out;
}

/**
 * Fills holes slice by slice (2-D, 4-connected background) in the slices perpendicular to array
 * axis `axis`: closes cavities that open to the outside in 3-D but are enclosed within each slice
 * (the skull's foramina, the nostrils). Only the slices the mask crosses can hold holes, and in
 * each the flood runs in the mask's bounding rectangle grown by one voxel.
 */
export function fillHolesInSlices(mask: Mask, dims: Vec3, axis: 0 | 1 | 2): Mask {
  const out = mask.slice();
  const bbox = maskBoundingBox(mask, dims);
  if (!bbox) return out;
  const box = padBox(bbox, 1, dims);
  const strides = [1, dims[0], dims[0] * dims[1]];
  const [a, b] = ([0, 1, 2] as const).filter((d) => d !== axis) as [0 | 1 | 2, 0 | 1 | 2];
  const na = box.hi[a] - box.lo[a] + 1;
  const nb = box.hi[b] - box.lo[b] + 1;
  const sa = strides[a];
  const sb = strides[b];
  // the rectangle with a one-pixel wall around it, so the flood needs no bounds checks
  const pa = na + 2;
  const state = new Uint8Array(pa * (nb + 2));
  const stack = new Int32Array(state.length);
  const steps = [1, -1, pa, -pa];
  for (let s = bbox.lo[axis]; s <= bbox.hi[axis]; s++) {
    const base = s * strides[axis] + box.lo[a] * sa + box.lo[b] * sb;
    state.fill(WALL);
    for (let w = 0; w < nb; w++)
      for (let u = 0, v = base + w * sb, p = 1 + pa * (w + 1); u < na; u++, v += sa, p++) state[p] = mask[v] ? FOREGROUND : BACKGROUND;
    let top = 0;
    for (let w = 0; w < nb; w++)
      for (let u = 0, p = 1 + pa * (w + 1); u < na; u++, p++)
        if ((u === 0 || w === 0 || u === na - 1 || w === nb - 1) && state[p] === BACKGROUND) (state[p] = REACHED), (stack[top++] = p);
    while (top > 0) {
      const p = stack[--top];
      for (let d = 0; d < 4; d++) {
        const q = p + steps[d];
        if (state[q] === BACKGROUND) (state[q] = REACHED), (stack[top++] = q);
      }
    }
    for (let w = 0; w < nb; w++)
      for (let u = 0, v = base + w * sb, p = 1 + pa * (w + 1); u < na; u++, v += sa, p++) if (state[p] === BACKGROUND) out[v] = 1;
  }
  return out;
}

/**
 * Dilation by a ball of `radiusMm`: voxels within that distance of the mask. Only the mask's
 * bounding box grown by the radius (and a voxel) can be reached; the distance transform runs there.
 */
export function dilate(mask: Mask, grid: Pick<Grid, "dims" | "spacing">, radiusMm: number): Mask {
  const out = new Uint8Array(mask.length);
  const bbox = maskBoundingBox(mask, grid.dims);
  if (!bbox) return out;
  const reach = grid.spacing.map((s) => Math.ceil(Math.abs(radiusMm) / s) + 1) as Vec3;
  const box = padBox(bbox, reach, grid.dims);
  const d2 = squaredDistanceTransformInBox(mask, grid.dims, grid.spacing, box);
  const r2 = radiusMm * radiusMm;
  forEachRow(box, grid.dims, 0, (v, p, n) => {
    for (let i = 0; i < n; i++) out[v + i] = d2[p + i] <= r2 ? 1 : 0;
  });
  return out;
}

/**
 * Erosion by a ball of `radiusMm`: voxels farther than that from the background. Only mask voxels
 * can remain; the distance to the background is exact in the mask's bounding box grown by one
 * voxel, whose outer layer is background (see squaredDistanceTransformInBox).
 */
export function erode(mask: Mask, grid: Pick<Grid, "dims" | "spacing">, radiusMm: number): Mask {
  const out = new Uint8Array(mask.length);
  const bbox = maskBoundingBox(mask, grid.dims);
  if (!bbox) return out;
  const box = padBox(bbox, 1, grid.dims);
  const d2 = squaredDistanceTransformInBox(mask, grid.dims, grid.spacing, box, true);
  const r2 = radiusMm * radiusMm;
  forEachRow(box, grid.dims, 0, (v, p, n) => {
    for (let i = 0; i < n; i++) out[v + i] = d2[p + i] > r2 ? 1 : 0;
  });
  return out;
}

/** Opening (erosion then dilation): cuts bridges thinner than 2·radius between regions. */
export function open(mask: Mask, grid: Pick<Grid, "dims" | "spacing">, radiusMm: number): Mask {
  return dilate(erode(mask, grid, radiusMm), grid, radiusMm);
}

/** Closing (dilation then erosion): bridges gaps narrower than 2·radius. */
export function close(mask: Mask, grid: Pick<Grid, "dims" | "spacing">, radiusMm: number): Mask {
  return erode(dilate(mask, grid, radiusMm), grid, radiusMm);
}

// States of a voxel in a flood-fill grid.
const BACKGROUND = 0;
const FOREGROUND = 1;
const REACHED = 2;
const WALL = 3;

const boxSize = (box: BoundingBox): Vec3 => box.hi.map((h, a) => h - box.lo[a] + 1) as Vec3;

/**
 * Calls fn(global index, local index, length) for every x-row of `box`, in raster order; the local
 * array is laid out on the box grown by `wall` voxels on every side.
 */
function forEachRow(box: BoundingBox, dims: Vec3, wall: number, fn: (v: number, p: number, n: number) => void): void {
  const [nx, ny] = dims;
  const [bx, by, bz] = boxSize(box);
  const px = bx + 2 * wall;
  const py = by + 2 * wall;
  for (let k = 0; k < bz; k++)
    for (let j = 0; j < by; j++) fn(box.lo[0] + nx * (box.lo[1] + j + ny * (box.lo[2] + k)), wall + px * (j + wall + py * (k + wall)), bx);
}

/**
 * The box of the mask as FOREGROUND/BACKGROUND in a local array with a one-voxel WALL on every
 * side, so a flood steps to the six neighbours without bounds checks.
 */
function walledCopy(mask: Mask, dims: Vec3, box: BoundingBox): { state: Uint8Array; px: number; pxy: number } {
  const [bx, by, bz] = boxSize(box);
  const px = bx + 2;
  const pxy = px * (by + 2);
  const state = new Uint8Array(pxy * (bz + 2)).fill(WALL);
  forEachRow(box, dims, 1, (v, p, n) => {
    for (let i = 0; i < n; i++) state[p + i] = mask[v + i] ? FOREGROUND : BACKGROUND;
  });
  return { state, px, pxy };
}

/** 6-connected labelling inside a box that holds every mask voxel, on a walled local copy. */
function labelInBox(mask: Mask, dims: Vec3, box: BoundingBox): { labels: Int32Array; sizes: number[] } {
  const { state, px, pxy } = walledCopy(mask, dims, box);
  const labels = new Int32Array(state.length);
  const sizes = [0];
  const stack = new Int32Array(state.length);
  const steps = [1, -1, px, -px, pxy, -pxy];
  // seeds in raster order, so labels number the components as a whole-grid scan would
  for (let seed = 0; seed < state.length; seed++) {
    if (state[seed] !== FOREGROUND || labels[seed]) continue;
    const label = sizes.length;
    let size = 0;
    let top = 0;
    stack[top++] = seed;
    labels[seed] = label;
    while (top > 0) {
      const p = stack[--top];
      size++;
      for (let s = 0; s < 6; s++) {
        const w = p + steps[s];
        if (state[w] === FOREGROUND && !labels[w]) (labels[w] = label), (stack[top++] = w);
      }
    }
    sizes.push(size);
  }
  return { labels, sizes };
}
