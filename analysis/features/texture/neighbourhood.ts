import { chebyshevNeighbourhood } from "./directions.js";
import type { TextureGrid } from "./grid.js";

/**
 * Visits every ROI voxel with the grey levels of its neighbours inside the ROI (Chebyshev distance
 * `delta`, within the slice when `planar`): visit(p, level, k, neighbourLevels, count). Interior
 * voxels skip the bounds checks. O(voxels x (2 delta + 1)^3).
 */
export function forEachNeighbourhood(
  g: TextureGrid,
  delta: number,
  planar: boolean,
  visit: (p: number, level: number, k: number, neighbours: Int32Array, count: number) => void,
): void {
  const { levels, nx, ny, nz } = g;
  const offsets = chebyshevNeighbourhood(delta, planar);
  const di = Int32Array.from(offsets, (o) => o[0]);
  const dj = Int32Array.from(offsets, (o) => o[1]);
  const dk = Int32Array.from(offsets, (o) => o[2]);
  const dp = Int32Array.from(offsets, (o) => o[0] + nx * (o[1] + ny * o[2]));
  const found = new Int32Array(offsets.length);
  const dz = planar ? 0 : delta;
  for (let k = 0; k < nz; k++) {
    const kInner = k >= dz && k < nz - dz;
    for (let j = 0; j < ny; j++) {
      const jkInner = kInner && j >= delta && j < ny - delta;
      for (let i = 0; i < nx; i++) {
        const p = i + nx * (j + ny * k);
        const level = levels[p];
        if (level === 0) continue;
        let count = 0;
        if (jkInner && i >= delta && i < nx - delta) {
          for (let o = 0; o < dp.length; o++) {
            const q = levels[p + dp[o]];
            if (q !== 0) found[count++] = q;
          }
        } else {
          for (let o = 0; o < dp.length; o++) {
            const ni = i + di[o], nj = j + dj[o], nk = k + dk[o];
            if (ni < 0 || ni >= nx || nj < 0 || nj >= ny || nk < 0 || nk >= nz) continue;
            const q = levels[p + dp[o]];
            if (q !== 0) found[count++] = q;
          }
        }
        visit(p, level, k, found, count);
      }
    }
  }
}
