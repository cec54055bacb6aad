import type { FamilyFunction } from "./registry.js";
import type { FeatureValue } from "./types.js";
import { DIRECTIONAL_AGGREGATIONS as AGG, wantedAggregations } from "./texture/aggregation.js";
import { addCooccurrences } from "./texture/cooccurrence.js";
import { DIRECTIONS_2D, DIRECTIONS_3D, scaled } from "./texture/directions.js";
import { entropyTerm, FeatureAverager, type FeatureDef } from "./texture/featureTable.js";
import { textureDistance } from "./texture/settings.js";
import { textureGrid } from "./texture/grid.js";

/** Probabilities of one (merged) GLCM, derived once and shared by every feature. */
export interface GlcmStats {
  ng: number;
  /** p_i. = p_.j (symmetric matrix), index i-1. */
  px: Float64Array;
  /** p_{i+j,k}, index k (0..2N_g). */
  pSum: Float64Array;
  /** p_{i-j,k}, index k (0..N_g-1). */
  pDiff: Float64Array;
  /** μ = Σ i p_i. */
  mu: number;
  /** σ² = Σ (i-μ)² p_i. */
  variance: number;
  max: number;
  /** Σ p_ij² */
  sumSquares: number;
  /** Σ i j p_ij */
  autocorrelation: number;
  /** HXY, HX, HXY1, HXY2 (log2) */
  hxy: number;
  hx: number;
  hxy1: number;
  hxy2: number;
}

export function glcmStats(m: Float64Array, ng: number): GlcmStats {
  let total = 0;
  for (let c = 0; c < m.length; c++) total += m[c];
  const px = new Float64Array(ng);
  for (let i = 0; i < ng; i++) {
    let s = 0;
    for (let j = 0; j < ng; j++) s += m[i * ng + j];
    px[i] = s / total;
  }
  const logPx = px.map((p) => (p > 0 ? Math.log2(p) : 0));
  const pSum = new Float64Array(2 * ng + 1);
  const pDiff = new Float64Array(ng);
  let max = 0, sumSquares = 0, autocorrelation = 0, hxy = 0, hxy1 = 0;
  for (let i = 0; i < ng; i++) {
    if (px[i] === 0) continue;
    for (let j = 0; j < ng; j++) {
      const p = m[i * ng + j] / total;
      if (p === 0) continue;
      pSum[i + j + 2] += p;
      pDiff[Math.abs(i - j)] += p;
      if (p > max) max = p;
      sumSquares += p * p;
      autocorrelation += (i + 1) * (j + 1) * p;
      hxy -= p * Math.log2(p);
      hxy1 -= p * (logPx[i] + logPx[j]);
    }
  }
  let mu = 0, hx = 0, hxy2: number;
  for (let i = 0; i < ng; i++) {
    mu += (i + 1) * px[i];
    hx += entropyTerm(px[i]);
  }
  let variance = 0;
  for (let i = 0; i < ng; i++) variance += (i + 1 - mu) ** 2 * px[i];
  // HXY2 = -ΣΣ p_i. p_.j log2(p_i. p_.j) = HX + HY = 2 HX exactly (Σ p_i. = 1; symmetric matrix),
  // which saves N_g² logarithms per matrix.
  hxy2 = 2 * hx;
  return { ng, px, pSum, pDiff, mu, variance, max, sumSquares, autocorrelation, hxy, hx, hxy1, hxy2 };
}

const sumK = (p: Float64Array, f: (k: number) => number, from = 0): number => {
  let t = 0;
  for (let k = from; k < p.length; k++) if (p[k] !== 0) t += f(k) * p[k];
  return t;
};
const entropyOf = (p: Float64Array): number => {
  let t = 0;
  for (let k = 0; k < p.length; k++) t += entropyTerm(p[k]);
  return t;
};

