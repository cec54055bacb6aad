import * as portable from "../../core/portableMath.js";

/**
 * Composition of k mechanisms that are (ε_i, δ_i)-DP each.
 */
export interface Guarantee {
  epsilon: number;
  delta: number;
}

/** A guarantee applied `count` times (a mechanism run repeatedly). */
export interface RepeatedGuarantee extends Guarantee {
  count: number;
}

/** Basic composition (Dwork et al. 2006): (Σ ε_i, Σ δ_i). */
export function basicComposition(parts: readonly RepeatedGuarantee[]): Guarantee {
  let epsilon = 0, delta = 0;
  for (const p of parts) {
    epsilon += p.count * p.epsilon;
    delta += p.count * p.delta;
  }
  return { epsilon, delta };
}

/**
 * Advanced composition (Dwork, Rothblum & Vadhan 2010; the form for unequal ε_i, e.g. Kairouz, Oh &
 * Viswanath 2015): for any δ' > 0 the composition is (ε', Σ δ_i + δ')-DP with
 *   ε' = √(2 log(1/δ') Σ ε_i²) + Σ ε_i (e^{ε_i} − 1).
 * With k equal ε this is DRV's √(2k log(1/δ')) ε + k ε (e^ε − 1).
 */
export function advancedComposition(parts: readonly RepeatedGuarantee[], deltaPrime: number): Guarantee {
  let squares = 0, drift = 0, delta = deltaPrime;
  for (const p of parts) {
    squares += p.count * p.epsilon * p.epsilon;
    drift += p.count * p.epsilon * portable.expm1(p.epsilon);
    delta += p.count * p.delta;
  }
  return { epsilon: Math.sqrt(2 * portable.log(1 / deltaPrime) * squares) + drift, delta };
}
