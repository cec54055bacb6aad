import * as portable from "../../core/portableMath.js";

/**
 * From an RDP curve to (ε, δ)-DP with the conversion of Canonne, Kamath & Steinke (2020, Proposition
 * 12; also Asoodeh et al. 2020): at order α,
 *   ε = ε(α) + log(1 − 1/α) − (log δ + log α)/(α − 1),
 * tighter than Mironov's ε(α) + log(1/δ)/(α − 1) by log(1 − 1/α) − log α/(α − 1) < 0. When ε(α) is
 * below −log(1 − δ²) the KL bound δ ≤ √(1 − exp(−KL)) already gives ε = 0. Orders at or below 1.01
 * are not used (the bound is unstable there and never the best). α = ∞ gives ε(∞): pure DP.
 */
export function rdpToEpsilon(orders: readonly number[], rdp: readonly number[], delta: number): { epsilon: number; order: number } {
  let best = { epsilon: Infinity, order: orders[0] };
  orders.forEach((alpha, i) => {
    const r = rdp[i];
    let eps: number;
    if (r < 0) eps = 0;
    else if (delta * delta + portable.expm1(-r) > 0) eps = 0;
    else if (alpha === Infinity) eps = r;
    else if (alpha > 1.01) eps = r + portable.log1p(-1 / alpha) - (portable.log(delta) + portable.log(alpha)) / (alpha - 1);
    else eps = Infinity;
    if (eps < best.epsilon) best = { epsilon: Math.max(0, eps), order: alpha };
  });
  return best;
}

/**
 * ρ-zCDP (an RDP curve ε(α) = αρ at every α > 1) to (ε, δ): the same conversion with α chosen
 * continuously (the bound is convex in α): δ = min_α exp((α − 1)(αρ − ε) + α log(1 − 1/α)) / (α − 1).
 */
export function zcdpDelta(rho: number, epsilon: number): number {
  if (rho === 0) return 0;
  const logDelta = (alpha: number) => (alpha - 1) * (alpha * rho - epsilon) + alpha * portable.log1p(-1 / alpha) - portable.log(alpha - 1);
  const alpha = minimiseConvex(logDelta, 1.01, Math.max(2, (epsilon + 1) / (2 * rho) + 2));
  return Math.min(1, portable.exp(logDelta(alpha)));
}

/** The ε with ρ-zCDP ⇒ (ε, δ)-DP: min_α αρ + (log(1/δ) + (α − 1) log(1 − 1/α) − log α)/(α − 1). */
export function zcdpEpsilon(rho: number, delta: number): number {
  if (rho === 0) return 0;
  const eps = (alpha: number) => alpha * rho + (-portable.log(delta) + (alpha - 1) * portable.log1p(-1 / alpha) - portable.log(alpha)) / (alpha - 1);
  let hi = 2;
  // grow the bracket until the bound increases (past its minimum)
  while (eps(2 * hi) < eps(hi) && hi < 1e12) hi *= 2;
  return Math.max(0, eps(minimiseConvex(eps, 1.01, 2 * hi)));
}

/** Golden-section search for the minimum of a convex function on [lo, hi]. */
function minimiseConvex(f: (x: number) => number, lo: number, hi: number): number {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo, b = hi;
  let c = b - g * (b - a), d = a + g * (b - a);
  let fc = f(c), fd = f(d);
  for (let i = 0; i < 200 && b - a > 1e-12 * Math.max(1, a); i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return fc < fd ? c : d;
}
