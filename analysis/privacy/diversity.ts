/**
 * ℓ-diversity of one equivalence class from the counts of its sensitive values (Machanavajjhala et al.
 * 2007, "ℓ-Diversity: Privacy Beyond k-Anonymity"). `counts` holds the records per distinct value
 * present in the class (no zeros).
 */
import * as portable from "../core/portableMath.js";

/** Distinct ℓ-diversity: the number of distinct sensitive values in the class. */
export const distinctL = (counts: ArrayLike<number>): number => counts.length;

/** Entropy of the class's sensitive values, natural log: H = −Σ p ln p. Entropy ℓ is exp(H). */
export function classEntropy(counts: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  let h = 0;
  for (let i = 0; i < counts.length; i++) {
    const p = counts[i] / total;
    h -= p * portable.log(p);
  }
  return h;
}

/**
 * Recursive (c,ℓ)-diversity: with the counts sorted descending r₁ ≥ r₂ ≥ … ≥ r_m, the class satisfies
 * (c,ℓ) when r₁ < c (r_ℓ + r_{ℓ+1} + … + r_m). Returns the largest such ℓ (0 when none: the most
 * frequent value dominates even for ℓ = 1, which happens only for c ≤ 1).
 */
export function recursiveL(counts: ArrayLike<number>, c: number): number {
  const sorted = Array.from(counts).sort((a, b) => b - a);
  let tail = 0;
  for (const r of sorted) tail += r;
  // tail = Σ_{i ≥ ℓ} r_i, shrinking as ℓ grows
  let best = 0;
  for (let l = 1; l <= sorted.length; l++) {
    if (sorted[0] < c * tail) best = l;
    else break;
    tail -= sorted[l - 1];
  }
  return best;
}
