import type { Grid, Mask } from "../analysis/core/volume.js";
import { maskBoundingBox } from "../analysis/processing/crop.js";
import { dilate, erode, fillHoles, fillHolesInSlices } from "./morphology.js";
import { arrayAxisAlong, worldRow } from "./worldGeometry.js";

/**
 * Is the face gone? The facial skin surface is the head mask's boundary inside a face region; the
 * residual face is the share of its area (mm², counted on voxel faces) that the defacing left in
 * place (surface voxels outside the removed region).
 */
export interface ResidualFace {
  facialSurfaceMm2: number;
  residualSurfaceMm2: number;
  /** 100 · residual / facial surface; null if the face region holds no skin surface. */
  residualPercent: number | null;
}

export function residualFace(head: Mask, faceRegion: Mask, removed: Mask, grid: Pick<Grid, "dims" | "spacing">): ResidualFace {
  const [nx, ny, nz] = grid.dims;
  const [sx, sy, sz] = grid.spacing;
  const areaX = sy * sz;
  const areaY = sx * sz;
  const areaZ = sx * sy;
  const nxy = nx * ny;
  let total = 0;
  let residual = 0;
  // only the face region counts: its bounding box, in raster order as over the whole grid
  const box = maskBoundingBox(faceRegion, grid.dims);
  if (box)
    for (let k = box.lo[2]; k <= box.hi[2]; k++)
      for (let j = box.lo[1]; j <= box.hi[1]; j++)
        for (let i = box.lo[0], v = i + nx * (j + ny * k); i <= box.hi[0]; i++, v++) {
          if (!head[v] || !faceRegion[v]) continue;
          // exposed faces: neighbours outside the head. The grid's own border is not skin (a field of
          // view cutting through the face exposes a section, not a surface), so it does not count.
          let area = 0;
          if (i > 0 && !head[v - 1]) area += areaX;
          if (i < nx - 1 && !head[v + 1]) area += areaX;
          if (j > 0 && !head[v - nx]) area += areaY;
          if (j < ny - 1 && !head[v + nx]) area += areaY;
          if (k > 0 && !head[v - nxy]) area += areaZ;
          if (k < nz - 1 && !head[v + nxy]) area += areaZ;
          if (area === 0) continue;
          total += area;
          if (!removed[v]) residual += area;
        }
  return { facialSurfaceMm2: total, residualSurfaceMm2: residual, residualPercent: total > 0 ? (100 * residual) / total : null };
}

/**
 * The head as its skin sees it: a closing by `radiusMm` seals narrow openings (the eyelids'
 * gap, the nostrils, the lips) and the cavities behind them are filled, so eyeballs, nasal cavity
 * and mouth do not count as facial skin. Pass this, not the raw head mask, to residualFace.
 */
export function skinHead(head: Mask, grid: Grid, radiusMm = 5, grown = dilate(head, grid, radiusMm)): Mask {
  // a closing: `grown` is its dilation (callers that also need the grown head pass it in)
  const sealed = fillHoles(erode(grown, grid, radiusMm), grid.dims);
  return fillHolesInSlices(sealed, grid.dims, arrayAxisAlong(grid, 2));
}

export interface FaceRegionOptions {
  /** how far behind the brain's front the face region starts, mm (default 35: cheeks, eyes). */
  depthMm?: number;
  /** height of the face below the frontal lobe's floor, mm (default 110: down to the chin). */
  heightMm?: number;
  /**
   * half-width of the face around the brain's mid-sagittal plane, mm (default 50: the eyes' outer
   * corners sit at about ±45 mm, the nose, mouth and chin within); Infinity adds the cheeks and temples.
   */
  halfWidthMm?: number;
}

/**
 * Where the face is, for scans without a reference face mask, from the brain alone (world
 * coordinates): the frontal lobe's floor (the lowest brain voxel within 30 mm of the brain's front)
 * sits at the orbital roof, at eyebrow level; the face lies below it, in front of the coronal plane
 * `depthMm` behind the brain's front, within `halfWidthMm` of the brain's mid-sagittal plane
 * (its mean R). Ears, neck and the back of the head fall outside.
 */
export function faceRegionFromBrain(brain: Mask, grid: Grid, options: FaceRegionOptions = {}): Mask {
  const depth = options.depthMm ?? 35;
  const height = options.heightMm ?? 110;
  const halfWidth = options.halfWidthMm ?? 50;
  const [nx, ny, nz] = grid.dims;
  const rr = worldRow(grid.affine, 0);
  const ra = worldRow(grid.affine, 1);
  const rs = worldRow(grid.affine, 2);
  const out = new Uint8Array(brain.length);
  const box = maskBoundingBox(brain, grid.dims);
  if (!box) return out;
  // the brain's front, mean R and frontal floor, over its bounding box in raster order
  let front = -Infinity;
  let sumR = 0;
  let count = 0;
  for (let k = box.lo[2]; k <= box.hi[2]; k++)
    for (let j = box.lo[1]; j <= box.hi[1]; j++)
      for (let i = box.lo[0], v = i + nx * (j + ny * k); i <= box.hi[0]; i++, v++)
        if (brain[v]) {
          front = Math.max(front, ra[0] * i + ra[1] * j + ra[2] * k + ra[3]);
          sumR += rr[0] * i + rr[1] * j + rr[2] * k + rr[3];
          count++;
        }
  const midR = sumR / count;
  let floor = Infinity;
  for (let k = box.lo[2]; k <= box.hi[2]; k++)
    for (let j = box.lo[1]; j <= box.hi[1]; j++)
      for (let i = box.lo[0], v = i + nx * (j + ny * k); i <= box.hi[0]; i++, v++)
        if (brain[v] && ra[0] * i + ra[1] * j + ra[2] * k + ra[3] >= front - 30) floor = Math.min(floor, rs[0] * i + rs[1] * j + rs[2] * k + rs[3]);
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++, v += nx) {
      // when A or S does not change along a row (an axis-aligned grid), one voxel decides for the row
      const s0 = rs[0] * 0 + rs[1] * j + rs[2] * k + rs[3];
      if (rs[0] === 0 && !(s0 <= floor && s0 >= floor - height)) continue;
      if (ra[0] === 0 && !(ra[0] * 0 + ra[1] * j + ra[2] * k + ra[3] >= front - depth)) continue;
      for (let i = 0; i < nx; i++) {
        const s = rs[0] * i + rs[1] * j + rs[2] * k + rs[3];
        const r = rr[0] * i + rr[1] * j + rr[2] * k + rr[3];
        if (ra[0] * i + ra[1] * j + ra[2] * k + ra[3] >= front - depth && s <= floor && s >= floor - height && Math.abs(r - midR) <= halfWidth) out[v + i] = 1;
      }
    }
  return out;
}
