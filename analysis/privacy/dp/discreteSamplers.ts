import { floor, rational, sub, type Rational } from "./rational.js";
import type { RandomSource } from "./randomSource.js";

/**
 * Exact samplers of Canonne, Kamath & Steinke (2020), "The Discrete Gaussian for Differential
 * Privacy", section 5: every step is a comparison of uniform integers with rational parameters, so
 * no floating-point value ever decides an output (the attack of Mironov 2012 on floating-point
 * Laplace noise has nothing to read).
 */

/** Bernoulli(p) for a rational p in [0, 1]: a uniform integer below the denominator, compared with the numerator. */
export const bernoulli = (p: Rational, rng: RandomSource): boolean => rng.below(p.den) < p.num;

/** Bernoulli(exp(−γ)) for a rational γ ≥ 0 (CKS Algorithm 1). */
export function bernoulliExp(gamma: Rational, rng: RandomSource): boolean {
  if (gamma.num < 0n) throw new RangeError("bernoulliExp needs gamma >= 0");
  if (gamma.num <= gamma.den) {
    // γ ≤ 1: K counts the successes of Bernoulli(γ/1), Bernoulli(γ/2), …; exp(−γ) = P(K odd)
    let k = 1n;
    while (bernoulli(rational(gamma.num, gamma.den * k), rng)) k++;
    return k % 2n === 1n;
  }
  const whole = floor(gamma);
  for (let i = 0n; i < whole; i++) if (!bernoulliExp(rational(1n), rng)) return false;
  return bernoulliExp(sub(gamma, rational(whole)), rng);
}

/**
 * Discrete Laplace with scale t/s (CKS Algorithm 2): P[Y = y] ∝ exp(−|y| s/t) on the integers.
 * `scale` is the rational t/s.
 */
export function discreteLaplace(scale: Rational, rng: RandomSource): bigint {
  if (scale.num <= 0n) throw new RangeError("discrete Laplace needs a positive scale");
  const t = scale.num, s = scale.den;
  for (;;) {
    const u = rng.below(t);
    if (!bernoulliExp(rational(u, t), rng)) continue;
    let v = 0n;
    while (bernoulliExp(rational(1n), rng)) v++;
    const y = (u + t * v) / s;
    const negative = rng.below(2n) === 1n;
    if (negative && y === 0n) continue;
    return negative ? -y : y;
  }
}

/** Integer square root ⌊√n⌋. */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

/**
 * Discrete Gaussian with variance parameter σ² (CKS Algorithm 3): P[Y = y] ∝ exp(−y²/(2σ²)).
 * Proposals from the discrete Laplace of scale t = ⌊σ⌋ + 1 are accepted with probability
 * exp(−(|y| − σ²/t)² / (2σ²)).
 */
export function discreteGaussian(sigma2: Rational, rng: RandomSource): bigint {
  if (sigma2.num <= 0n) throw new RangeError("discrete Gaussian needs sigma^2 > 0");
  const a = sigma2.num, b = sigma2.den; // σ² = a/b
  const t = isqrt(a / b) + 1n; // ⌊σ⌋ = ⌊√⌊σ²⌋⌋
  for (;;) {
    const y = discreteLaplace(rational(t), rng);
    const absY = y < 0n ? -y : y;
    // (|y| − σ²/t)² / (2σ²) = (|y|·b·t − a)² / (2·a·b·t²)
    const d = absY * b * t - a;
    if (bernoulliExp(rational(d * d, 2n * a * b * t * t), rng)) return y;
  }
}
