import type { FamilyName, FeatureSettings, FeatureValue } from "../types.js";
import { wantedAggregations, ZONE_AGGREGATIONS as AGG } from "./aggregation.js";
import { FeatureAverager, type FeatureDef } from "./featureTable.js";

/** What a GLSZM/GLDZM/NGTDM/NGLDM family provides: its matrices and how to merge and read them. */
export interface SliceFamily<M, S> {
  family: FamilyName;
  features: readonly FeatureDef<S>[];
  /** note for every feature when there is no non-empty matrix at all. */
  emptyNote: string;
  /** one matrix per slice k (2D neighbourhoods and zones). */
  perSlice: () => M[];
  /** the matrix of the whole volume (3D neighbourhoods and zones). */
  volume: () => M;
  /** IBSI merging: sum the slice matrices (and their voxel counts). */
  merge: (ms: M[]) => M;
  isEmpty: (m: M) => boolean;
  stats: (m: M) => S;
}

/**
 * The three IBSI aggregations of the zone and neighbourhood families: 2D (8QNN, features per
 * slice averaged over the non-empty slices), 2.5D (62GR, slice matrices merged) and 3D (KOBO).
 */
export function sliceAggregatedRows<M, S>(spec: SliceFamily<M, S>, settings: FeatureSettings): FeatureValue[] {
  const want = wantedAggregations(AGG, settings);
  const out: FeatureValue[] = [];
  const rowsOf = (ms: M[], method: (typeof AGG)[keyof typeof AGG]) => {
    const acc = new FeatureAverager(spec.features);
    for (const m of ms) if (!spec.isEmpty(m)) acc.add(spec.stats(m));
    out.push(...acc.rows(spec.family, method, spec.emptyNote));
  };
  if (want.has("8QNN") || want.has("62GR")) {
    const slices = spec.perSlice();
    if (want.has("8QNN")) rowsOf(slices, AGG["8QNN"]);
    if (want.has("62GR")) rowsOf([spec.merge(slices)], AGG["62GR"]);
  }
  if (want.has("KOBO")) rowsOf([spec.volume()], AGG.KOBO);
  return out;
}
