import type { PresentLevels } from "./presentLevels.js";
import type { Offset } from "./directions.js";
import type { TextureGrid } from "./grid.js";

/**
 * An n x n co-occurrence count matrix over the present grey levels that remembers its non-zero
 * cells, so clearing, merging and reading it cost O(non-zero cells) rather than O(n²): a slice
 * has few pairs, and 2D aggregation builds four matrices per slice.
 */
export class CooccurrenceMatrix {
  readonly counts: Float64Array;
  /** indices a*n + b of the non-zero cells, first `nonZero` entries. */
  readonly cells: Int32Array;
  nonZero = 0;
  /** voxel pairs counted (each adds two cells: the matrix is symmetric). */
  pairs = 0;

  constructor(readonly n: number) {
    this.counts = new Float64Array(n * n);
    this.cells = new Int32Array(n * n);
  }

  increment(cell: number, weight = 1): void {
    if (this.counts[cell] === 0) this.cells[this.nonZero++] = cell;
    this.counts[cell] += weight;
  }

  /** IBSI merging: sums another matrix into this one. */
  addMatrix(other: CooccurrenceMatrix): void {
    for (let e = 0; e < other.nonZero; e++) this.increment(other.cells[e], other.counts[other.cells[e]]);
    this.pairs += other.pairs;
  }

  clear(): void {
    for (let e = 0; e < this.nonZero; e++) this.counts[this.cells[e]] = 0;
    this.nonZero = 0;
    this.pairs = 0;
  }
}

/**
 * Adds the co-occurrences of grey levels at voxel pairs (p, p + o) inside slices [k0, k1) to the
 * matrix `m` over the present levels (cell index[i]*n + index[j]), in both orders: IBSI's
 * symmetric M_m = M_m+ + M_m+ᵀ.
 */
export function addCooccurrences(g: TextureGrid, lv: PresentLevels, o: Offset, k0: number, k1: number, m: CooccurrenceMatrix): void {
  const { levels, nx, ny } = g;
  const { index } = lv;
  const n = lv.values.length;
  const [ox, oy, oz] = o;
  const delta = ox + nx * (oy + ny * oz);
  const iLo = Math.max(0, -ox), iHi = Math.min(nx, nx - ox);
  const jLo = Math.max(0, -oy), jHi = Math.min(ny, ny - oy);
  const kLo = Math.max(k0, k0 - oz), kHi = Math.min(k1, k1 - oz);
  for (let k = kLo; k < kHi; k++) {
    for (let j = jLo; j < jHi; j++) {
      const row = nx * (j + ny * k);
      for (let i = iLo; i < iHi; i++) {
        const a = levels[row + i];
        if (a === 0) continue;
        const b = levels[row + i + delta];
        if (b === 0) continue;
        const ia = index[a], ib = index[b];
        m.increment(ia * n + ib);
        m.increment(ib * n + ia);
        m.pairs++;
      }
    }
  }
}
