import type { CountMatrix } from "./countMatrix.js";
import type { Offset } from "./directions.js";
import type { TextureGrid } from "./grid.js";

/**
 * Adds every run (maximal line of equal grey level along direction o, within slices [k0, k1)) to
 * the run length matrix m. Each run is found from its first voxel, so the cost is O(voxels).
 */
export function addRuns(g: TextureGrid, o: Offset, k0: number, k1: number, m: CountMatrix): void {
  const { levels, nx, ny } = g;
  const [ox, oy, oz] = o;
  const delta = ox + nx * (oy + ny * oz);
  const inside = (i: number, j: number, k: number) => i >= 0 && i < nx && j >= 0 && j < ny && k >= k0 && k < k1;
  for (let k = k0; k < k1; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const p = i + nx * (j + ny * k);
        const a = levels[p];
        if (a === 0) continue;
        if (inside(i - ox, j - oy, k - oz) && levels[p - delta] === a) continue; // not a run start
        let length = 1;
        let ci = i + ox, cj = j + oy, ck = k + oz, q = p + delta;
        while (inside(ci, cj, ck) && levels[q] === a) {
          length++;
          ci += ox;
          cj += oy;
          ck += oz;
          q += delta;
        }
        m.add(a, length);
      }
    }
  }
}