/** max p_ij (GYBY) */
const jointMaximum = (s: GlcmStats) => s.max;
/** Σ i p_ij (60VM) */
const jointAverage = (s: GlcmStats) => s.mu;
/** Σ (i-μ)² p_ij (UR99) */
const jointVariance = (s: GlcmStats) => s.variance;
/** -Σ p_ij log2 p_ij (TU9B) */
const jointEntropy = (s: GlcmStats) => s.hxy;
/** Σ_k k p_{i-j,k} (TF7R) */
const differenceAverage = (s: GlcmStats) => sumK(s.pDiff, (k) => k);
/** Σ_k (k-μ)² p_{i-j,k}, μ = difference average (D3YU) */
const differenceVariance = (s: GlcmStats) => {
  const mu = differenceAverage(s);
  return sumK(s.pDiff, (k) => (k - mu) ** 2);
};
/** -Σ_k p_{i-j,k} log2 p_{i-j,k} (NTRS) */
const differenceEntropy = (s: GlcmStats) => entropyOf(s.pDiff);
/** Σ_k k p_{i+j,k} (ZGXS) */
const sumAverage = (s: GlcmStats) => sumK(s.pSum, (k) => k);
/** Σ_k (k-μ)² p_{i+j,k}, μ = sum average (OEEB) */
const sumVariance = (s: GlcmStats) => {
  const mu = sumAverage(s);
  return sumK(s.pSum, (k) => (k - mu) ** 2);
};
/** -Σ_k p_{i+j,k} log2 p_{i+j,k} (P6QZ) */
const sumEntropy = (s: GlcmStats) => entropyOf(s.pSum);
/** Σ p_ij² (8ZQL) */
const angularSecondMoment = (s: GlcmStats) => s.sumSquares;
/** Σ (i-j)² p_ij (ACUI) */
const contrast = (s: GlcmStats) => sumK(s.pDiff, (k) => k * k);
/** Σ |i-j| p_ij (8S9J) */
const dissimilarity = (s: GlcmStats) => sumK(s.pDiff, (k) => k);
/** Σ p_ij / (1+|i-j|) (IB1Z) */
const inverseDifference = (s: GlcmStats) => sumK(s.pDiff, (k) => 1 / (1 + k));
/** Σ p_ij / (1+|i-j|/N_g) (NDRX) */
const normalisedInverseDifference = (s: GlcmStats) => sumK(s.pDiff, (k) => 1 / (1 + k / s.ng));
/** Σ p_ij / (1+(i-j)²) (WF0Z) */
const inverseDifferenceMoment = (s: GlcmStats) => sumK(s.pDiff, (k) => 1 / (1 + k * k));
/** Σ p_ij / (1+(i-j)²/N_g²) (1QCO) */
const normalisedInverseDifferenceMoment = (s: GlcmStats) => sumK(s.pDiff, (k) => 1 / (1 + (k * k) / (s.ng * s.ng)));
/** 2 Σ_{j>i} p_ij / (i-j)² = Σ_{k≥1} p_{i-j,k} / k² (E8JP) */
const inverseVariance = (s: GlcmStats) => sumK(s.pDiff, (k) => 1 / (k * k), 1);
/** (Σ i j p_ij - μ²) / σ² (NI2N); 0/0 with a single grey level */
const correlation = (s: GlcmStats) => (s.variance === 0 ? NaN : (s.autocorrelation - s.mu * s.mu) / s.variance);
/** Σ i j p_ij (QWB0) */
const autocorrelation = (s: GlcmStats) => s.autocorrelation;
/** Σ (i+j-2μ)² p_ij (DG8W) */
const clusterTendency = (s: GlcmStats) => sumK(s.pSum, (k) => (k - 2 * s.mu) ** 2);
/** Σ (i+j-2μ)³ p_ij (7NFM) */
const clusterShade = (s: GlcmStats) => sumK(s.pSum, (k) => (k - 2 * s.mu) ** 3);
/** Σ (i+j-2μ)⁴ p_ij (AE86) */
const clusterProminence = (s: GlcmStats) => sumK(s.pSum, (k) => (k - 2 * s.mu) ** 4);
/** (HXY - HXY1) / HX (R8DG); 0/0 with a single grey level */
const informationCorrelation1 = (s: GlcmStats) => (s.hx === 0 ? NaN : (s.hxy - s.hxy1) / s.hx);
/** sqrt(1 - exp(-2 (HXY2 - HXY))) (JN9H); HXY2 >= HXY, clamped against rounding */
const informationCorrelation2 = (s: GlcmStats) => Math.sqrt(Math.max(0, 1 - Math.exp(-2 * (s.hxy2 - s.hxy))));

const SINGLE_LEVEL = "one grey level in the matrix: the marginal variance/entropy is 0 and the ratio 0/0 is undefined";

export const GLCM_FEATURES: readonly FeatureDef<GlcmStats>[] = [
  { feature: "Joint maximum", ibsiCode: "GYBY", compute: jointMaximum },
  { feature: "Joint average", ibsiCode: "60VM", compute: jointAverage },
  { feature: "Joint variance", ibsiCode: "UR99", compute: jointVariance },
  { feature: "Joint entropy", ibsiCode: "TU9B", compute: jointEntropy },
  { feature: "Difference average", ibsiCode: "TF7R", compute: differenceAverage },
  { feature: "Difference variance", ibsiCode: "D3YU", compute: differenceVariance },
  { feature: "Difference entropy", ibsiCode: "NTRS", compute: differenceEntropy },
  { feature: "Sum average", ibsiCode: "ZGXS", compute: sumAverage },
  { feature: "Sum variance", ibsiCode: "OEEB", compute: sumVariance },
  { feature: "Sum entropy", ibsiCode: "P6QZ", compute: sumEntropy },
  { feature: "Angular second moment", ibsiCode: "8ZQL", compute: angularSecondMoment },
  { feature: "Contrast", ibsiCode: "ACUI", compute: contrast },
  { feature: "Dissimilarity", ibsiCode: "8S9J", compute: dissimilarity },
  { feature: "Inverse difference", ibsiCode: "IB1Z", compute: inverseDifference },
  { feature: "Normalised inverse difference", ibsiCode: "NDRX", compute: normalisedInverseDifference },
  { feature: "Inverse difference moment", ibsiCode: "WF0Z", compute: inverseDifferenceMoment },
  { feature: "Normalised inverse difference moment", ibsiCode: "1QCO", compute: normalisedInverseDifferenceMoment },
  { feature: "Inverse variance", ibsiCode: "E8JP", compute: inverseVariance },
  { feature: "Correlation", ibsiCode: "NI2N", compute: correlation, undefinedWhen: SINGLE_LEVEL },
  { feature: "Autocorrelation", ibsiCode: "QWB0", compute: autocorrelation },
  { feature: "Cluster tendency", ibsiCode: "DG8W", compute: clusterTendency },
  { feature: "Cluster shade", ibsiCode: "7NFM", compute: clusterShade },
  { feature: "Cluster prominence", ibsiCode: "AE86", compute: clusterProminence },
  { feature: "Information correlation 1", ibsiCode: "R8DG", compute: informationCorrelation1, undefinedWhen: SINGLE_LEVEL },
  { feature: "Information correlation 2", ibsiCode: "JN9H", compute: informationCorrelation2 },
];

