import type { Vec3 } from "../../core/volume.js";
import { faceNeighbours } from "./directions.js";

/**
 * IBSI GLDZM distance to the ROI edge: 1 for mask voxels with a face neighbour outside the mask
 * (voxels beyond the box are outside), growing by one per face step inward (6-connectivity in 3D,
 * 4-connectivity within each slice when `planar`), 0 outside the mask. Equal to IBSI's repeated
 * erosion, computed as one breadth-first pass from the edge, O(voxels).
 */
export function edgeDistanceMap(mask: Uint8Array, dims: Vec3, planar: boolean): Int32Array {
  const [nx, ny, nz] = dims;
  const n = nx * ny * nz;
  const dist = new Int32Array(n);
  const queue = new Int32Array(n);
  const steps = faceNeighbours(planar);
  let tail = 0;
  const inBox = (i: number, j: number, k: number) => i >= 0 && i < nx && j >= 0 && j < ny && k >= 0 && k < nz;
  for (let k = 0, p = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, p++) {
        if (!mask[p]) continue;
        for (const [di, dj, dk] of steps) {
          const ni = i + di, nj = j + dj, nk = k + dk;
          if (!inBox(ni, nj, nk) || !mask[ni + nx * (nj + ny * nk)]) {
            dist[p] = 1;
            queue[tail++] = p;
            break;
          }
        }
      }
  const nxy = nx * ny;
  for (let head = 0; head < tail; head++) {
    const p = queue[head];
    const k = Math.floor(p / nxy);
    const r = p - k * nxy;
    const j = Math.floor(r / nx);
    const i = r - j * nx;
    for (const [di, dj, dk] of steps) {
      const ni = i + di, nj = j + dj, nk = k + dk;
      if (!inBox(ni, nj, nk)) continue;
      const q = ni + nx * (nj + ny * nk);
      if (mask[q] && dist[q] === 0) {
        dist[q] = dist[p] + 1;
        queue[tail++] = q;
      }
    }
  }
  return dist;
}
