import { timeStage } from "../core/stageTimes.js";
import type { FamilyName } from "../features/types.js";
import { parseDiscretisationLabel } from "../processing/discretise.js";
import { FEATURE_CODES } from "./featureCatalogue.js";
import type { FeatureRow } from "./featureRow.js";
import { predictDefaced, readsIntensities, type Prediction } from "./prediction.js";

export interface PredictedRow extends Prediction {
  row: FeatureRow;
}

export interface PredictRowsOptions {
  /** voxels in the intensity mask (intensity-based energy). */
  n?: number;
  /** the intensity-volume histogram's discretisation setting: "texture" (follows each config) or a label. */
  ivh?: string;
  /** why the closed forms of the features that read intensities hold only approximately (e.g. a fixed re-segmentation range); absent: exact. */
  approximate?: string;
}

/**
 * Predicts the defaced value of every original feature row of one subject and one normalisation,
 * given the map Ĩ_d = a Ĩ + b between the original and defaced normalised intensities (see
 * relativeMap in analysis/normalisation/zscore.ts). The discretisation kind comes from each row's
 * config label (nodisc, fbnN, fbsW); the other original values (mean, variance, ...) from the rows
 * themselves. Unknown codes or configs give NaN with a reason, never an exception.
 */
export function predictRows(rows: readonly FeatureRow[], a: number, b: number, options: PredictRowsOptions = {}): PredictedRow[] {
  return timeStage("shifts", () => predictionsOf(rows, a, b, options));
}

function predictionsOf(rows: readonly FeatureRow[], a: number, b: number, options: PredictRowsOptions): PredictedRow[] {
  // Intensity statistics and morphology are computed once per normalisation (config nodisc):
  // every row of the normalisation may need them.
  const originals: Record<string, Record<string, number>> = {};
  for (const r of rows) {
    if (r.family !== "intensity_statistics" && r.family !== "morphology") continue;
    (originals[r.normalization] ??= {})[r.ibsi_code] = r.value;
  }
  const ivhKind = options.ivh && options.ivh !== "texture" ? parseDiscretisationLabel(options.ivh).discretisation?.kind : undefined;
  return rows.map((row): PredictedRow => {
    const family = row.family as FamilyName;
    const discretisation = parseDiscretisationLabel(row.config).discretisation;
    if (!discretisation) return { row, predicted: NaN, behaviour: "unpredictable", exactness: "none", reason: `unknown configuration ${row.config}` };
    if (!FEATURE_CODES[family]?.includes(row.ibsi_code)) {
      return { row, predicted: NaN, behaviour: "unpredictable", exactness: "none", reason: `no behaviour known for ${row.family} ${row.ibsi_code}` };
    }
    const p = predictDefaced(row.ibsi_code, family, row.value, a, b, {
      configKind: discretisation.kind,
      ...(ivhKind ? { ivhKind } : {}),
      originals: originals[row.normalization],
      ...(options.n === undefined ? {} : { n: options.n }),
    });
    if (p.exactness === "exact" && options.approximate && readsIntensities(family, row.ibsi_code)) return { row, ...p, exactness: "approximate", reason: options.approximate };
    return { row, ...p };
  });
}
