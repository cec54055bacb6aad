import type { Estimate } from "./agreementTypes.js";
import { blandAltman, type BlandAltman } from "./blandAltman.js";
import { concordance } from "./ccc.js";
import { iccAgreement } from "./icc.js";

export interface Agreement {
  n: number;
  /** ICC(A,1), two-way random, absolute agreement, single measurement. */
  icc: Estimate;
  /** Lin's concordance correlation coefficient. */
  ccc: Estimate & { pearson: number };
  blandAltman: BlandAltman;
}

/** The three agreement summaries of one feature's original and defaced values over subjects. */
export function agreement(original: ArrayLike<number>, defaced: ArrayLike<number>, level = 0.95): Agreement {
  return {
    n: original.length,
    icc: iccAgreement(original, defaced, level),
    ccc: concordance(original, defaced, level),
    blandAltman: blandAltman(original, defaced, { level }),
  };
}
