import { DefaceImpactError } from "../../analysis/core/errors.js";
import { NORMALISATION_NAMES } from "../../analysis/normalisation/normalisations.js";
import { COHORT_COLUMNS } from "../compare/cohortCsv.js";
import type { TableName } from "../compare/cohortOutputs.js";
import { SCORECARD_COLUMNS } from "../compare/scorecard.js";
import { FEATURE_COLUMNS, SHIFT_COLUMNS } from "../report/csv.js";

/**
 * The JSON sidecars of the BIDS tables (BIDS "tabular files": one object per column with its
 * Description, Units where the column has a fixed unit, Levels where it takes named values). The
 * feature value columns have per-row units, given in the `units` column.
 */

export interface ColumnDescription {
  LongName?: string;
  Description: string;
  Units?: string;
  Levels?: Record<string, string>;
}

/** The columns of the participants' and the group's feature and shift tables: the CSV columns and the row's unit. */
export const BIDS_FEATURE_COLUMNS = [...FEATURE_COLUMNS, "units"] as const;
export const BIDS_SHIFT_COLUMNS = [...SHIFT_COLUMNS, "units"] as const;

const ROW_UNITS = "in the unit of the row's `units` column";
const DIMENSIONLESS = "1";

const NORMALISATION_LEVELS: Record<(typeof NORMALISATION_NAMES)[number], string> = {
  none: "no normalisation: the image's own intensities (HU on CT, arbitrary units on MR)",
  "zscore-global": "z-score over the whole volume",
  "zscore-foreground": "z-score over the head (foreground) mask",
  "zscore-brain": "z-score over the brain mask",
  "zscore-unmasked": "z-score over the volume minus every face mask: the same region before and after defacing",
  "zscore-roi": "z-score over the ROI",
  percentile: "the head's 1st to 99th percentiles mapped to 0 to 1",
};

