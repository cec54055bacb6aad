import { tCritical } from "./distributions.js";
import { pairedInputProblem } from "./agreementTypes.js";

export interface BlandAltman {
  n: number;
  /** mean of (defaced - original). */
  bias: number;
  /** sample standard deviation (divisor n - 1) of the differences. */
  sdDiff: number;
  /** bias -/+ multiplier * sdDiff. */
  lowerLimit: number;
  upperLimit: number;
  multiplier: number;
  /** t-based confidence interval of the bias at `level`. */
  biasLower: number;
  biasUpper: number;
  level: number;
  reason?: string;
}

/**
 * Bland & Altman (1986, Lancet i:307-310) limits of agreement of paired measurements: the mean
 * difference (bias) and bias -/+ 1.96 SD of the differences (their paper rounds 1.96 to 2; pass
 * `multiplier` to reproduce it). Differences are `defaced - original`.
 */
export function blandAltman(
  original: ArrayLike<number>,
  defaced: ArrayLike<number>,
  options: { multiplier?: number; level?: number } = {},
): BlandAltman {
  const multiplier = options.multiplier ?? 1.959963984540054;
  const level = options.level ?? 0.95;
  const problem = pairedInputProblem(original, defaced);
  const n = original.length;
  if (problem) {
    return { n, bias: NaN, sdDiff: NaN, lowerLimit: NaN, upperLimit: NaN, multiplier, biasLower: NaN, biasUpper: NaN, level, reason: problem };
  }
  let bias = 0;
  for (let i = 0; i < n; i++) bias += (defaced[i] - original[i]) / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (defaced[i] - original[i] - bias) ** 2;
  const sdDiff = Math.sqrt(ss / (n - 1));
  const half = tCritical(1 - level, n - 1) * (sdDiff / Math.sqrt(n));
  return {
    n,
    bias,
    sdDiff,
    lowerLimit: bias - multiplier * sdDiff,
    upperLimit: bias + multiplier * sdDiff,
    multiplier,
    biasLower: bias - half,
    biasUpper: bias + half,
    level,
    ...(sdDiff === 0 ? { reason: "all differences equal: limits collapse onto the bias" } : {}),
  };
}
