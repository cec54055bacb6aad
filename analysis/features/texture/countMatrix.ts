import { entropyTerm } from "./featureTable.js";
import type { PresentLevels } from "./presentLevels.js";

/**
 * A grey level x count matrix (GLRLM run lengths, GLSZM zone sizes, GLDZM distances, NGLDM
 * dependences), stored compactly: only the counts j that occur get a column, so a GLSZM of a
 * 262 144-voxel ROI holds a few hundred columns, not 262 144; and rows are the grey levels that
 * occur in the ROI (absent levels add nothing to any feature).
 */
export class CountMatrix {
  /** N_v: voxels the matrix was built from (summed when matrices are merged, as IBSI asks). */
  nVoxels = 0;
  /** the count j of each column. */
  readonly jValues: number[] = [];
  /** one Float64Array(present levels) per column: element [lv.index[i]] counts grey level i. */
  readonly columns: Float64Array[] = [];
  private colOf: Int32Array;

  constructor(readonly lv: PresentLevels, maxJHint = 64) {
    this.colOf = new Int32Array(maxJHint + 1).fill(-1);
  }

  /** Adds `weight` to element (grey level i, count j). */
  add(i: number, j: number, weight = 1): void {
    this.addAt(this.lv.index[i], j, weight);
  }

  /** Adds `weight` to element (row r of the present levels, count j). */
  addAt(r: number, j: number, weight = 1): void {
    if (j >= this.colOf.length) {
      const grown = new Int32Array(Math.max(j + 1, 2 * this.colOf.length)).fill(-1);
      grown.set(this.colOf);
      this.colOf = grown;
    }
    let c = this.colOf[j];
    if (c < 0) {
      c = this.columns.length;
      this.colOf[j] = c;
      this.jValues.push(j);
      this.columns.push(new Float64Array(this.lv.values.length));
    }
    this.columns[c][r] += weight;
  }

  /** Sums another matrix into this one (IBSI merging), N_v included. */
  merge(other: CountMatrix): void {
    for (let c = 0; c < other.columns.length; c++) {
      const col = other.columns[c];
      const j = other.jValues[c];
      for (let r = 0; r < col.length; r++) if (col[r] !== 0) this.addAt(r, j, col[r]);
    }
    this.nVoxels += other.nVoxels;
  }

  get isEmpty(): boolean {
    return this.columns.length === 0;
  }
}

/** Marginals of a CountMatrix, computed once per matrix and shared by every feature. */
export interface CountStats {
  m: CountMatrix;
  /** N_s: total count (runs, zones, neighbourhoods). */
  ns: number;
  /** N_v. */
  nv: number;
  /** row marginal r_i. over the present levels. */
  rowSums: Float64Array;
  /** the grey level i of each row. */
  iValues: Int32Array;
  /** column marginal r_.j, with the j of each column. */
  colSums: Float64Array;
  jValues: Float64Array;
}

export function countStats(m: CountMatrix): CountStats {
  const rowSums = new Float64Array(m.lv.values.length);
  const colSums = new Float64Array(m.columns.length);
  let ns = 0;
  for (let c = 0; c < m.columns.length; c++) {
    const col = m.columns[c];
    let s = 0;
    for (let i = 0; i < col.length; i++) {
      s += col[i];
      rowSums[i] += col[i];
    }
    colSums[c] = s;
    ns += s;
  }
  return { m, ns, nv: m.nVoxels, rowSums, iValues: m.lv.values, colSums, jValues: Float64Array.from(m.jValues) };
}

// The formulas below are written once for r_ij (GLRLM naming); the families map their IBSI names
// and codes onto them (e.g. GLSZM "Small zone emphasis" 5QRC is lowCountEmphasis).

/** (1/N_s) Σ_j r_.j / j²  (SRE 22OV, SZE 5QRC, SDE 0GBI, LDE SODN) */
export const lowCountEmphasis = (s: CountStats): number => sumOverJ(s, (j) => 1 / (j * j)) / s.ns;

/** (1/N_s) Σ_j j² r_.j  (LRE W4KF, LZE 48P8, LDE MB4I, HDE IMOQ) */
export const highCountEmphasis = (s: CountStats): number => sumOverJ(s, (j) => j * j) / s.ns;

/** (1/N_s) Σ_i r_i. / i²  (LGRE V3SW, LGZE XMSY, S1RA, LGCE TL9H) */
export const lowGreyLevelEmphasis = (s: CountStats): number => sumOverI(s, (i) => 1 / (i * i)) / s.ns;

/** (1/N_s) Σ_i i² r_i.  (HGRE G3QZ, HGZE 5GN9, K26C, HGCE OAE7) */
export const highGreyLevelEmphasis = (s: CountStats): number => sumOverI(s, (i) => i * i) / s.ns;

