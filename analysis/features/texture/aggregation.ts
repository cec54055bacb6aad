import type { FeatureSettings } from "../types.js";

/** An IBSI texture aggregation method: how matrices of slices/directions become one value. */
export interface AggregationMethod {
  /** the IBSI name, e.g. "3D, merged". */
  readonly name: string;
  /** the IBSI 4-letter code, e.g. "IAZD". */
  readonly code: string;
}

/** GLCM and GLRLM: directional matrices, averaged or merged over slices and directions. */
export const DIRECTIONAL_AGGREGATIONS = {
  BTW3: { name: "2D, averaged", code: "BTW3" },
  SUJT: { name: "2D, slice-merged", code: "SUJT" },
  JJUI: { name: "2.5D, direction-merged", code: "JJUI" },
  ZW7Z: { name: "2.5D, merged", code: "ZW7Z" },
  ITBB: { name: "3D, averaged", code: "ITBB" },
  IAZD: { name: "3D, merged", code: "IAZD" },
} as const satisfies Record<string, AggregationMethod>;

/** GLSZM, GLDZM, NGTDM and NGLDM: per-slice (averaged), slice-merged, or one 3D matrix. */
export const ZONE_AGGREGATIONS = {
  "8QNN": { name: "2D", code: "8QNN" },
  "62GR": { name: "2.5D", code: "62GR" },
  KOBO: { name: "3D", code: "KOBO" },
} as const satisfies Record<string, AggregationMethod>;

/**
 * Which of a family's methods to compute: those listed (by code) in settings.aggregations, or all.
 * Codes of other families' methods are ignored, so one list can serve every family.
 */
export function wantedAggregations<K extends string>(
  methods: Record<K, AggregationMethod>,
  settings: FeatureSettings,
): Set<K> {
  const all = Object.keys(methods) as K[];
  if (!settings.aggregations) return new Set(all);
  return new Set(all.filter((code) => settings.aggregations!.includes(code)));
}
