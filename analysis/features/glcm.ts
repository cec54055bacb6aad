import type { FamilyFunction } from "./types.js";
import type { FeatureValue } from "./types.js";
import { DIRECTIONAL_AGGREGATIONS as AGG, wantedAggregations } from "./texture/aggregation.js";
import { addCooccurrences, CooccurrenceMatrix } from "./texture/cooccurrence.js";
import { DIRECTIONS_2D, DIRECTIONS_3D, scaled } from "./texture/directions.js";
import { entropyTerm, FeatureAverager, type FeatureDef } from "./texture/featureTable.js";
import { SparseAccumulator, type SparseDistribution } from "./texture/sparseDistribution.js";
import { textureDistance } from "./texture/settings.js";
import { textureGrid } from "./texture/grid.js";
import type { PresentLevels } from "./texture/presentLevels.js";
import * as portable from "../core/portableMath.js";

/** Probabilities of one (merged) GLCM, derived once and shared by every feature. */
export interface GlcmStats {
  ng: number;
  /** p_{i+j,k} (k = 2..2N_g), the k that occur. */
  pSum: SparseDistribution;
  /** p_{i-j,k} (k = 0..N_g-1), the k that occur. */
  pDiff: SparseDistribution;
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

/** Scratch buffers for the diagonal and cross-diagonal sums, reused across the matrices of a ROI. */
export interface GlcmScratch {
  sum: SparseAccumulator;
  diff: SparseAccumulator;
}

export const glcmScratch = (ng: number): GlcmScratch => ({ sum: new SparseAccumulator(2 * ng + 1), diff: new SparseAccumulator(ng) });

/** Statistics of a co-occurrence count matrix, read over its non-zero cells only. */
export function glcmStats(m: CooccurrenceMatrix, lv: PresentLevels, scratch: GlcmScratch = glcmScratch(lv.ng)): GlcmStats {
  const { ng, values } = lv;
  const n = values.length;
  const { counts, cells, nonZero } = m;
  let total = 0;
  for (let e = 0; e < nonZero; e++) total += counts[cells[e]];
  const px = new Float64Array(n); // p_i. = p_.j (symmetric matrix)
  for (let e = 0; e < nonZero; e++) px[(cells[e] / n) | 0] += counts[cells[e]] / total;
  const logPx = px.map((p) => (p > 0 ? portable.log2(p) : 0));
  let max = 0, sumSquares = 0, autocorrelation = 0, hxy = 0, hxy1 = 0;
  for (let e = 0; e < nonZero; e++) {
    const a = (cells[e] / n) | 0, b = cells[e] - a * n;
    const i = values[a], j = values[b];
    const p = counts[cells[e]] / total;
    scratch.sum.add(i + j, p);
    scratch.diff.add(Math.abs(i - j), p);
    if (p > max) max = p;
    sumSquares += p * p;
    autocorrelation += i * j * p;
    hxy -= p * portable.log2(p);
    hxy1 -= p * (logPx[a] + logPx[b]);
  }
  let mu = 0, hx = 0;
  for (let a = 0; a < n; a++) {
    mu += values[a] * px[a];
    hx += entropyTerm(px[a]);
  }
  let variance = 0;
  for (let a = 0; a < n; a++) variance += (values[a] - mu) ** 2 * px[a];
  // HXY2 = -ΣΣ p_i. p_.j log2(p_i. p_.j) = HX + HY = 2 HX exactly (Σ p_i. = 1; symmetric matrix),
  // which saves n² logarithms per matrix.
  const hxy2 = 2 * hx;
  return { ng, pSum: scratch.sum.drain(), pDiff: scratch.diff.drain(), mu, variance, max, sumSquares, autocorrelation, hxy, hx, hxy1, hxy2 };
}

// Powers as products: `x ** 3` is Math.pow, whose last bit differs between engines (see core/portableMath.ts).
const cube = (x: number): number => x * x * x;
const fourthPower = (x: number): number => x * x * (x * x);

/** Σ_k f(k) p_k over the k >= from that occur. */
const sumK = (d: SparseDistribution, f: (k: number) => number, from = 0): number => {
  let t = 0;
  for (let e = 0; e < d.k.length; e++) if (d.k[e] >= from) t += f(d.k[e]) * d.p[e];
  return t;
};
const entropyOf = (d: SparseDistribution): number => {
  let t = 0;
  for (let e = 0; e < d.p.length; e++) t += entropyTerm(d.p[e]);
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
const clusterShade = (s: GlcmStats) => sumK(s.pSum, (k) => cube(k - 2 * s.mu));
/** Σ (i+j-2μ)⁴ p_ij (AE86) */
const clusterProminence = (s: GlcmStats) => sumK(s.pSum, (k) => fourthPower(k - 2 * s.mu));
/** (HXY - HXY1) / HX (R8DG); 0/0 with a single grey level */
const informationCorrelation1 = (s: GlcmStats) => (s.hx === 0 ? NaN : (s.hxy - s.hxy1) / s.hx);
/** sqrt(1 - exp(-2 (HXY2 - HXY))) (JN9H); HXY2 >= HXY, clamped against rounding */
const informationCorrelation2 = (s: GlcmStats) => Math.sqrt(Math.max(0, 1 - portable.exp(-2 * (s.hxy2 - s.hxy))));

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
  const lv = g.present;
  const scratch = glcmScratch(lv.ng);
  const n = lv.values.length;
  const out: FeatureValue[] = [];
  const averager = () => new FeatureAverager(GLCM_FEATURES);
  const addIfPairs = (acc: FeatureAverager<GlcmStats>, m: CooccurrenceMatrix) => {
    if (m.pairs > 0) acc.add(glcmStats(m, lv, scratch));
  };

  if (want.has("BTW3") || want.has("SUJT") || want.has("JJUI") || want.has("ZW7Z")) {
    const btw3 = averager(), sujt = averager(), jjui = averager(), zw7z = averager();
    const dirMerged = DIRECTIONS_2D.map(() => new CooccurrenceMatrix(n));
    const m = new CooccurrenceMatrix(n);
    const slice = new CooccurrenceMatrix(n);
    for (let k = 0; k < g.nz; k++) {
      slice.clear();
      DIRECTIONS_2D.forEach((dir, d) => {
        m.clear();
        addCooccurrences(g, lv, scaled(dir, delta), k, k + 1, m);
        if (want.has("BTW3")) addIfPairs(btw3, m);
        slice.addMatrix(m);
        dirMerged[d].addMatrix(m);
      });
      if (want.has("SUJT")) addIfPairs(sujt, slice);
    }
    const all = new CooccurrenceMatrix(n);
    for (const dm of dirMerged) {
      if (want.has("JJUI")) addIfPairs(jjui, dm);
      all.addMatrix(dm);
    }
    if (want.has("ZW7Z")) addIfPairs(zw7z, all);
    if (want.has("BTW3")) out.push(...btw3.rows("glcm", AGG.BTW3, NO_PAIRS));
    if (want.has("SUJT")) out.push(...sujt.rows("glcm", AGG.SUJT, NO_PAIRS));
    if (want.has("JJUI")) out.push(...jjui.rows("glcm", AGG.JJUI, NO_PAIRS));
    if (want.has("ZW7Z")) out.push(...zw7z.rows("glcm", AGG.ZW7Z, NO_PAIRS));
  }

  if (want.has("ITBB") || want.has("IAZD")) {
    const itbb = averager(), iazd = averager();
    const m = new CooccurrenceMatrix(n);
    const all = new CooccurrenceMatrix(n);
    for (const dir of DIRECTIONS_3D) {
      m.clear();
      addCooccurrences(g, lv, scaled(dir, delta), 0, g.nz, m);
      if (want.has("ITBB")) addIfPairs(itbb, m);
      all.addMatrix(m);
    }
    if (want.has("IAZD")) addIfPairs(iazd, all);
    if (want.has("ITBB")) out.push(...itbb.rows("glcm", AGG.ITBB, NO_PAIRS));
    if (want.has("IAZD")) out.push(...iazd.rows("glcm", AGG.IAZD, NO_PAIRS));
  }
  return out;
};