/** (1/N_s) Σ_ij r_ij / (i² j²)  (SRLGE HTZT, SZLGE 5RAI, RUVG, LDLGE EQ3F) */
export const lowCountLowGreyEmphasis = (s: CountStats): number => sumOverCells(s, (i, j) => 1 / (i * i * j * j)) / s.ns;

/** (1/N_s) Σ_ij i² r_ij / j²  (SRHGE GD3A, SZHGE HW1V, DKNJ, LDHGE JA6D) */
export const lowCountHighGreyEmphasis = (s: CountStats): number => sumOverCells(s, (i, j) => (i * i) / (j * j)) / s.ns;

/** (1/N_s) Σ_ij j² r_ij / i²  (LRLGE IVPO, LZLGE YH51, A7WM, HDLGE NBZI) */
export const highCountLowGreyEmphasis = (s: CountStats): number => sumOverCells(s, (i, j) => (j * j) / (i * i)) / s.ns;

/** (1/N_s) Σ_ij i² j² r_ij  (LRHGE 3KUM, LZHGE J17V, KLTH, HDHGE 9QMG) */
export const highCountHighGreyEmphasis = (s: CountStats): number => sumOverCells(s, (i, j) => i * i * j * j) / s.ns;

/** (1/N_s) Σ_i r_i.²  (GLNU R5YN, JNSA, VFT7, FP8K) */
export const greyLevelNonUniformity = (s: CountStats): number => sumSquares(s.rowSums) / s.ns;

/** (1/N_s²) Σ_i r_i.²  (OVBL, Y1RO, 7HP3, 5SPA) */
export const normalisedGreyLevelNonUniformity = (s: CountStats): number => sumSquares(s.rowSums) / (s.ns * s.ns);

/** (1/N_s) Σ_j r_.j²  (RLNU W92Y, ZSNU 4JP3, ZDNU V294, DCNU Z87G) */
export const countNonUniformity = (s: CountStats): number => sumSquares(s.colSums) / s.ns;

/** (1/N_s²) Σ_j r_.j²  (IC23, VB3A, IATH, OKJI) */
export const normalisedCountNonUniformity = (s: CountStats): number => sumSquares(s.colSums) / (s.ns * s.ns);

/** N_s / N_v  (run percentage 9ZK5, zone percentage P30P / VIWW, dependence count percentage 6XV8) */
export const countPercentage = (s: CountStats): number => s.ns / s.nv;

/** Σ_ij (i - μ)² p_ij, μ = Σ_ij i p_ij, p_ij = r_ij / N_s  (8CE5, BYLV, QK93, 1PFV) */
export function greyLevelVariance(s: CountStats): number {
  const mu = sumOverI(s, (i) => i) / s.ns;
  return sumOverI(s, (i) => (i - mu) * (i - mu)) / s.ns;
}

/** Σ_ij (j - μ)² p_ij, μ = Σ_ij j p_ij  (SXLW, 3NSA, 7WT1, DNX2) */
export function countVariance(s: CountStats): number {
  const mu = sumOverJ(s, (j) => j) / s.ns;
  return sumOverJ(s, (j) => (j - mu) * (j - mu)) / s.ns;
}

/** -Σ_ij p_ij log2 p_ij  (run entropy HJ9O, GU8N, GBDU, FCBV) */
export const countEntropy = (s: CountStats): number => sumOverCells(s, (_i, _j, r) => entropyTerm(r / s.ns), false);

/** Σ_ij p_ij²  (dependence count energy CAS9) */
export const countEnergy = (s: CountStats): number => sumOverCells(s, (_i, _j, r) => (r / s.ns) ** 2, false);

function sumOverJ(s: CountStats, f: (j: number) => number): number {
  let t = 0;
  for (let c = 0; c < s.colSums.length; c++) t += s.colSums[c] * f(s.jValues[c]);
  return t;
}

function sumOverI(s: CountStats, f: (i: number) => number): number {
  let t = 0;
  for (let r = 0; r < s.rowSums.length; r++) if (s.rowSums[r] !== 0) t += s.rowSums[r] * f(s.iValues[r]);
  return t;
}

/** Σ over non-zero cells of r_ij·f(i, j) (weighted), or of f(i, j, r_ij) (weighted = false). */
function sumOverCells(s: CountStats, f: (i: number, j: number, r: number) => number, weighted = true): number {
  let t = 0;
  for (let c = 0; c < s.m.columns.length; c++) {
    const col = s.m.columns[c];
    const j = s.jValues[c];
    for (let row = 0; row < col.length; row++) {
      const r = col[row];
      if (r !== 0) t += weighted ? r * f(s.iValues[row], j, r) : f(s.iValues[row], j, r);
    }
  }
  return t;
}

function sumSquares(a: Float64Array): number {
  let t = 0;
  for (let i = 0; i < a.length; i++) t += a[i] * a[i];
  return t;
}
