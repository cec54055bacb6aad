/**
 * t-closeness of one equivalence class (Li, Li & Venkatasubramanian 2007, "t-Closeness: Privacy Beyond
 * k-Anonymity and ℓ-Diversity"): the distance between the distribution P of the sensitive attribute in
 * the class and its distribution Q in the whole table. A class is given as the codes present in it
 * (ascending) with their counts, so the cost is the class's size, not the number of values.
 */

/** Q over the whole table, with what the ordered distance needs precomputed. */
export interface TableDistribution {
  /** q_i */
  q: Float64Array;
  /** F(i) = Σ_{j≤i} q_j */
  cdf: Float64Array;
  /** S(i) = Σ_{j≤i} F(j) */
  cdfSum: Float64Array;
}

export function tableDistribution(counts: Float64Array): TableDistribution {
  let total = 0;
  for (const c of counts) total += c;
  const m = counts.length;
  const q = new Float64Array(m);
  const cdf = new Float64Array(m);
  const cdfSum = new Float64Array(m);
  let f = 0, s = 0;
  for (let i = 0; i < m; i++) {
    q[i] = counts[i] / total;
    f += q[i];
    cdf[i] = f;
    s += f;
    cdfSum[i] = s;
  }
  return { q, cdf, cdfSum };
}

/**
 * Total variation distance, the EMD with equal ground distances between all categorical values:
 * D[P,Q] = ½ Σ_i |p_i − q_i|. Values absent from the class contribute q_i each, so the sum runs over
 * the class's values only: ½ (Σ_{i∈P} (|p_i − q_i| − q_i) + 1).
 */
export function totalVariation(codes: ArrayLike<number>, counts: ArrayLike<number>, size: number, t: TableDistribution): number {
  let s = 1;
  for (let j = 0; j < codes.length; j++) {
    const q = t.q[codes[j]];
    s += Math.abs(counts[j] / size - q) - q;
  }
  return Math.max(0, s / 2);
}

/** Σ_{i=lo..hi} |C − F(i)|, by prefix sums of F and a binary search for where F passes C. */
function runDistance(t: TableDistribution, lo: number, hi: number, C: number): number {
  if (hi < lo) return 0;
  const { cdf, cdfSum } = t;
  // s: the last index in [lo, hi] with F(s) <= C (lo - 1 when none)
  let a = lo, b = hi, s = lo - 1;
  while (a <= b) {
    const mid = (a + b) >> 1;
    if (cdf[mid] <= C) {
      s = mid;
      a = mid + 1;
    } else b = mid - 1;
  }
  const prefix = (i: number) => (i < 0 ? 0 : cdfSum[i]);
  const below = C * (s - lo + 1) - (prefix(s) - prefix(lo - 1));
  const above = prefix(hi) - prefix(s) - C * (hi - s);
  return below + above;
}

/**
 * Ordered EMD for numeric or ordinal values v_1 < … < v_m (ground distance |i − j|/(m − 1)):
 * D[P,Q] = 1/(m − 1) Σ_{i=1}^{m} |Σ_{j≤i} (p_j − q_j)| (Li et al. 2007, section 4.2). The class's
 * cumulative distribution is constant between its codes, so each run between two of them costs one
 * binary search.
 */
export function orderedEmd(codes: ArrayLike<number>, counts: ArrayLike<number>, size: number, t: TableDistribution): number {
  const m = t.q.length;
  if (m <= 1) return 0;
  let sum = runDistance(t, 0, codes[0] - 1, 0);
  let cumulative = 0;
  for (let j = 0; j < codes.length; j++) {
    cumulative += counts[j] / size;
    const end = j + 1 < codes.length ? codes[j + 1] - 1 : m - 1;
    sum += runDistance(t, codes[j], end, Math.min(1, cumulative));
  }
  return sum / (m - 1);
}
