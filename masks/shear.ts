import { inputError } from "../analysis/core/errors.js";
import type { Grid, Mask } from "../analysis/core/volume.js";
import { worldRow } from "./worldGeometry.js";
import * as portable from "../analysis/core/portableMath.js";

/**
 * Shear-plane defacer, in the spirit of quickshear (Schimke & Hale 2011): seen from the side, the
 * face lies anterior-inferior of the brain. Project the brain mask onto the sagittal plane (world
 * A and S coordinates, so any voxel order works), take the convex hull of the projection, choose
 * the hull edge on its anterior-inferior side, move that line `bufferMm` further out, and remove
 * everything beyond it, across the whole left-right extent.
 *
 * Because the line supports the convex hull of every brain voxel centre, no brain voxel is ever
 * removed, whatever the buffer (>= 0).
 */
export interface ShearOptions {
  /** distance in mm between the brain's hull and the cutting plane (quickshear's default: 10). */
  bufferMm?: number;
  /**
   * direction (degrees below the anterior axis, in the sagittal plane) the cut should face: the hull
   * edge whose outward normal is closest to it is chosen. 45 = anterior-inferior.
   */
  aimDegrees?: number;
}

export interface ShearPlane {
  /** unit normal in world RAS (R component 0), pointing into the removed side. */
  normal: [number, number, number];
  /** the plane is { x : normal·x = offsetMm }; removed voxels have normal·x > offsetMm. */
  offsetMm: number;
  /** the two hull vertices (world A, S in mm) of the edge the plane is parallel to. */
  edge: [[number, number], [number, number]];
  bufferMm: number;
}

export interface ShearResult {
  mask: Mask;
  plane: ShearPlane;
}

export function shearDeface(brainMask: Mask, grid: Grid, options: ShearOptions = {}): ShearResult {
  const bufferMm = options.bufferMm ?? 10;
  const aim = ((options.aimDegrees ?? 45) * Math.PI) / 180;
  if (!(bufferMm >= 0)) throw inputError(`shear buffer must be >= 0 mm, got ${bufferMm}`);
  const points = sagittalOutlinePoints(brainMask, grid);
  if (points.length < 6) throw inputError("the brain mask is empty: the shear defacer needs a brain mask");
  const hull = convexHull(points);
  const aimDir: [number, number] = [portable.cos(aim), -portable.sin(aim)]; // (A, S)
  // Hull is counter-clockwise in the (A, S) plane: the outward normal of edge p->q is (dy, -dx).
  let best = -1;
  let bestDot = -Infinity;
  let bestNormal: [number, number] = aimDir;
  for (let e = 0; e < hull.length; e++) {
    const p = hull[e];
    const q = hull[(e + 1) % hull.length];
    const dx = q[0] - p[0];
    const dy = q[1] - p[1];
    const len = Math.hypot(dx, dy);
    if (len === 0) continue;
    const n: [number, number] = [dy / len, -dx / len];
    const dot = n[0] * aimDir[0] + n[1] * aimDir[1];
    if (dot > bestDot) (bestDot = dot), (best = e), (bestNormal = n);
  }
  let support = -Infinity;
  for (const p of hull) support = Math.max(support, bestNormal[0] * p[0] + bestNormal[1] * p[1]);
  const offsetMm = support + bufferMm;
  const mask = halfSpaceMask(grid, bestNormal, offsetMm);
  const p = hull[best];
  const q = hull[(best + 1) % hull.length];
  return {
    mask,
    plane: { normal: [0, bestNormal[0], bestNormal[1]], offsetMm, edge: [[p[0], p[1]], [q[0], q[1]]], bufferMm },
  };
}

/**
 * The brain's voxel centres projected onto the sagittal plane, reduced to what the hull needs:
 * along each array row (fixed j, k) the centres are collinear, so its first and last brain voxel
 * carry the row's whole contribution to the convex hull.
 */
export function sagittalOutlinePoints(brainMask: Mask, grid: Grid): Array<[number, number]> {
  const [nx, ny, nz] = grid.dims;
  const ra = worldRow(grid.affine, 1);
  const rs = worldRow(grid.affine, 2);
  const out: Array<[number, number]> = [];
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) {
      const row = nx * (j + ny * k);
      let first = -1;
      let last = -1;
      for (let i = 0; i < nx; i++)
        if (brainMask[row + i]) {
          if (first < 0) first = i;
          last = i;
        }
      if (first < 0) continue;
      for (const i of first === last ? [first] : [first, last])
        out.push([ra[0] * i + ra[1] * j + ra[2] * k + ra[3], rs[0] * i + rs[1] * j + rs[2] * k + rs[3]]);
    }
  return out;
}

/** Convex hull (Andrew's monotone chain), counter-clockwise, without collinear points. */
export function convexHull(points: Array<[number, number]>): Array<[number, number]> {
  const pts = points.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: [number, number], a: [number, number], b: [number, number]) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Array<[number, number]> = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: Array<[number, number]> = [];
  for (let n = pts.length - 1; n >= 0; n--) {
    const p = pts[n];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  return lower.concat(upper);
}

/** Voxels whose centre has nA·A + nS·S > offset (world mm). */
export function halfSpaceMask(grid: Grid, normalAS: [number, number], offsetMm: number): Mask {
  const [nx, ny, nz] = grid.dims;
  const ra = worldRow(grid.affine, 1);
  const rs = worldRow(grid.affine, 2);
  // n·x for voxel (i, j, k) = g0·i + g1·j + g2·k + g3
  const g = [0, 1, 2, 3].map((c) => normalAS[0] * ra[c] + normalAS[1] * rs[c]);
  const mask = new Uint8Array(nx * ny * nz);
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) {
      const base = g[1] * j + g[2] * k + g[3];
      for (let i = 0; i < nx; i++, v++) if (g[0] * i + base > offsetMm) mask[v] = 1;
    }
  return mask;
}
