import { orderedEmd, tableDistribution, totalVariation, type TableDistribution } from "./closeness.js";
import { classEntropy, distinctL, recursiveL } from "./diversity.js";
import type { SensitiveAttribute } from "./sensitiveAttribute.js";
import * as portable from "../core/portableMath.js";

/** ℓ and t of every equivalence class, one entry per class. */
export interface ClassMeasures {
  lDistinct: Int32Array;
  /** exp of the class entropy (natural log). */
  lEntropy: Float64Array;
  /** largest ℓ of recursive (c,ℓ)-diversity for the given c. */
  lRecursive: Int32Array;
  /** distance to the table's distribution: TVD (categorical) or ordered EMD (numeric). */
  t: Float64Array;
}

/**
 * One pass over the records grouped by class: the sensitive values of each class are counted in a
 * scratch array (only the touched entries are read and reset), then each measure reads those counts.
 * `reference` is the distribution t is measured against (default: the table's own).
 */
export function classMeasures(
  classOf: Int32Array,
  sizes: ArrayLike<number>,
  sensitive: SensitiveAttribute,
  c: number,
  reference: TableDistribution = tableDistribution(sensitive.counts),
): ClassMeasures {
  const nClasses = sizes.length;
  const start = new Int32Array(nClasses + 1);
  for (let j = 0; j < nClasses; j++) start[j + 1] = start[j] + sizes[j];
  const fill = start.slice(0, nClasses);
  const rows = new Int32Array(classOf.length);
  for (let r = 0; r < classOf.length; r++) if (classOf[r] >= 0) rows[fill[classOf[r]]++] = r;

  const m = sensitive.values.length;
  const scratch = new Int32Array(m);
  const touched = new Int32Array(m);
  const out: ClassMeasures = {
    lDistinct: new Int32Array(nClasses),
    lEntropy: new Float64Array(nClasses),
    lRecursive: new Int32Array(nClasses),
    t: new Float64Array(nClasses),
  };
  const distance = sensitive.ordered ? orderedEmd : totalVariation;
  for (let j = 0; j < nClasses; j++) {
    let k = 0;
    for (let p = start[j]; p < start[j + 1]; p++) {
      const code = sensitive.codes[rows[p]];
      if (scratch[code]++ === 0) touched[k++] = code;
    }
    const codes = touched.subarray(0, k).sort();
    const counts = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      counts[i] = scratch[codes[i]];
      scratch[codes[i]] = 0;
    }
    out.lDistinct[j] = distinctL(counts);
    out.lEntropy[j] = portable.exp(classEntropy(counts));
    out.lRecursive[j] = recursiveL(counts, c);
    out.t[j] = distance(codes, counts, sizes[j], reference);
  }
  return out;
}
