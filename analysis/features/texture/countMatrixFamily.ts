import type { FamilyName } from "../types.js";
import type { PresentLevels } from "./presentLevels.js";
import { CountMatrix, countStats, type CountStats } from "./countMatrix.js";
import type { FeatureDef } from "./featureTable.js";
import type { SliceFamily } from "./sliceAggregation.js";

/** A SliceFamily over CountMatrix (GLSZM, GLDZM, NGLDM). */
export function countMatrixFamily(
  family: FamilyName,
  features: readonly FeatureDef<CountStats>[],
  lv: PresentLevels,
  emptyNote: string,
  perSlice: () => CountMatrix[],
  volume: () => CountMatrix,
): SliceFamily<CountMatrix, CountStats> {
  return {
    family,
    features,
    emptyNote,
    perSlice,
    volume,
    merge: (ms) => {
      const merged = new CountMatrix(lv);
      for (const m of ms) merged.merge(m);
      return merged;
    },
    isEmpty: (m) => m.isEmpty,
    stats: countStats,
  };
}
