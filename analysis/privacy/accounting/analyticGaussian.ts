import { logNormalCdf } from "./specialFunctions.js";
import * as portable from "../../core/portableMath.js";

/**
 * The exact privacy profile of the Gaussian mechanism (Balle & Wang 2018, "Improving the Gaussian
 * Mechanism for Differential Privacy", Theorem 8): with noise multiplier σ (sd / L2 sensitivity) it is
 * (ε, δ)-DP exactly when δ ≥ Φ(1/(2σ) − εσ) − e^ε Φ(−1/(2σ) − εσ).
 */
export function gaussianDelta(sigma: number, epsilon: number): number {
  const a = 1 / (2 * sigma) - epsilon * sigma;
  const b = -1 / (2 * sigma) - epsilon * sigma;
  return Math.max(0, portable.exp(logNormalCdf(a)) - portable.exp(epsilon + logNormalCdf(b)));
}

/** The smallest ε ≥ 0 with gaussianDelta(σ, ε) ≤ δ (δ decreases in ε: bisection to 1e-12 relative). */
export function gaussianEpsilon(sigma: number, delta: number): number {
  if (gaussianDelta(sigma, 0) <= delta) return 0;
  let lo = 0, hi = 1;
  while (gaussianDelta(sigma, hi) > delta) {
    lo = hi;
    hi *= 2;
    if (hi > 1e6) return Infinity;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (gaussianDelta(sigma, mid) > delta) lo = mid;
    else hi = mid;
  }
  return hi;
}
