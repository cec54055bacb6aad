import { timeStage } from "../core/stageTimes.js";
import type { FeatureLabels, FeatureRow } from "./featureRow.js";
import type { DiscretisationStatus } from "./degenerate.js";
import type { Behaviour, Exactness, Prediction } from "./prediction.js";

/** How far defacing moved one feature: defaced − original, in the feature's units and relative. */
export interface ShiftRow extends FeatureLabels {
  subject: string;
  original: number;
  defaced: number;
  /** defaced − original (signed, feature units). */
  abs_shift: number;
  /** abs_shift / |original|; 0 when both are 0, ±Infinity when only the original is 0. */
  rel_shift: number;
  /** the closed-form prediction of the defaced value (NaN where none exists). */
  predicted_defaced: number;
  /** how the feature responds to an affine intensity map. */
  behaviour: Behaviour;
  /** whether the prediction is exact, approximate (an assumption the processing may break) or none. */
  prediction: Exactness;
  /** whether the grey levels it compares can carry a texture or histogram feature (degenerate.ts). */
  discretisation: DiscretisationStatus;
}

export const featureKey = (r: FeatureRow) => `${r.normalization}\u0000${r.config}\u0000${r.family}\u0000${r.feature}\u0000${r.aggregation_code}`;

export function relativeShift(original: number, defaced: number): number {
  const diff = defaced - original;
  if (diff === 0) return 0;
  return diff / Math.abs(original);
}

/**
 * Pairs every defaced feature row with the original condition's row of the same normalisation,
 * configuration, feature and aggregation, with the prediction for it (looked up by the original
 * row) and the status of the discretisations it compares. Rows keep the order of the defaced rows.
 */
export function computeShifts(
  original: FeatureRow[],
  defaced: FeatureRow[],
  predict: (originalRow: FeatureRow) => Prediction | undefined = () => undefined,
  discretisation: (originalRow: FeatureRow, defacedRow: FeatureRow) => DiscretisationStatus = () => "n/a",
): ShiftRow[] {
  return timeStage("shifts", () => shiftsOf(original, defaced, predict, discretisation));
}

function shiftsOf(
  original: FeatureRow[],
  defaced: FeatureRow[],
  predict: (originalRow: FeatureRow) => Prediction | undefined,
  discretisation: (originalRow: FeatureRow, defacedRow: FeatureRow) => DiscretisationStatus,
): ShiftRow[] {
  const byKey = new Map(original.map((r) => [featureKey(r), r]));
  const out: ShiftRow[] = [];
  for (const d of defaced) {
    const o = byKey.get(featureKey(d));
    if (!o) continue;
    const p = predict(o);
    out.push({
      subject: d.subject,
      condition: d.condition,
      normalization: d.normalization,
      config: d.config,
      family: d.family,
      feature: d.feature,
      ibsi_code: d.ibsi_code,
      aggregation_code: d.aggregation_code,
      original: o.value,
      defaced: d.value,
      abs_shift: d.value - o.value,
      rel_shift: relativeShift(o.value, d.value),
      predicted_defaced: p?.predicted ?? NaN,
      behaviour: p?.behaviour ?? "unpredictable",
      prediction: p?.exactness ?? "none",
      discretisation: discretisation(o, d),
    });
  }
  return out;
}
