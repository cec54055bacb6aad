import { fQuantile } from "./distributions.js";
import type { Estimate } from "./agreementTypes.js";
import { nanEstimate, pairedInputProblem } from "./agreementTypes.js";

/** Mean squares of the two-way ANOVA without replication (subjects x raters). */
export interface TwoWayMeanSquares {
  n: number;
  k: number;
  /** between subjects (rows), df n - 1. */
  msr: number;
  /** between raters (columns), df k - 1. */
  msc: number;
  /** residual, df (n - 1)(k - 1). */
  mse: number;
}

export function twoWayMeanSquares(ratings: readonly (readonly number[])[]): TwoWayMeanSquares {
  const n = ratings.length;
  const k = n > 0 ? ratings[0].length : 0;
  let grand = 0;
  const rowMean = new Float64Array(n);
  const colMean = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const v = ratings[i][j];
      rowMean[i] += v / k;
      colMean[j] += v / n;
      grand += v / (n * k);
    }
  }
  let ssr = 0,
    ssc = 0,
    sse = 0;
  for (let i = 0; i < n; i++) ssr += k * (rowMean[i] - grand) ** 2;
  for (let j = 0; j < k; j++) ssc += n * (colMean[j] - grand) ** 2;
  // Residual computed directly (not SST - SSR - SSC) to avoid cancellation.
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) sse += (ratings[i][j] - rowMean[i] - colMean[j] + grand) ** 2;
  }
  return { n, k, msr: ssr / (n - 1), msc: ssc / (k - 1), mse: sse / ((n - 1) * (k - 1)) };
}

function matrixProblem(ratings: readonly (readonly number[])[]): string | undefined {
  const n = ratings.length;
  if (n < 2) return `needs at least 2 subjects, got ${n}`;
  const k = ratings[0].length;
  if (k < 2) return `needs at least 2 raters, got ${k}`;
  for (let i = 0; i < n; i++) {
    if (ratings[i].length !== k) return `subject ${i} has ${ratings[i].length} ratings, expected ${k}`;
    for (let j = 0; j < k; j++) if (!Number.isFinite(ratings[i][j])) return `rating (${i}, ${j}) is not finite`;
  }
  return undefined;
}

/**
 * ICC(A,1): two-way random effects, absolute agreement, single measurement (McGraw & Wong 1996,
 * case 2A; Shrout & Fleiss 1979 ICC(2,1)) for an n subjects x k raters matrix:
 *   rho = (MSR - MSE) / (MSR + (k-1) MSE + k (MSC - MSE) / n),
 * with McGraw & Wong's approximate (Satterthwaite) F-based confidence interval (their Table 7):
 *   a = k rho / (n (1 - rho)),  b = 1 + k rho (n - 1) / (n (1 - rho)),
 *   v = (a MSC + b MSE)^2 / ((a MSC)^2 / (k-1) + (b MSE)^2 / ((n-1)(k-1))),
 *   F* = F_{1-alpha/2}(n-1, v),  F_* = F_{1-alpha/2}(v, n-1),
 *   lower = n (MSR - F* MSE) / (F* (k MSC + (kn - k - n) MSE) + n MSR),
 *   upper = n (F_* MSR - MSE) / (k MSC + (kn - k - n) MSE + n F_* MSR).
 */
export function iccAgreementMatrix(ratings: readonly (readonly number[])[], level = 0.95): Estimate {
  const problem = matrixProblem(ratings);
  if (problem) return nanEstimate(level, problem);
  // Exactly equal ratings: decided on the values, since the mean squares of equal ratings can carry
  // rounding residue (mse ~ 1e-30) that would turn the interval into NaN instead of [1, 1].
  if (ratings.every((row) => row.every((v) => v === row[0]))) {
    return ratings.every((row) => row[0] === ratings[0][0])
      ? nanEstimate(level, "no variance between subjects, raters or residual: ICC undefined")
      : { value: 1, lower: 1, upper: 1, level, reason: "ratings identical across raters: perfect agreement" };
  }
  const { n, k, msr, msc, mse } = twoWayMeanSquares(ratings);
  const denom = msr + (k - 1) * mse + (k * (msc - mse)) / n;
  if (!(denom > 0)) {
    return nanEstimate(level, "no variance between subjects, raters or residual: ICC undefined");
  }
  const rho = (msr - mse) / denom;
  if (mse === 0 && msc === 0) {
    // Every rater gives every subject the same value: perfect agreement, no sampling error left.
    return { value: 1, lower: 1, upper: 1, level, reason: "ratings identical across raters: perfect agreement" };
  }
  const alpha = 1 - level;
  const a = (k * rho) / (n * (1 - rho));
  const b = 1 + (k * rho * (n - 1)) / (n * (1 - rho));
  const v = (a * msc + b * mse) ** 2 / ((a * msc) ** 2 / (k - 1) + (b * mse) ** 2 / ((n - 1) * (k - 1)));
  const fStar = fQuantile(1 - alpha / 2, n - 1, v);
  const fStarInv = fQuantile(1 - alpha / 2, v, n - 1);
  const c = k * msc + (k * n - k - n) * mse;
  const lower = (n * (msr - fStar * mse)) / (fStar * c + n * msr);
  const upper = (n * (fStarInv * msr - mse)) / (c + n * fStarInv * msr);
  return { value: rho, lower, upper, level };
}

/**
 * ICC(C,1): two-way, consistency, single measurement (Shrout & Fleiss ICC(3,1)):
 * (MSR - MSE) / (MSR + (k-1) MSE), exact F-based interval (McGraw & Wong 1996, Table 7, case 3).
 */
export function iccConsistencyMatrix(ratings: readonly (readonly number[])[], level = 0.95): Estimate {
  const problem = matrixProblem(ratings);
  if (problem) return nanEstimate(level, problem);
  const { n, k, msr, mse } = twoWayMeanSquares(ratings);
  if (mse === 0) {
    return msr === 0
      ? nanEstimate(level, "no variance between subjects and no residual: ICC undefined")
      : { value: 1, lower: 1, upper: 1, level, reason: "no residual variance: perfect consistency" };
  }
  const alpha = 1 - level;
  const f = msr / mse;
  const df1 = n - 1,
    df2 = (n - 1) * (k - 1);
  const fl = f / fQuantile(1 - alpha / 2, df1, df2);
  const fu = f * fQuantile(1 - alpha / 2, df2, df1);
  return {
    value: (msr - mse) / (msr + (k - 1) * mse),
    lower: (fl - 1) / (fl + k - 1),
    upper: (fu - 1) / (fu + k - 1),
    level,
  };
}

/** ICC(A,1) of paired measurements (e.g. a feature before and after defacing, over subjects). */
export function iccAgreement(original: ArrayLike<number>, defaced: ArrayLike<number>, level = 0.95): Estimate {
  const problem = pairedInputProblem(original, defaced);
  if (problem) return nanEstimate(level, problem);
  const rows: number[][] = [];
  for (let i = 0; i < original.length; i++) rows.push([original[i], defaced[i]]);
  return iccAgreementMatrix(rows, level);
}
