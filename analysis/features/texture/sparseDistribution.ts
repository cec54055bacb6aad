/** A distribution over integers k stored as the (k, p_k) pairs with p_k > 0. */
export interface SparseDistribution {
  k: Float64Array;
  p: Float64Array;
}

/**
 * Accumulates p over integer keys 0..size-1 in a reusable dense buffer and hands back only the
 * keys that were touched, so a distribution over 2 N_g keys costs O(entries), not O(N_g), per use.
 */
export class SparseAccumulator {
  private readonly dense: Float64Array;
  private readonly touched: Int32Array;
  private count = 0;

  constructor(size: number) {
    this.dense = new Float64Array(size);
    this.touched = new Int32Array(size);
  }

  add(key: number, p: number): void {
    if (this.dense[key] === 0) this.touched[this.count++] = key;
    this.dense[key] += p;
  }

  /** The accumulated pairs, by increasing key; the buffer is cleared for the next use. */
  drain(): SparseDistribution {
    const keys = this.touched.subarray(0, this.count).sort();
    const k = new Float64Array(keys.length), p = new Float64Array(keys.length);
    for (let e = 0; e < keys.length; e++) {
      k[e] = keys[e];
      p[e] = this.dense[keys[e]];
      this.dense[keys[e]] = 0;
    }
    this.count = 0;
    return { k, p };
  }
}