const COLUMNS: Record<string, ColumnDescription> = {
  subject: { Description: "the image: its BIDS entities (e.g. sub-01_ses-1), one subject of the cohort" },
  condition: { Description: "original, or the defaced condition: the defacer and the fill of the removed voxels (e.g. shear-min)" },
  tool: { Description: "the defaced condition (defacer and fill), as in the condition column of the participant tables" },
  normalization: { Description: "whole-image intensity normalisation applied before feature extraction", Levels: NORMALISATION_LEVELS },
  config: { Description: "grey-level discretisation of the histogram, IVH and texture families: fbnN (N bins), fbsW (bin width W), nodisc" },
  family: { Description: "IBSI feature family (morphology, intensity_statistics, glcm, ...)" },
  feature: { Description: "feature name (IBSI)" },
  ibsi_code: { LongName: "IBSI feature code", Description: "the feature's 4-character identifier in the IBSI reference manual" },
  aggregation: { Description: "texture aggregation method (IBSI)" },
  aggregation_code: { LongName: "IBSI aggregation code", Description: "the aggregation method's 4-character IBSI identifier (e.g. IAZD, KOBO)" },
  value: { Description: `feature value, ${ROW_UNITS}; n/a when the feature is undefined for this ROI` },
  units: {
    Description:
      "unit of the row's feature values: image units (HU, a.u.) or those of the normalised intensities (σ for z-scores, P1–P99 range for percentile), mm-based for morphology, 1 for dimensionless features (counts, ratios, grey levels)",
  },
  original: { Description: `feature value in the original image, ${ROW_UNITS}` },
  defaced: { Description: `feature value in the defaced condition, ${ROW_UNITS}` },
  abs_shift: { LongName: "absolute shift", Description: `defaced − original, ${ROW_UNITS}` },
  rel_shift: { LongName: "relative shift", Description: "(defaced − original) / |original|; 0 when both are 0, inf or -inf when only the original is 0", Units: DIMENSIONLESS },
  predicted_defaced: { Description: `the closed-form prediction of the defaced value from the original and the affine intensity map, ${ROW_UNITS}; n/a where none exists` },
  behaviour: {
    Description: "how the feature responds to an affine intensity map",
    Levels: {
      invariant: "does not change",
      equivariant: "changes, exactly predictably from the original values and the map",
      "discretisation-dependent": "the grey levels are re-cut by a map-dependent rule: no closed form",
      unpredictable: "depends on the map through quantities no feature reports",
    },
  },
  prediction: {
    Description: "how far the prediction can be trusted",
    Levels: { exact: "a closed form under an affine map", approximate: "a closed form whose assumption the processing may break", none: "no closed form" },
  },
  discretisation: {
    Description: "whether the grey levels the feature compares (original and defaced, the worse of the two) can carry a texture or histogram feature",
    Levels: {
      ok: "at least 8 occupied grey levels and at least 2 ROI voxels per occupied level",
      "too-coarse": "fewer than 8 occupied grey levels",
      "too-fine": "fewer than 2 ROI voxels per occupied grey level",
      "n/a": "the feature reads no grey levels",
    },
  },
  subjects: { Description: "images (subjects) the tool has an output for", Units: DIMENSIONLESS },
  residual_face_mean_percent: { Description: "share of the facial skin surface left after defacing, mean over subjects", Units: "%" },
  residual_face_max_percent: { Description: "share of the facial skin surface left after defacing, worst subject", Units: "%" },
  brain_intrusion_voxels_total: { Description: "brain voxels the defacing removed, summed over subjects", Units: "voxel" },
  brain_intrusion_mm3_total: { Description: "brain volume the defacing removed, summed over subjects", Units: "mm^3" },
  brain_intrusion_worst_subject: { Description: "the subject that lost the most brain voxels (n/a when none lost any)" },
  brain_intrusion_worst_voxels: { Description: "brain voxels removed in the worst subject", Units: "voxel" },
  brain_intrusion_worst_mm3: { Description: "brain volume removed in the worst subject", Units: "mm^3" },
  features: { Description: "distinct features (configuration × feature × aggregation) compared under this normalisation", Units: DIMENSIONLESS },
  over_1_percent: { Description: "features whose |rel_shift| exceeds 1 % in at least one subject", Units: DIMENSIONLESS },
  over_5_percent: { Description: "features whose |rel_shift| exceeds 5 % in at least one subject", Units: DIMENSIONLESS },
  infinite_rel_shift: { Description: "features whose rel_shift is infinite in some subject (an original value of 0 that moved)", Units: DIMENSIONLESS },
  degenerate_features: {
    Description: "features under a degenerate discretisation (too few or too sparse grey levels) in every subject, not counted in features, over_1_percent, over_5_percent",
    Units: DIMENSIONLESS,
  },
  worst_subject: { Description: "subject of the largest finite |rel_shift| (n/a when nothing moved)" },
  worst_config: { Description: "configuration of the largest finite |rel_shift|" },
  worst_family: { Description: "family of the largest finite |rel_shift|" },
  worst_feature: { Description: "feature of the largest finite |rel_shift|" },
  worst_ibsi_code: { Description: "IBSI code of the largest finite |rel_shift|" },
  worst_aggregation_code: { Description: "IBSI aggregation code of the largest finite |rel_shift|" },
  worst_rel_shift: { Description: "the largest finite relative shift, signed", Units: DIMENSIONLESS },
  n: { Description: "subjects with a finite original and defaced value", Units: DIMENSIONLESS },
  icc: { LongName: "ICC(A,1)", Description: "intraclass correlation between original and defaced values: two-way, absolute agreement, single measurement", Units: DIMENSIONLESS },
  icc_lower: { Description: "lower bound of the ICC's confidence interval (McGraw & Wong)", Units: DIMENSIONLESS },
  icc_upper: { Description: "upper bound of the ICC's confidence interval", Units: DIMENSIONLESS },
  ccc: { LongName: "Lin's concordance correlation coefficient", Description: "concordance between original and defaced values", Units: DIMENSIONLESS },
  ccc_lower: { Description: "lower bound of the CCC's confidence interval (z-transform)", Units: DIMENSIONLESS },
  ccc_upper: { Description: "upper bound of the CCC's confidence interval", Units: DIMENSIONLESS },
  ci_level: { Description: "confidence level of the intervals", Units: DIMENSIONLESS },
  ba_bias: { LongName: "Bland–Altman bias", Description: "mean of defaced − original over subjects, in the feature's unit (see the participants' units column)" },
  ba_lower_limit: { Description: "Bland–Altman lower limit of agreement (bias − 1.96 SD), in the feature's unit" },
  ba_upper_limit: { Description: "Bland–Altman upper limit of agreement (bias + 1.96 SD), in the feature's unit" },
  reason: { Description: "why a statistic is n/a or how a limiting case was resolved (n/a when none)" },
  participant_id: { Description: "the participant (sub-<label>)" },
  session_id: { Description: "the session (ses-<label>; n/a without sessions or when the whole participant is concerned)" },
  image: { Description: "the anatomical image, relative to the BIDS dataset" },
  status: {
    Description: "whether the image is in the cohort",
    Levels: {
      included: "in the cohort statistics and the scorecard",
      failed: "the participant level failed for it (detail: the error)",
      missing: "no participant output for it",
      stale: "its outputs were made with other settings",
    },
  },
  detail: { Description: "why the image is left out (n/a when included)" },
};

const TABLE_COLUMNS: Record<TableName, readonly string[]> = {
  features: BIDS_FEATURE_COLUMNS,
  shifts: BIDS_SHIFT_COLUMNS,
  scorecard: SCORECARD_COLUMNS,
  cohort_stats: COHORT_COLUMNS,
};

/** The columns of a BIDS table. */
export const bidsColumns = (table: TableName): readonly string[] => TABLE_COLUMNS[table];

/** The sidecar of a table with these columns (2-space JSON). */
export function columnSidecar(columns: readonly string[]): string {
  const out: Record<string, ColumnDescription> = {};
  for (const c of columns) {
    const d = COLUMNS[c];
    if (!d) throw new DefaceImpactError("internal", `no description of column ${c}`);
    out[c] = d;
  }
  return JSON.stringify(out, null, 2) + "\n";
}
