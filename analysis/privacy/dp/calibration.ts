import { usageError } from "../../core/errors.js";
import { zcdpEpsilon } from "../accounting/rdpConversion.js";
import { fromNumber, rational, toNumber, type Rational } from "./rational.js";

/**
 * Noise parameters for a query with sensitivity Δ (in whole units of the query's integer grid) and a
 * budget, as exact rationals for the samplers.
 */

/** Discrete Laplace: scale Δ/ε gives ε-DP (pure). */
export function laplaceScale(sensitivity: bigint, epsilon: Rational): Rational {
  if (epsilon.num <= 0n) throw usageError("epsilon must be > 0");
  return rational(sensitivity * epsilon.den, epsilon.num);
}

/**
 * Discrete Gaussian: σ² with Δ²/(2σ²)-zCDP (CKS 2020, Theorem 14) that converts to (ε, δ)-DP: the
 * largest ρ whose (ε, δ) conversion stays within ε, found by bisection, then σ² = Δ²/(2ρ) rounded up
 * (a larger σ² only adds privacy).
 */
export function gaussianSigma2(sensitivity: bigint, epsilon: Rational, delta: Rational): { sigma2: Rational; rho: number } {
  const eps = toNumber(epsilon), d = toNumber(delta);
  if (!(eps > 0)) throw usageError("epsilon must be > 0");
  if (!(d > 0 && d < 1)) throw usageError("the Gaussian mechanism needs 0 < delta < 1 (--delta)");
  let lo = 0, hi = 1;
  while (zcdpEpsilon(hi, d) <= eps) hi *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (zcdpEpsilon(mid, d) <= eps) lo = mid;
    else hi = mid;
  }
  if (!(lo > 0)) throw usageError(`epsilon ${eps} is too small for delta ${d}`);
  const sens = Number(sensitivity);
  const sigma2 = fromNumber((sens * sens) / (2 * lo) * (1 + 1e-9));
  return { sigma2, rho: (sens * sens) / (2 * toNumber(sigma2)) };
}