const NO_PAIRS = "no pair of neighbouring ROI voxels at this distance: the GLCM is empty";

/**
 * IBSI grey level co-occurrence matrix features (LFYI) for the six aggregation methods. Matrices
 * are built once per slice x direction (2D) or direction (3D) and merged by summation.
 */
export const glcm: FamilyFunction = (roi, settings) => {
  const g = textureGrid(roi, "glcm");
  const want = wantedAggregations(AGG, settings);
  const delta = textureDistance(settings);
  const ng = g.nLevels;
  const cells = ng * ng;
  const out: FeatureValue[] = [];
  const averager = () => new FeatureAverager(GLCM_FEATURES);
  const addIfPairs = (acc: FeatureAverager<GlcmStats>, m: Float64Array, pairs: number) => {
    if (pairs > 0) acc.add(glcmStats(m, ng));
  };

  if (want.has("BTW3") || want.has("SUJT") || want.has("JJUI") || want.has("ZW7Z")) {
    const btw3 = averager(), sujt = averager();
    const dirMerged = DIRECTIONS_2D.map(() => new Float64Array(cells));
    const dirPairs = new Float64Array(DIRECTIONS_2D.length);
    const m = new Float64Array(cells);
    const slice = new Float64Array(cells);
    for (let k = 0; k < g.nz; k++) {
      slice.fill(0);
      let slicePairs = 0;
      DIRECTIONS_2D.forEach((dir, d) => {
        m.fill(0);
        const pairs = addCooccurrences(g, scaled(dir, delta), k, k + 1, m);
        if (want.has("BTW3")) addIfPairs(btw3, m, pairs);
        addInto(slice, m);
        addInto(dirMerged[d], m);
        slicePairs += pairs;
        dirPairs[d] += pairs;
      });
      if (want.has("SUJT")) addIfPairs(sujt, slice, slicePairs);
    }
    const jjui = averager(), zw7z = averager();
    const all = new Float64Array(cells);
    dirMerged.forEach((dm, d) => {
      if (want.has("JJUI")) addIfPairs(jjui, dm, dirPairs[d]);
      addInto(all, dm);
    });
    if (want.has("ZW7Z")) addIfPairs(zw7z, all, dirPairs.reduce((a, b) => a + b, 0));
    if (want.has("BTW3")) out.push(...btw3.rows("glcm", AGG.BTW3, NO_PAIRS));
    if (want.has("SUJT")) out.push(...sujt.rows("glcm", AGG.SUJT, NO_PAIRS));
    if (want.has("JJUI")) out.push(...jjui.rows("glcm", AGG.JJUI, NO_PAIRS));
    if (want.has("ZW7Z")) out.push(...zw7z.rows("glcm", AGG.ZW7Z, NO_PAIRS));
  }

  if (want.has("ITBB") || want.has("IAZD")) {
    const itbb = averager(), iazd = averager();
    const m = new Float64Array(cells);
    const all = new Float64Array(cells);
    let allPairs = 0;
    for (const dir of DIRECTIONS_3D) {
      m.fill(0);
      const pairs = addCooccurrences(g, scaled(dir, delta), 0, g.nz, m);
      if (want.has("ITBB")) addIfPairs(itbb, m, pairs);
      addInto(all, m);
      allPairs += pairs;
    }
    if (want.has("IAZD")) addIfPairs(iazd, all, allPairs);
    if (want.has("ITBB")) out.push(...itbb.rows("glcm", AGG.ITBB, NO_PAIRS));
    if (want.has("IAZD")) out.push(...iazd.rows("glcm", AGG.IAZD, NO_PAIRS));
  }
  return out;
};

function addInto(target: Float64Array, m: Float64Array): void {
  for (let c = 0; c < m.length; c++) target[c] += m[c];
}
