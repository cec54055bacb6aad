import { endOfStretch, maskWords } from "../analysis/core/volume.js";
/**
 * Connected components of the runs of a box: the box is read row by row along its first axis, each
 * maximal stretch of equal voxels (a run) is a node, and runs of neighbouring rows that share a
 * position are joined (union-find). A solid region costs its rows, not its voxels: this is what
 * component labelling and hole filling in masks/morphology.ts work on.
 *
 * The box: `base` the global index of its first voxel, (na, nb, nc) its size and (sa, sb, sc) the
 * global strides along its three axes; runs lie along a, rows are (b, c) in raster order. With
 * nc = 1 it is a 2-D slice (4-connected); otherwise 6-connected.
 */
export interface BoxRuns {
  /** per run: first position along a, and one past the last. */
  start: Int32Array;
  end: Int32Array;
  /** runs of row r (= b + nb·c) are rowFirst[r] .. rowFirst[r + 1] - 1, in order along a. */
  rowFirst: Int32Array;
  /** union-find parent of each run (a root is its own parent). */
  parent: Int32Array;
  count: number;
}

export interface RunBox {
  base: number;
  na: number;
  nb: number;
  nc: number;
  sa: number;
  sb: number;
  sc: number;
}

/** The runs of voxels with `(mask[v] ? 1 : 0) === value` in the box, joined into components. */
export function boxRuns(mask: Uint8Array, box: RunBox, value: 0 | 1): BoxRuns {
  const { base, na, nb, nc, sa, sb, sc } = box;
  const rows = nb * nc;
  const rowFirst = new Int32Array(rows + 1);
  let capacity = Math.max(16, rows);
  let start = new Int32Array(capacity);
  let end = new Int32Array(capacity);
  let count = 0;
  // rows along memory (sa = 1) are read four voxels at a time where the mask's memory allows
  const words = sa === 1 ? maskWords(mask) : undefined;
  for (let c = 0, r = 0; c < nc; c++)
    for (let b = 0; b < nb; b++, r++) {
      rowFirst[r] = count;
      const row = base + b * sb + c * sc;
      let a = 0;
      while (a < na) {
        if (words) a = endOfStretch(mask, words, row + a, row + na, value === 1 ? 0 : 1) - row;
        else while (a < na && (mask[row + a * sa] ? 1 : 0) !== value) a++;
        if (a === na) break;
        const s = a;
        if (words) a = endOfStretch(mask, words, row + a, row + na, value) - row;
        else while (a < na && (mask[row + a * sa] ? 1 : 0) === value) a++;
        if (count === capacity) {
          capacity *= 2;
          const grownStart = new Int32Array(capacity);
          const grownEnd = new Int32Array(capacity);
          grownStart.set(start);
          grownEnd.set(end);
          start = grownStart;
          end = grownEnd;
        }
        start[count] = s;
        end[count] = a;
        count++;
      }
    }
  rowFirst[rows] = count;
  const parent = new Int32Array(count);
  for (let n = 0; n < count; n++) parent[n] = n;
  const runs: BoxRuns = { start, end, rowFirst, parent, count };
  for (let c = 0, r = 0; c < nc; c++)
    for (let b = 0; b < nb; b++, r++) {
      if (b > 0) joinRows(runs, r, r - 1);
      if (c > 0) joinRows(runs, r, r - nb);
    }
  return runs;
}

/** Joins every run of row r with the runs of row q it overlaps (both sorted along a: one sweep). */
function joinRows(runs: BoxRuns, r: number, q: number): void {
  const { start, end, rowFirst } = runs;
  let i = rowFirst[r];
  let j = rowFirst[q];
  const iEnd = rowFirst[r + 1];
  const jEnd = rowFirst[q + 1];
  while (i < iEnd && j < jEnd) {
    if (start[i] < end[j] && start[j] < end[i]) union(runs.parent, i, j);
    if (end[i] < end[j]) i++;
    else j++;
  }
}

export function find(parent: Int32Array, n: number): number {
  let root = n;
  while (parent[root] !== root) root = parent[root];
  while (parent[n] !== root) {
    const next = parent[n];
    parent[n] = root;
    n = next;
  }
  return root;
}

function union(parent: Int32Array, a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  // the earlier run stays the root, so a component's root is its first run in raster order
  if (ra < rb) parent[rb] = ra;
  else if (rb < ra) parent[ra] = rb;
}
