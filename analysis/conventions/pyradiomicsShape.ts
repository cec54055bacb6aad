import type { Vec3 } from "../core/volume.js";
import type { SurfaceMesh } from "../features/morphology/marchingCubes.js";

/**
 * PyRadiomics' Maximum2DDiameterSlice, …Column and …Row (shape.py, cshape.c): the largest distance
 * (mm) between two surface-mesh vertices that share their coordinate along one grid axis: the third
 * axis (Slice: axial planes), the second (Column: coronal) and the first (Row: sagittal). The mesh is
 * the same marching-cubes mesh as IBSI's (vertices half-way between inside and outside voxel
 * centres), so these come from our morphology mesh. In each plane the farthest pair lies on the
 * convex hull of the plane's vertices, so only hull vertices are paired.
 */
export interface PlaneDiameters {
  slice: number;
  column: number;
  row: number;
}

export function planeDiameters(mesh: SurfaceMesh, spacing: Vec3): PlaneDiameters {
  return {
    slice: maxDiameterInPlanes(mesh.grid2, spacing, 2),
    column: maxDiameterInPlanes(mesh.grid2, spacing, 1),
    row: maxDiameterInPlanes(mesh.grid2, spacing, 0),
  };
}

/** Largest vertex distance (mm) within any plane of constant coordinate along `axis`. */
function maxDiameterInPlanes(grid2: Int32Array, spacing: Vec3, axis: number): number {
  const n = grid2.length / 3;
  const [u, v] = [0, 1, 2].filter((a) => a !== axis);
  // Vertices sorted by their plane, then each plane's run of vertices is one group.
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => grid2[3 * a + axis] - grid2[3 * b + axis]);
  const hu = spacing[u] / 2,
    hv = spacing[v] / 2; // grid2 is in half voxels
  let best = 0;
  for (let start = 0; start < n; ) {
    let end = start;
    const plane = grid2[3 * order[start] + axis];
    while (end < n && grid2[3 * order[end] + axis] === plane) end++;
    const pts: [number, number][] = [];
    for (let q = start; q < end; q++) pts.push([grid2[3 * order[q] + u], grid2[3 * order[q] + v]]);
    const hull = convexHull2d(pts);
    for (let a = 0; a < hull.length; a++) {
      for (let b = a + 1; b < hull.length; b++) {
        const d2 = ((hull[a][0] - hull[b][0]) * hu) ** 2 + ((hull[a][1] - hull[b][1]) * hv) ** 2;
        if (d2 > best) best = d2;
      }
    }
    start = end;
  }
  return Math.sqrt(best);
}

/** Convex hull of integer points (Andrew's monotone chain); collinear points dropped; exact arithmetic. */
export function convexHull2d(points: [number, number][]): [number, number][] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length <= 2) return pts;
  const cross = (o: [number, number], a: [number, number], b: [number, number]) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: [number, number][] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  lower.pop();
  upper.pop();
  const hull = lower.concat(upper);
  return hull.length > 0 ? hull : pts.slice(0, 1);
}
