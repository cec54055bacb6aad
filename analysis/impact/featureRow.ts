import type { FeatureValue } from "../features/types.js";

/** What identifies one feature value of a subject: the labels every feature-level output shares. */
export interface FeatureLabels {
  condition: string;
  normalization: string;
  config: string;
  family: string;
  feature: string;
  ibsi_code: string;
  aggregation_code: string;
}

/** A tidy feature row: the `features.csv` columns (snake_case, as written). */
export interface FeatureRow extends FeatureLabels {
  subject: string;
  aggregation: string;
  value: number;
  /** why a value is NaN or a defined fallback; not a CSV column (reported in report.json). */
  note?: string;
}

export function labelFeatures(
  values: FeatureValue[],
  labels: { subject: string; condition: string; normalization: string; config: string },
): FeatureRow[] {
  const { subject, condition, normalization, config } = labels;
  // one literal of a fixed shape (no spreads): rows are made by the ten thousand in a cohort
  return values.map((v) => {
    const row: FeatureRow = {
      subject,
      condition,
      normalization,
      config,
      family: v.family,
      feature: v.feature,
      ibsi_code: v.ibsiCode,
      aggregation: v.aggregation,
      aggregation_code: v.aggregationCode,
      value: v.value,
    };
    if (v.note) row.note = v.note;
    return row;
  });
}
