import { type BoundingBox, maskBoundingBox, padBox } from "../analysis/processing/crop.js";
import type { Grid, Mask, Vec3 } from "../analysis/core/volume.js";
import { forEachDistanceSlab } from "./distanceTransform.js";
import { type RunBox, boxRuns, type BoxRuns, find } from "./runComponents.js";

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
  const { runs, labelOf, sizes } = labelRuns(mask, dims, box);
  forEachRun(runs, alignedBox(box, dims), (n, v, length) => labels.fill(labelOf[n], v, v + length));
  return { labels, sizes };
}

/** The largest 6-connected component (an empty mask stays empty; of equal sizes, the first in raster order). */
export function largestComponent(mask: Mask, dims: Vec3): Mask {
  const out = new Uint8Array(mask.length);
  const box = maskBoundingBox(mask, dims);
  if (!box) return out;
  const { runs, labelOf, sizes } = labelRuns(mask, dims, box);
  let best = 0;
  for (let l = 1; l < sizes.length; l++) if (best === 0 || sizes[l] > sizes[best]) best = l;
  forEachRun(runs, alignedBox(box, dims), (n, v, length) => {
    if (labelOf[n] === best) out.fill(1, v, v + length);
  });
  return out;
}

/**
 * Fills holes in 3-D: background voxels not 6-connected to the volume's border become foreground.
 * Everything outside the mask's bounding box is background joined to the border, so only the
 * background components of that box grown by one voxel are looked at: those that reach the box's
 * outer layer are outside, the others are holes.
 */
export function fillHoles(mask: Mask, dims: Vec3): Mask {
  const out = new Uint8Array(mask.length);
  const bbox = maskBoundingBox(mask, dims);
  if (!bbox) return out;
  const box = alignedBox(padBox(bbox, 1, dims), dims);
  const runs = boxRuns(mask, box, 0);
  const outside = borderComponents(runs, box);
  forEachRow(padBox(bbox, 1, dims), dims, 0, (v, _p, n) => out.fill(1, v, v + n));
  forEachRun(runs, box, (r, v, length) => {
    if (outside[find(runs.parent, r)]) out.fill(0, v, v + length);
  });
  return out;
}

/**
 * Fills holes slice by slice (2-D, 4-connected background) in the slices perpendicular to array
 * axis `axis`: closes cavities that open to the outside in 3-D but are enclosed within each slice
 * (the skull's foramina, the nostrils). Only the slices the mask crosses can hold holes, and in
 * each only the mask's bounding rectangle grown by one voxel.
 */
export function fillHolesInSlices(mask: Mask, dims: Vec3, axis: 0 | 1 | 2): Mask {
  const out = mask.slice();
  const bbox = maskBoundingBox(mask, dims);
  if (!bbox) return out;
  const box = padBox(bbox, 1, dims);
  const strides = [1, dims[0], dims[0] * dims[1]];
  const [a, b] = ([0, 1, 2] as const).filter((d) => d !== axis) as [0 | 1 | 2, 0 | 1 | 2];
  for (let s = bbox.lo[axis]; s <= bbox.hi[axis]; s++) {
    const slice: RunBox = {
      base: s * strides[axis] + box.lo[a] * strides[a] + box.lo[b] * strides[b],
      na: box.hi[a] - box.lo[a] + 1,
      nb: box.hi[b] - box.lo[b] + 1,
      nc: 1,
      sa: strides[a],
      sb: strides[b],
      sc: 0,
    };
    const runs = boxRuns(mask, slice, 0);
    const outside = borderComponents(runs, slice);
    forEachRun(runs, slice, (r, v, length) => {
      if (outside[find(runs.parent, r)]) return;
      for (let i = 0; i < length; i++) out[v + i * slice.sa] = 1;
    });
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
  const r2 = radiusMm * radiusMm;
  forEachDistanceSlab(mask, grid.dims, grid.spacing, box, false, r2, (d2, i0, width, j) =>
    forEachSliceOfRow(box, grid.dims, i0, j, (v, k) => {
      for (let i = 0, p = width * k; i < width; i++) out[v + i] = d2[p + i] <= r2 ? 1 : 0;
    }),
  );
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
  const r2 = radiusMm * radiusMm;
  forEachDistanceSlab(mask, grid.dims, grid.spacing, box, true, r2, (d2, i0, width, j) =>
    forEachSliceOfRow(box, grid.dims, i0, j, (v, k) => {
      for (let i = 0, p = width * k; i < width; i++) out[v + i] = d2[p + i] > r2 ? 1 : 0;
    }),
  );
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

/** Calls fn(global index of box voxel (i0, j, k), k) for every slice k of `box` (i0, j, k box-local). */
function forEachSliceOfRow(box: BoundingBox, dims: Vec3, i0: number, j: number, fn: (v: number, k: number) => void): void {
  const [nx, ny] = dims;
  const first = box.lo[0] + i0 + nx * (box.lo[1] + j + ny * box.lo[2]);
  for (let k = 0, bz = box.hi[2] - box.lo[2] + 1; k < bz; k++) fn(first + nx * ny * k, k);
}

/** A bounding box as a run box along x, rows y, slices z. */
function alignedBox(box: BoundingBox, dims: Vec3): RunBox {
  const [bx, by, bz] = boxSize(box);
  return { base: box.lo[0] + dims[0] * (box.lo[1] + dims[1] * box.lo[2]), na: bx, nb: by, nc: bz, sa: 1, sb: dims[0], sc: dims[0] * dims[1] };
}

/** Calls fn(run, global index of its first voxel, length) for every run, in raster order. */
function forEachRun(runs: BoxRuns, box: RunBox, fn: (run: number, v: number, length: number) => void): void {
  const rows = box.nb * box.nc;
  for (let r = 0; r < rows; r++) {
    const row = box.base + (r % box.nb) * box.sb + Math.floor(r / box.nb) * box.sc;
    for (let n = runs.rowFirst[r]; n < runs.rowFirst[r + 1]; n++) fn(n, row + runs.start[n] * box.sa, runs.end[n] - runs.start[n]);
  }
}

/** Labels 1..n of the foreground components (runs of a box holding every mask voxel), in raster order of their first voxel, and their sizes. */
function labelRuns(mask: Mask, dims: Vec3, box: BoundingBox): { runs: BoxRuns; labelOf: Int32Array; sizes: number[] } {
  const runs = boxRuns(mask, alignedBox(box, dims), 1);
  const labelOf = new Int32Array(runs.count);
  const sizes = [0];
  // a component's root is its first run in raster order, so it is met before the others
  for (let n = 0; n < runs.count; n++) {
    const root = find(runs.parent, n);
    if (root === n) labelOf[n] = sizes.push(0) - 1;
    else labelOf[n] = labelOf[root];
    sizes[labelOf[n]] += runs.end[n] - runs.start[n];
  }
  return { runs, labelOf, sizes };
}

/** Which components (by root run) reach the box's outer layer: the background joined to the outside. */
function borderComponents(runs: BoxRuns, box: RunBox): Uint8Array {
  const reached = new Uint8Array(runs.count);
  for (let c = 0, r = 0; c < box.nc; c++)
    for (let b = 0; b < box.nb; b++, r++) {
      const edgeRow = b === 0 || b === box.nb - 1 || (box.nc > 1 && (c === 0 || c === box.nc - 1));
      for (let n = runs.rowFirst[r]; n < runs.rowFirst[r + 1]; n++)
        if (edgeRow || runs.start[n] === 0 || runs.end[n] === box.na) reached[find(runs.parent, n)] = 1;
    }
  return reached;
}
