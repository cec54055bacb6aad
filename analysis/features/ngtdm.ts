import type { FamilyFunction } from "./registry.js";
import type { FeatureDef, FeatureResult } from "./texture/featureTable.js";
import { textureDistance } from "./texture/settings.js";
import { textureGrid, type TextureGrid } from "./texture/grid.js";
import { forEachNeighbourhood } from "./texture/neighbourhood.js";
import { sliceAggregatedRows } from "./texture/sliceAggregation.js";

/** An NGTDM: s_i (sum of |i - mean of neighbours|) and n_i (voxels with >= 1 ROI neighbour). */
export interface Ngtdm {
  s: Float64Array;
  n: Float64Array;
}

/** NGTDM probabilities, derived once per matrix. */
export interface NgtdmStats {
  s: Float64Array;
  /** p_i = n_i / N_v,c */
  p: Float64Array;
  /** N_v,c: voxels with a valid neighbourhood. */
  nvc: number;
  /** N_g,p: grey levels with p_i > 0. */
  ngp: number;
  /** Σ p_i s_i and Σ s_i. */
  sumPs: number;
  sumS: number;
}

export function ngtdmStats(m: Ngtdm): NgtdmStats {
  let nvc = 0, ngp = 0, sumS = 0, sumPs = 0;
  for (let i = 0; i < m.n.length; i++) nvc += m.n[i];
  const p = m.n.map((n) => n / nvc);
  for (let i = 0; i < p.length; i++) {
    if (p[i] > 0) ngp++;
    sumS += m.s[i];
    sumPs += p[i] * m.s[i];
  }
  return { s: m.s, p, nvc, ngp, sumPs, sumS };
}

/** Σ over pairs of present grey levels (p_i1 > 0 and p_i2 > 0) of f(i1, i2) (levels 1-based). */
function sumPairs(st: NgtdmStats, f: (i1: number, i2: number) => number): number {
  let t = 0;
  for (let a = 0; a < st.p.length; a++) {
    if (st.p[a] === 0) continue;
    for (let b = 0; b < st.p.length; b++) if (st.p[b] !== 0) t += f(a + 1, b + 1);
  }
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
  const range = sumPairs(st, (a, b) => st.p[a - 1] * st.p[b - 1] * (a - b) ** 2) / (st.ngp * (st.ngp - 1));
  return (range * st.sumS) / st.nvc;
}

/** Σ p_i s_i / ΣΣ |i1 p_i1 - i2 p_i2| (NQ30); 0 when N_gp = 1 (IBSI) */
function busyness(st: NgtdmStats): FeatureResult {
  if (st.ngp <= 1) return { value: 0, note: "one grey level present: IBSI defines busyness as 0" };
  return st.sumPs / sumPairs(st, (a, b) => Math.abs(a * st.p[a - 1] - b * st.p[b - 1]));
}

/** (1/N_v,c) ΣΣ |i1 - i2| (p_i1 s_i1 + p_i2 s_i2) / (p_i1 + p_i2) (HDEZ) */
function complexity(st: NgtdmStats): number {
  const { p, s } = st;
  return sumPairs(st, (a, b) => (Math.abs(a - b) * (p[a - 1] * s[a - 1] + p[b - 1] * s[b - 1])) / (p[a - 1] + p[b - 1])) / st.nvc;
}

/** ΣΣ (p_i1 + p_i2)(i1 - i2)² / Σ s_i (1X9X); 0 when Σ s_i = 0 (IBSI) */
function strength(st: NgtdmStats): FeatureResult {
  if (st.sumS === 0) return { value: 0, note: "Σ s_i = 0 (no grey tone differences): IBSI defines strength as 0" };
  return sumPairs(st, (a, b) => (st.p[a - 1] + st.p[b - 1]) * (a - b) ** 2) / st.sumS;
}

export const NGTDM_FEATURES: readonly FeatureDef<NgtdmStats>[] = [
  { feature: "Coarseness", ibsiCode: "QCDE", compute: coarseness },
  { feature: "Contrast", ibsiCode: "65HE", compute: contrast },
  { feature: "Busyness", ibsiCode: "NQ30", compute: busyness },
  { feature: "Complexity", ibsiCode: "HDEZ", compute: complexity },
  { feature: "Strength", ibsiCode: "1X9X", compute: strength },
];

/**
 * NGTDMs per slice (in-slice neighbourhood) or for the volume. IBSI: a voxel counts when at least
 * one neighbour within Chebyshev distance delta is in the ROI; its mean uses only those neighbours.
 */
function ngtdmMatrices(g: TextureGrid, delta: number, planar: boolean): Ngtdm[] {
  const ms = Array.from({ length: planar ? g.nz : 1 }, () => ({ s: new Float64Array(g.nLevels), n: new Float64Array(g.nLevels) }));
  forEachNeighbourhood(g, delta, planar, (_p, level, k, neighbours, count) => {
    if (count === 0) return;
    let sum = 0;
    for (let c = 0; c < count; c++) sum += neighbours[c];
    const m = ms[planar ? k : 0];
    m.s[level - 1] += Math.abs(level - sum / count);
    m.n[level - 1]++;
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
        const merged: Ngtdm = { s: new Float64Array(g.nLevels), n: new Float64Array(g.nLevels) };
        for (const m of ms)
          for (let i = 0; i < g.nLevels; i++) {
            merged.s[i] += m.s[i];
            merged.n[i] += m.n[i];
          }
        return merged;
      },
      isEmpty: (m) => m.n.every((n) => n === 0),
      stats: ngtdmStats,
    },
    settings,
  );
};
