import type { CohortStat } from "../../analysis/impact/cohortAgreement.js";

/** cohort_stats.csv: one line per tool x normalisation x config x feature x aggregation. */
export const COHORT_COLUMNS = [
  "tool",
  "normalization",
  "config",
  "family",
  "feature",
  "ibsi_code",
  "aggregation_code",
  "n",
  "icc",
  "icc_lower",
  "icc_upper",
  "ccc",
  "ccc_lower",
  "ccc_upper",
  "ci_level",
  "ba_bias",
  "ba_lower_limit",
  "ba_upper_limit",
  "reason",
] as const;

export type CohortLine = Record<(typeof COHORT_COLUMNS)[number], string | number>;

export function cohortLines(stats: readonly CohortStat[]): CohortLine[] {
  return stats.map((s) => ({
    tool: s.condition,
    normalization: s.normalization,
    config: s.config,
    family: s.family,
    feature: s.feature,
    ibsi_code: s.ibsi_code,
    aggregation_code: s.aggregation_code,
    n: s.n,
    icc: s.icc.value,
    icc_lower: s.icc.lower,
    icc_upper: s.icc.upper,
    ccc: s.ccc.value,
    ccc_lower: s.ccc.lower,
    ccc_upper: s.ccc.upper,
    ci_level: s.icc.level,
    ba_bias: s.blandAltman.bias,
    ba_lower_limit: s.blandAltman.lowerLimit,
    ba_upper_limit: s.blandAltman.upperLimit,
    reason: s.reason,
  }));
}
