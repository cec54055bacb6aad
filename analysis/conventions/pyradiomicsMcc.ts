import { symmetricEigenvalues } from "../core/symmetricEigenvalues.js";
import { addCooccurrences, CooccurrenceMatrix } from "../features/texture/cooccurrence.js";
import { DIRECTIONS_2D, DIRECTIONS_3D } from "../features/texture/directions.js";
import { textureGrid } from "../features/texture/grid.js";
import type { PreparedRoi } from "../features/types.js";

/**
 * PyRadiomics' GLCM maximal correlation coefficient (glcm.py getMCCFeatureValue), which IBSI does
 * not define: MCC = √λ₂ with λ₂ the second largest eigenvalue of Q, Q_ij = Σ_k p_ik p_jk / (p_i p_k),
 * over the grey levels present in the ROI. For a symmetric GLCM Q = D⁻¹PD⁻¹P is similar to S² with
 * S = D^-½ P D^-½ symmetric, so Q's eigenvalues are the squares of S's (plus a 0 for each level
 * absent from this matrix) and a symmetric eigen-solver suffices. One grey level in the ROI gives 1.
 * Per direction and averaged (PyRadiomics' default), or on the matrix summed over directions
 * (weightingNorm no_weighting); force2D uses the 4 in-slice directions, each over every slice.
 */
export function pyradiomicsMcc(roi: PreparedRoi, opts: { force2D: boolean; merged: boolean }): number {
  const g = textureGrid(roi, "glcm");
  const lv = g.present;
  const n = lv.values.length;
  if (n < 2) return 1;
  const matrices = (opts.force2D ? DIRECTIONS_2D : DIRECTIONS_3D).map((dir) => {
    const m = new CooccurrenceMatrix(n);
    addCooccurrences(g, lv, dir, 0, g.nz, m);
    return m;
  });
  const used = matrices.filter((m) => m.pairs > 0); // PyRadiomics drops empty directions
  if (used.length === 0) return NaN;
  if (opts.merged) {
    const all = new CooccurrenceMatrix(n);
    for (const m of used) all.addMatrix(m);
    return mccOf(all, n);
  }
  let sum = 0;
  for (const m of used) sum += mccOf(m, n);
  return sum / used.length;
}

/** √(second largest eigenvalue of Q) of one co-occurrence count matrix over n present levels. */
export function mccOf(m: CooccurrenceMatrix, n: number): number {
  const px = new Float64Array(n);
  let total = 0;
  for (let e = 0; e < m.nonZero; e++) total += m.counts[m.cells[e]];
  for (let e = 0; e < m.nonZero; e++) px[(m.cells[e] / n) | 0] += m.counts[m.cells[e]] / total;
  // S over the levels that occur in this matrix; the others only add zero eigenvalues to Q.
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (px[i] > 0) rows.push(i);
  const r = rows.length;
  const s = new Float64Array(r * r);
  for (let a = 0; a < r; a++) {
    for (let b = 0; b < r; b++) {
      const p = m.counts[rows[a] * n + rows[b]] / total;
      s[a * r + b] = p / Math.sqrt(px[rows[a]] * px[rows[b]]);
    }
  }
  const squares = Array.from(symmetricEigenvalues(s, r), (l) => l * l).sort((x, y) => y - x);
  while (squares.length < n) squares.push(0);
  return Math.sqrt(squares[1]);
}
