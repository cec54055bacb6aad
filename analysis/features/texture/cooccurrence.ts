import type { PresentLevels } from "./presentLevels.js";
import type { Offset } from "./directions.js";
import type { TextureGrid } from "./grid.js";

/**
 * Adds the co-occurrences of grey levels at voxel pairs (p, p + o) inside slices [k0, k1) to the
 * n x n matrix `m` over the present levels (row-major, element index[i]*n + index[j]), in both
 * orders: IBSI's symmetric M_m = M_m+ + M_m+ᵀ. Returns the number of pairs added.
 */
export function addCooccurrences(g: TextureGrid, lv: PresentLevels, o: Offset, k0: number, k1: number, m: Float64Array): number {
  const { levels, nx, ny } = g;
  const { index } = lv;
  const n = lv.values.length;
  const [ox, oy, oz] = o;
  const delta = ox + nx * (oy + ny * oz);
  const iLo = Math.max(0, -ox), iHi = Math.min(nx, nx - ox);
  const jLo = Math.max(0, -oy), jHi = Math.min(ny, ny - oy);
  const kLo = Math.max(k0, k0 - oz), kHi = Math.min(k1, k1 - oz);
  let pairs = 0;
  for (let k = kLo; k < kHi; k++) {
    for (let j = jLo; j < jHi; j++) {
      const row = nx * (j + ny * k);
      for (let i = iLo; i < iHi; i++) {
        const a = levels[row + i];
        if (a === 0) continue;
        const b = levels[row + i + delta];
        if (b === 0) continue;
        const ia = index[a], ib = index[b];
        m[ia * n + ib]++;
        m[ib * n + ia]++;
        pairs++;
      }
    }
  }
  return pairs;
}
