import type { CountMatrix } from "./countMatrix.js";
import type { Offset } from "./directions.js";
import type { TextureGrid } from "./grid.js";

/**
 * Adds every run (maximal line of equal grey level along direction o, within slices [k0, k1)) to
 * the run length matrix m. The box is walked line by line along o, from each voxel whose
 * predecessor lies outside the range, so every voxel is read once: O(voxels).
 */
export function addRuns(g: TextureGrid, o: Offset, k0: number, k1: number, m: CountMatrix): void {
  const { levels, nx, ny } = g;
  const [ox, oy, oz] = o;
  const delta = ox + nx * (oy + ny * oz);
  // Counted densely first (runs are at most as long as the box), then handed to the compact matrix.
  const { index } = g.present;
  const ng = g.present.values.length;
  const maxLength = Math.max(nx, ny, k1 - k0);
  const dense = new Float64Array(ng * (maxLength + 1));
  for (let k = k0; k < k1; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const pi = i - ox, pj = j - oy, pk = k - oz;
        if (pi >= 0 && pi < nx && pj >= 0 && pj < ny && pk >= k0 && pk < k1) continue; // not a line start
        // voxels on this line before it leaves the box (or the slice range)
        const steps = Math.min(stepsLeft(i, ox, 0, nx), stepsLeft(j, oy, 0, ny), stepsLeft(k, oz, k0, k1));
        let level = 0, length = 0;
        for (let s = 0, q = i + nx * (j + ny * k); s < steps; s++, q += delta) {
          const a = levels[q];
          if (a === level) length++;
          else {
            if (level !== 0) dense[length * ng + index[level]]++;
            level = a;
            length = 1;
          }
        }
        if (level !== 0) dense[length * ng + index[level]]++;
      }
    }
  }
  for (let length = 1; length <= maxLength; length++)
    for (let i = 0; i < ng; i++) {
      const count = dense[length * ng + i];
      if (count !== 0) m.addAt(i, length, count);
    }
}

/** How many positions x, x + step, x + 2 step, ... lie in [lo, hi). */
function stepsLeft(x: number, step: number, lo: number, hi: number): number {
  if (step > 0) return (((hi - 1 - x) / step) | 0) + 1;
  if (step < 0) return (((x - lo) / -step) | 0) + 1;
  return 0x3fffffff; // no limit along this axis
}
