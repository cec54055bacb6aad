import type { Grid, Mask } from "../analysis/core/volume.js";
import { maskBoundingBox } from "../analysis/processing/crop.js";

/**
 * World positions (mm) of the mask's voxels as [x0, y0, z0, x1, ...], in raster order. With
 * `surfaceOnly`, only voxels with a 6-neighbour outside the mask (or on the grid's edge) are kept.
 * Only the mask's bounding box is scanned (an ROI is a small part of the grid).
 */
export function maskWorldPoints(mask: Mask, grid: Grid, surfaceOnly = false): Float64Array {
  const [nx, ny, nz] = grid.dims;
  const box = maskBoundingBox(mask, grid.dims);
  if (!box) return new Float64Array(0);
  const a = grid.affine;
  let out = new Float64Array(3 * 4096);
  let n = 0;
  for (let k = box.lo[2]; k <= box.hi[2]; k++) {
    for (let j = box.lo[1]; j <= box.hi[1]; j++) {
      for (let i = box.lo[0], v = i + nx * (j + ny * k); i <= box.hi[0]; i++, v++) {
        if (!mask[v]) continue;
        if (surfaceOnly && i > 0 && i < nx - 1 && j > 0 && j < ny - 1 && k > 0 && k < nz - 1 &&
          mask[v - 1] && mask[v + 1] && mask[v - nx] && mask[v + nx] && mask[v - nx * ny] && mask[v + nx * ny]) continue;
        if (n + 3 > out.length) {
          const grown = new Float64Array(2 * out.length);
          grown.set(out);
          out = grown;
        }
        out[n++] = a[0] * i + a[1] * j + a[2] * k + a[3];
        out[n++] = a[4] * i + a[5] * j + a[6] * k + a[7];
        out[n++] = a[8] * i + a[9] * j + a[10] * k + a[11];
      }
    }
  }
  return out.slice(0, n);
}

/** True when the affine's voxel axes are mutually orthogonal (any scaling, flip or permutation). */
function orthogonalAxes(grid: Grid): boolean {
  const a = grid.affine;
  const dot = (p: number, q: number) => a[p] * a[q] + a[4 + p] * a[4 + q] + a[8 + p] * a[8 + q];
  const scale = Math.max(dot(0, 0), dot(1, 1), dot(2, 2));
  return [dot(0, 1), dot(0, 2), dot(1, 2)].every((d) => Math.abs(d) <= 1e-9 * scale);
}

/**
 * Exact smallest distance (mm, between voxel centres) from any voxel of `small` to any voxel of
 * `large` on the same grid, two masks that do not overlap; Infinity when either is empty. On grids with orthogonal axes only the
 * surface voxels of both masks can be nearest (from an inner voxel a step towards the other mask
 * gets strictly closer), so only those are used. Meant for a compact `small` (an ROI): with c its
 * centroid and R its radius, no voxel of `small` is closer to q than |q − c| − R, so `large` is
 * scanned by increasing |q − c| and the scan stops once that bound exceeds the best distance.
 */
export function minDistanceMm(small: Mask, large: Mask, grid: Grid): number {
  const surface = orthogonalAxes(grid);
  const a = maskWorldPoints(small, grid, surface);
  const b = maskWorldPoints(large, grid, surface);
  if (a.length === 0 || b.length === 0) return Infinity;
  let cx = 0, cy = 0, cz = 0;
  const na = a.length / 3;
  for (let p = 0; p < a.length; p += 3) {
    cx += a[p];
    cy += a[p + 1];
    cz += a[p + 2];
  }
  cx /= na;
  cy /= na;
  cz /= na;
  let radius = 0;
  for (let p = 0; p < a.length; p += 3) {
    radius = Math.max(radius, Math.hypot(a[p] - cx, a[p + 1] - cy, a[p + 2] - cz));
  }
  const count = b.length / 3;
  const dc = new Float64Array(count);
  let dcMin = Infinity;
  for (let q = 0; q < count; q++) {
    dc[q] = Math.hypot(b[3 * q] - cx, b[3 * q + 1] - cy, b[3 * q + 2] - cz);
    if (dc[q] < dcMin) dcMin = dc[q];
  }
  // The scan's first point, the nearest to c, leaves best <= dcMin + R; a point with dc beyond
  // dcMin + 2R (with room for rounding) is never reached: only the others are sorted (a shear
  // mask's surface has 200 000 points, the few thousand near the ROI matter).
  const reach = (dcMin + 2 * radius) * (1 + 1e-9) + 1e-9;
  let candidates = 0;
  for (let q = 0; q < count; q++) if (dc[q] <= reach) candidates++;
  const order = new Uint32Array(candidates);
  for (let q = 0, n = 0; q < count; q++) if (dc[q] <= reach) order[n++] = q;
  order.sort((p, q) => dc[p] - dc[q] || p - q);
  let best = Infinity;
  for (let n = 0; n < candidates; n++) {
    const q = order[n];
    if (dc[q] - radius > best) break;
    const qx = b[3 * q], qy = b[3 * q + 1], qz = b[3 * q + 2];
    let best2 = best * best;
    for (let p = 0; p < a.length; p += 3) {
      const dx = a[p] - qx, dy = a[p + 1] - qy, dz = a[p + 2] - qz;
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 < best2) best2 = d2;
    }
    best = Math.sqrt(best2);
  }
  return best;
}
