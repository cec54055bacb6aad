import type { FamilyFunction } from "./types.js";
import type { FeatureDef, FeatureResult } from "./texture/featureTable.js";
import { textureDistance } from "./texture/settings.js";
import { textureGrid, type TextureGrid } from "./texture/grid.js";
import { forEachNeighbourhood } from "./texture/neighbourhood.js";
import { sliceAggregatedRows } from "./texture/sliceAggregation.js";

/**
 * An NGTDM over the grey levels present in the ROI (rows of g.present): s_i (sum of |i - mean of
 * neighbours|) and n_i (voxels with >= 1 ROI neighbour).
 */
export interface Ngtdm {
  s: Float64Array;
  n: Float64Array;
}

/** NGTDM probabilities of the grey levels with p_i > 0, derived once per matrix. */
export interface NgtdmStats {
  /** grey level i, p_i = n_i / N_v,c and s_i of each level with p_i > 0. */
  i: Float64Array;
  p: Float64Array;
  s: Float64Array;
  /** N_v,c: voxels with a valid neighbourhood. */
  nvc: number;
  /** N_g,p: grey levels with p_i > 0. */
  ngp: number;
  /** Σ p_i s_i and Σ s_i. */
  sumPs: number;
  sumS: number;
}

export function ngtdmStats(m: Ngtdm, values: Int32Array): NgtdmStats {
  let nvc = 0;
  for (let r = 0; r < m.n.length; r++) nvc += m.n[r];
  const i: number[] = [], p: number[] = [], s: number[] = [];
  let sumS = 0, sumPs = 0;
  for (let r = 0; r < m.n.length; r++) {
    sumS += m.s[r]; // s_i is 0 where n_i is 0
    if (m.n[r] === 0) continue;
    i.push(values[r]);
    p.push(m.n[r] / nvc);
    s.push(m.s[r]);
    sumPs += (m.n[r] / nvc) * m.s[r];
  }
  return { i: Float64Array.from(i), p: Float64Array.from(p), s: Float64Array.from(s), nvc, ngp: i.length, sumPs, sumS };
}

/** Σ over pairs (a, b) of levels with p > 0 of f(a, b), indices into NgtdmStats.i/p/s. */
function sumPairs(st: NgtdmStats, f: (a: number, b: number) => number): number {
  let t = 0;
  for (let a = 0; a < st.ngp; a++) for (let b = 0; b < st.ngp; b++) t += f(a, b);
  return t;
}

/** 1 / Σ p_i s_i (QCDE); IBSI caps it at 10^6 when the sum is 0 */
function coarseness(st: NgtdmStats): FeatureResult {
  if (st.sumPs === 0) return { value: 1e6, note: "Σ p_i s_i = 0 (no grey tone differences): IBSI sets coarseness to 10^6" };
  return 1 / st.sumPs;
}

/** [1/(N_gp(N_gp-1)) ΣΣ p_i1 p_i2 (i1-i2)²] [Σ s_i / N_v,c] (65HE); 0 when N_gp = 1 (IBSI) */
function contrast(st: NgtdmStats): FeatureResult {
  if (st.ngp <= 1) return { value: 0, note: "one grey level present: IBSI defines contrast as 0" };
  const { i, p } = st;
  const range = sumPairs(st, (a, b) => p[a] * p[b] * (i[a] - i[b]) ** 2) / (st.ngp * (st.ngp - 1));
  return (range * st.sumS) / st.nvc;
}

/** Σ p_i s_i / ΣΣ |i1 p_i1 - i2 p_i2| (NQ30); 0 when N_gp = 1 (IBSI) */
function busyness(st: NgtdmStats): FeatureResult {
  if (st.ngp <= 1) return { value: 0, note: "one grey level present: IBSI defines busyness as 0" };
  const { i, p } = st;
  const denominator = sumPairs(st, (a, b) => Math.abs(i[a] * p[a] - i[b] * p[b]));
  return denominator === 0 ? NaN : st.sumPs / denominator;
}

/** (1/N_v,c) ΣΣ |i1 - i2| (p_i1 s_i1 + p_i2 s_i2) / (p_i1 + p_i2) (HDEZ) */
function complexity(st: NgtdmStats): number {
  const { i, p, s } = st;
  return sumPairs(st, (a, b) => (Math.abs(i[a] - i[b]) * (p[a] * s[a] + p[b] * s[b])) / (p[a] + p[b])) / st.nvc;
}

/** ΣΣ (p_i1 + p_i2)(i1 - i2)² / Σ s_i (1X9X); 0 when Σ s_i = 0 (IBSI) */
function strength(st: NgtdmStats): FeatureResult {
  if (st.sumS === 0) return { value: 0, note: "Σ s_i = 0 (no grey tone differences): IBSI defines strength as 0" };
  const { i, p } = st;
  return sumPairs(st, (a, b) => (p[a] + p[b]) * (i[a] - i[b]) ** 2) / st.sumS;
}

export const NGTDM_FEATURES: readonly FeatureDef<NgtdmStats>[] = [
  { feature: "Coarseness", ibsiCode: "QCDE", compute: coarseness },
  { feature: "Contrast", ibsiCode: "65HE", compute: contrast },
  {
    feature: "Busyness",
    ibsiCode: "NQ30",
    compute: busyness,
    undefinedWhen: "every present grey level has the same i·p_i, so the denominator Σ|i1 p_i1 - i2 p_i2| is 0 (IBSI defines no value)",
  },
  { feature: "Complexity", ibsiCode: "HDEZ", compute: complexity },
  { feature: "Strength", ibsiCode: "1X9X", compute: strength },
];

/**
 * NGTDMs per slice (in-slice neighbourhood) or for the volume. IBSI: a voxel counts when at least
 * one neighbour within Chebyshev distance delta is in the ROI; its mean uses only those neighbours.
 */
function ngtdmMatrices(g: TextureGrid, delta: number, planar: boolean): Ngtdm[] {
  const rows = g.present.values.length;
  const { index } = g.present;
  const ms = Array.from({ length: planar ? g.nz : 1 }, () => ({ s: new Float64Array(rows), n: new Float64Array(rows) }));
  forEachNeighbourhood(g, delta, planar, (_p, level, k, neighbours, count) => {
    if (count === 0) return;
    let sum = 0;
    for (let c = 0; c < count; c++) sum += neighbours[c];
    const m = ms[planar ? k : 0];
    m.s[index[level]] += Math.abs(level - sum / count);
    m.n[index[level]]++;
  });
  return ms;
}

/** IBSI neighbourhood grey tone difference matrix features (IPET): 2D, 2.5D and 3D aggregation. */
export const ngtdm: FamilyFunction = (roi, settings) => {
  const g = textureGrid(roi, "ngtdm");
  const delta = textureDistance(settings);
  return sliceAggregatedRows<Ngtdm, NgtdmStats>(
    {
      family: "ngtdm",
      features: NGTDM_FEATURES,
      emptyNote: "no ROI voxel has a neighbour in the ROI: the NGTDM is empty",
      perSlice: () => ngtdmMatrices(g, delta, true),
      volume: () => ngtdmMatrices(g, delta, false)[0],
      merge: (ms) => {
        const rows = g.present.values.length;
        const merged: Ngtdm = { s: new Float64Array(rows), n: new Float64Array(rows) };
        for (const m of ms)
          for (let i = 0; i < rows; i++) {
            merged.s[i] += m.s[i];
            merged.n[i] += m.n[i];
          }
        return merged;
      },
      isEmpty: (m) => m.n.every((n) => n === 0),
      stats: (m) => ngtdmStats(m, g.present.values),
    },
    settings,
  );
};
