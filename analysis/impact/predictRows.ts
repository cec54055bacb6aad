import { timeStage } from "../core/stageTimes.js";
import { configFromName } from "../features/configs.js";
import type { FamilyName } from "../features/types.js";
import { FEATURE_CODES } from "./featureCatalogue.js";
import type { FeatureRow } from "./featureRow.js";
import { predictDefaced, type ConfigKind, type Prediction } from "./prediction.js";

export interface PredictedRow extends Prediction {
  row: FeatureRow;
}

/**
 * Predicts the defaced value of every original feature row of one subject and one normalisation,
 * given the map Ĩ_d = a Ĩ + b between the original and defaced normalised intensities (see
 * relativeMap in analysis/normalisation/zscore.ts). The discretisation kind comes from each row's
 * config name (nodisc, fbnN, fbsW); the other original values (mean, variance, ...) from the rows
 * themselves. Unknown codes or configs give NaN with a reason, never an exception.
 */
export function predictRows(rows: readonly FeatureRow[], a: number, b: number, n?: number): PredictedRow[] {
  return timeStage("shifts", () => predictionsOf(rows, a, b, n));
}

function predictionsOf(rows: readonly FeatureRow[], a: number, b: number, n?: number): PredictedRow[] {
  // Intensity statistics and morphology are computed once per normalisation (config nodisc):
  // every row of the normalisation may need them.
  const originals: Record<string, Record<string, number>> = {};
  for (const r of rows) {
    if (r.family !== "intensity_statistics" && r.family !== "morphology") continue;
    (originals[r.normalization] ??= {})[r.ibsi_code] = r.value;
  }
  return rows.map((row) => {
    const family = row.family as FamilyName;
    const config = configFromName(row.config);
    if (!config) return { row, predicted: NaN, behaviour: "unpredictable", reason: `unknown configuration ${row.config}` };
    if (!FEATURE_CODES[family]?.includes(row.ibsi_code)) {
      return { row, predicted: NaN, behaviour: "unpredictable", reason: `no behaviour known for ${row.family} ${row.ibsi_code}` };
    }
    const configKind: ConfigKind = config.discretisation.kind;
    const p = predictDefaced(row.ibsi_code, family, row.value, a, b, {
      configKind,
      originals: originals[row.normalization],
      ...(n === undefined ? {} : { n }),
    });
    return { row, ...p };
  });
}
