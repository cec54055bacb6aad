import type { Vec3 } from "../core/volume.js";
import type { Discretisation } from "../processing/discretise.js";

/**
 * A region of interest cropped to its bounding box and ready for feature extraction: every feature
 * family is a pure function of this object (and its settings). Arrays are indexed like a Volume,
 * i + nx*(j + ny*k) over `dims`.
 */
export interface PreparedRoi {
  /** size of the bounding box (voxels). */
  dims: Vec3;
  /** voxel size (mm). */
  spacing: Vec3;
  /** intensities in the box (after any resampling and normalisation). */
  intensity: Float64Array;
  /** voxels used for intensity and texture features (after re-segmentation). */
  intensityMask: Uint8Array;
  /** voxels used for morphology (before re-segmentation). */
  morphMask: Uint8Array;
  /**
   * discretised grey levels, 1..nLevels inside intensityMask, 0 outside; absent when the features
   * asked for need none (intensity statistics, morphology).
   */
  levels?: Int32Array;
  /** N_g: number of grey levels of the discretisation (absent levels included, as IBSI counts them). */
  nLevels?: number;
  /** re-segmentation range, when one was applied: the IVH and fixed-bin-size histograms need it. */
  resegRange?: [number, number];
}

/** One computed feature, before it is labelled with subject/condition/normalisation/config. */
export interface FeatureValue {
  family: FamilyName;
  feature: string;
  /** IBSI 4-letter feature code. */
  ibsiCode: string;
  /** aggregation name, e.g. "3D merged" or "none". */
  aggregation: string;
  /** IBSI 4-letter aggregation code; DHQ4 for families without aggregation. */
  aggregationCode: string;
  value: number;
  /** why the value is NaN or IBSI's defined fallback (degenerate ROI), else absent. */
  note?: string;
}

/** The eleven IBSI 1 feature families, in the manual's (and every output's) order. */
export const FAMILY_NAMES = [
  "morphology",
  "local_intensity",
  "intensity_statistics",
  "intensity_histogram",
  "intensity_volume_histogram",
  "glcm",
  "glrlm",
  "glszm",
  "gldzm",
  "ngtdm",
  "ngldm",
] as const;
export type FamilyName = (typeof FAMILY_NAMES)[number];

/** Families that need no discretisation: computed once per prepared ROI (the `nodisc` config). */
export const CONTINUOUS_FAMILIES: readonly FamilyName[] = ["morphology", "local_intensity", "intensity_statistics"];

/**
 * Families computed on discretised grey levels (roi.levels). With the intensity-volume histogram,
 * whose own discretisation follows the texture one unless set, they are computed once per
 * discretisation (one `config` each).
 */
export const GREY_LEVEL_FAMILIES: ReadonlySet<FamilyName> = new Set<FamilyName>([
  "intensity_histogram",
  "glcm",
  "glrlm",
  "glszm",
  "gldzm",
  "ngtdm",
  "ngldm",
]);

/** The aggregation code used for every non-texture family. */
export const NO_AGGREGATION = { aggregation: "none", aggregationCode: "DHQ4" } as const;

/** Options shared by the feature families; every field has the IBSI default when absent. */
export interface FeatureSettings {
  /** texture aggregation codes to compute (e.g. ["IAZD", "KOBO"]); every applicable one when absent. */
  aggregations?: readonly string[];
  /** GLCM, NGTDM and NGLDM neighbourhood distance (Chebyshev, voxels); default 1. */
  distance?: number;
  /** NGLDM coarseness parameter a; default 0. */
  ngldmCoarseness?: number;
  /**
   * intensity-volume histogram discretisation; default { kind: "none" } (raw intensities, e.g.
   * integer HU). An fbs `lower` defaults to the re-segmentation lower bound, else the ROI minimum.
   */
  ivh?: Discretisation;
}

/** A feature family: a pure function from a prepared ROI to its feature values. */
export type FamilyFunction = (roi: PreparedRoi, settings: FeatureSettings) => FeatureValue[];
