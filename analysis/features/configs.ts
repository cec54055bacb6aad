import { FAMILY_NAMES, type FamilyName, type FeatureSettings } from "./types.js";

/** How a feature configuration discretises intensities for the histogram and texture families. */
export type Discretisation =
  | { kind: "none" } // families that need no discretisation
  | { kind: "fbn"; nBins: number } // fixed bin number over the ROI range
  | { kind: "fbs"; binWidth: number }; // fixed bin size from the ROI minimum (no re-segmentation range here)

/** A named feature configuration: the `config` column of every output. */
export interface FeatureConfig {
  name: string;
  discretisation: Discretisation;
  families: FamilyName[];
  /** texture aggregation codes; 3D merged (IAZD) and 3D (KOBO) by default. */
  aggregations: string[];
}

/** Families that need no discretisation: computed once per condition and normalisation. */
export const CONTINUOUS_FAMILIES: FamilyName[] = ["morphology", "local_intensity", "intensity_statistics"];
/** Families computed on discretised intensities (the IVH too: it follows the texture discretisation). */
export const DISCRETE_FAMILIES: FamilyName[] = FAMILY_NAMES.filter((f) => !CONTINUOUS_FAMILIES.includes(f));
export const DEFAULT_AGGREGATIONS = ["IAZD", "KOBO"];

/** Parses a configuration name: `nodisc`, `fbnN` (N bins) or `fbsW` (bin width W, normalised units). */
export function configFromName(name: string, aggregations: string[] = DEFAULT_AGGREGATIONS): FeatureConfig | null {
  if (name === "nodisc") return { name, discretisation: { kind: "none" }, families: CONTINUOUS_FAMILIES, aggregations };
  const fbn = /^fbn(\d+)$/.exec(name);
  if (fbn && Number(fbn[1]) >= 1) {
    return { name, discretisation: { kind: "fbn", nBins: Number(fbn[1]) }, families: DISCRETE_FAMILIES, aggregations };
  }
  const fbs = /^fbs(\d*\.?\d+(?:e-?\d+)?)$/.exec(name);
  if (fbs && Number(fbs[1]) > 0) {
    return { name, discretisation: { kind: "fbs", binWidth: Number(fbs[1]) }, families: DISCRETE_FAMILIES, aggregations };
  }
  return null;
}

export const DEFAULT_CONFIG_NAMES = ["nodisc", "fbn32", "fbs0.1"];

/** The feature settings a configuration implies (the IVH follows the texture discretisation). */
export function featureSettingsFor(config: FeatureConfig): FeatureSettings {
  const d = config.discretisation;
  return {
    aggregations: config.aggregations,
    ivh: d.kind === "fbn" ? { kind: "fbn", nBins: d.nBins } : d.kind === "fbs" ? { kind: "fbs", binWidth: d.binWidth } : { kind: "none" },
  };
}
