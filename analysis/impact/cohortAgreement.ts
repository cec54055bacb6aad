import { agreement } from "./agreement.js";
import type { Estimate } from "./agreementTypes.js";
import type { BlandAltman } from "./blandAltman.js";
import type { FeatureLabels } from "./featureRow.js";
import type { ShiftRow } from "./shifts.js";
import { ROBUST_ICC_LOWER } from "./robustIcc.js";

/** The fewest subjects for which cohort agreement is reported (ICC and CCC intervals need n ≥ 3). */
export const MIN_COHORT_SUBJECTS = 3;

/** Agreement of one feature's original and defaced values across subjects, for one condition. */
export interface CohortStat extends FeatureLabels {
  /** subjects with a finite original and defaced value. */
  n: number;
  /** ICC(A,1), two-way random, absolute agreement, single measurement. */
  icc: Estimate;
  /** Lin's concordance correlation coefficient. */
  ccc: Estimate;
  /** defaced − original over subjects: bias and limits of agreement (feature units). */
  blandAltman: BlandAltman;
  /** why some statistic is NaN (or how a limiting case was resolved), "" when none. */
  reason: string;
}

const groupKey = (r: ShiftRow) =>
  [r.condition, r.normalization, r.config, r.family, r.feature, r.aggregation_code].join("\u0000");

/**
 * Per condition x normalisation x configuration x feature x aggregation, the agreement of the
 * original and defaced values over the subjects (pairs with a non-finite value are left out).
 * Groups keep the order in which they first appear in `shifts`. Degenerate groups (too few
 * subjects, a feature constant across subjects) get NaN statistics and a reason, never an error.
 */
export function cohortAgreement(shifts: readonly ShiftRow[], level = 0.95): CohortStat[] {
  const groups = new Map<string, ShiftRow[]>();
  for (const r of shifts) {
    const k = groupKey(r);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  const out: CohortStat[] = [];
  for (const rows of groups.values()) {
    const pairs = rows.filter((r) => Number.isFinite(r.original) && Number.isFinite(r.defaced));
    const dropped = rows.length - pairs.length;
    const a = agreement(
      pairs.map((r) => r.original),
      pairs.map((r) => r.defaced),
      level,
    );
    const reasons: string[] = [];
    if (dropped) reasons.push(`${dropped} of ${rows.length} subjects left out: non-finite value`);
    if (pairs.length < MIN_COHORT_SUBJECTS) reasons.push(`only ${pairs.length} subjects with finite values (need ${MIN_COHORT_SUBJECTS})`);
    if (a.icc.reason) reasons.push(`ICC: ${a.icc.reason}`);
    if (a.ccc.reason) reasons.push(`CCC: ${a.ccc.reason}`);
    if (a.blandAltman.reason) reasons.push(`Bland–Altman: ${a.blandAltman.reason}`);
    const r0 = rows[0];
    const tooFew = pairs.length < MIN_COHORT_SUBJECTS;
    const nan = (e: Estimate): Estimate => (tooFew ? { ...e, value: NaN, lower: NaN, upper: NaN } : e);
    out.push({
      condition: r0.condition,
      normalization: r0.normalization,
      config: r0.config,
      family: r0.family,
      feature: r0.feature,
      ibsi_code: r0.ibsi_code,
      aggregation_code: r0.aggregation_code,
      n: pairs.length,
      icc: nan(a.icc),
      ccc: nan(a.ccc),
      blandAltman: a.blandAltman,
      reason: reasons.join("; "),
    });
  }
  return out;
}

/** Share of robust features (lower 95 % bound of the ICC above a threshold) per family. */
export interface RobustShare {
  condition: string;
  normalization: string;
  family: string;
  /** feature x configuration x aggregation rows of this family. */
  features: number;
  /** of which the ICC's lower bound is defined. */
  defined: number;
  robust: number;
  /** robust / features. */
  share: number;
}

export { ROBUST_ICC_LOWER };

/** Per condition x normalisation x family (pooling configurations and aggregations), in first-seen order. */
export function robustShares(stats: readonly CohortStat[], threshold = ROBUST_ICC_LOWER): RobustShare[] {
  const groups = new Map<string, RobustShare>();
  for (const s of stats) {
    const k = [s.condition, s.normalization, s.family].join("\u0000");
    let g = groups.get(k);
    if (!g) {
      g = { condition: s.condition, normalization: s.normalization, family: s.family, features: 0, defined: 0, robust: 0, share: 0 };
      groups.set(k, g);
    }
    g.features++;
    if (Number.isFinite(s.icc.lower)) g.defined++;
    if (s.icc.lower > threshold) g.robust++;
  }
  return [...groups.values()].map((g) => ({ ...g, share: g.robust / g.features }));
}
