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
  const si = Int32Array.from(steps, (o) => o[0]);
  const sj = Int32Array.from(steps, (o) => o[1]);
  const sk = Int32Array.from(steps, (o) => o[2]);
  const sp = Int32Array.from(steps, (o) => o[0] + nx * (o[1] + ny * o[2]));
  const nxy = nx * ny;
  let tail = 0;
  for (let k = 0, p = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, p++) {
        if (!mask[p]) continue;
        for (let o = 0; o < sp.length; o++) {
          const ni = i + si[o], nj = j + sj[o], nk = k + sk[o];
          if (ni < 0 || ni >= nx || nj < 0 || nj >= ny || nk < 0 || nk >= nz || !mask[p + sp[o]]) {
            dist[p] = 1;
            queue[tail++] = p;
            break;
          }
        }
      }
  // Breadth-first from the edge: every voxel reached is interior, so its face neighbours are in the box.
  for (let head = 0; head < tail; head++) {
    const p = queue[head];
    const next = dist[p] + 1;
    for (let o = 0; o < sp.length; o++) {
      const q = p + sp[o];
      if (dist[p] === 1) {
        // edge voxels may sit on the box boundary
        const k = (p / nxy) | 0;
        const r = p - k * nxy;
        const j = (r / nx) | 0;
        const i = r - j * nx;
        const ni = i + si[o], nj = j + sj[o], nk = k + sk[o];
        if (ni < 0 || ni >= nx || nj < 0 || nj >= ny || nk < 0 || nk >= nz) continue;
      }
      if (mask[q] && dist[q] === 0) {
        dist[q] = next;
        queue[tail++] = q;
      }
    }
  }
  return dist;
}
