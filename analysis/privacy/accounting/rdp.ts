import { logAdd, logBinomial, logErfc } from "./specialFunctions.js";
import * as portable from "../../core/portableMath.js";

/**
 * Rényi differential privacy (Mironov 2017) of the mechanisms `privacy budget` composes: ε(α) at an
 * order α > 1 (α = ∞ allowed), for sensitivity 1, under add/remove-one neighbouring.
 */

/** Gaussian mechanism with noise multiplier σ (noise sd / L2 sensitivity): ε(α) = α / (2σ²). */
export const gaussianRdp = (sigma: number, alpha: number): number => (alpha === Infinity ? Infinity : alpha / (2 * sigma * sigma));

/**
 * Laplace mechanism with scale b (ε = 1/b; Mironov 2017, Proposition 6):
 * ε(α) = 1/(α − 1) · log( α/(2α − 1) · exp((α − 1)/b) + (α − 1)/(2α − 1) · exp(−α/b) ),
 * written as ε + log1p((α − 1)/(2α − 1) · expm1((1 − 2α) ε)) / (α − 1) for stability; ε(∞) = ε and
 * ε(1) = ε + e^{−ε} − 1 (the KL divergence, the limit α → 1).
 */
export function laplaceRdp(scale: number, alpha: number): number {
  const eps = 1 / scale;
  if (alpha === Infinity) return eps;
  if (alpha === 1) return eps + portable.expm1(-eps);
  return eps + portable.log1p(((alpha - 1) / (2 * alpha - 1)) * portable.expm1((1 - 2 * alpha) * eps)) / (alpha - 1);
}

/**
 * Poisson-subsampled Gaussian (sampling rate q, noise multiplier σ): ε(α) = log A_α / (α − 1) with
 * A_α = E_{z∼μ0}[(μ(z)/μ0(z))^α], μ0 = N(0, σ²), μ = (1 − q) μ0 + q N(1, σ²) (Mironov, Talwar & Zhang
 * 2019, "Rényi Differential Privacy of the Sampled Gaussian Mechanism", sections 3.2 and 3.3).
 */
export function subsampledGaussianRdp(q: number, sigma: number, alpha: number): number {
  if (q === 0) return 0;
  if (alpha === Infinity || sigma === 0) return Infinity;
  if (q === 1) return gaussianRdp(sigma, alpha);
  const logA = Number.isInteger(alpha) ? logAInteger(q, sigma, alpha) : logAFractional(q, sigma, alpha);
  return logA / (alpha - 1);
}

/** Integer α: A_α = Σ_{i=0}^{α} C(α,i) q^i (1−q)^{α−i} exp((i² − i)/(2σ²)), summed in log space. */
function logAInteger(q: number, sigma: number, alpha: number): number {
  let logA = -Infinity;
  const log1mq = portable.log1p(-q), logq = portable.log(q);
  for (let i = 0; i <= alpha; i++) {
    const term = logBinomial(alpha, i) + i * logq + (alpha - i) * log1mq + (i * i - i) / (2 * sigma * sigma);
    logA = logAdd(logA, term);
  }
  return logA;
}

/**
 * Fractional α (MTZ 2019, section 3.3): the integral split at z0 = σ² log(1/q − 1) + 1/2 into two
 * series of binomial terms, each weighted by a Gaussian tail, summed until both series decrease and
 * their terms fall 30 nats below the total.
 */
function logAFractional(q: number, sigma: number, alpha: number): number {
  let logA0 = -Infinity, logA1 = -Infinity;
  const z0 = sigma * sigma * portable.log(1 / q - 1) + 0.5;
  const log1mq = portable.log1p(-q), logq = portable.log(q);
  let last0 = -Infinity, last1 = -Infinity;
  for (let i = 0; i < 1000; i++) {
    const coef = logBinomial(alpha, i);
    const j = alpha - i;
    const logT0 = coef + i * logq + j * log1mq;
    const logT1 = coef + j * logq + i * log1mq;
    const logE0 = portable.log(0.5) + logErfc((i - z0) / (Math.SQRT2 * sigma));
    const logE1 = portable.log(0.5) + logErfc((z0 - j) / (Math.SQRT2 * sigma));
    const s0 = logT0 + (i * i - i) / (2 * sigma * sigma) + logE0;
    const s1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
    logA0 = logAdd(logA0, s0);
    logA1 = logAdd(logA1, s1);
    const total = logAdd(logA0, logA1);
    if (s0 < last0 && s1 < last1 && Math.max(s0, s1) < total - 30) return total;
    last0 = s0;
    last1 = s1;
  }
  return Infinity; // no convergence: this order gives no bound
}
