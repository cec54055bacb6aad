import type { Mask, Volume } from "../../analysis/core/volume.js";
import type { FeatureRow } from "../../analysis/impact/featureRow.js";
import type { ShiftRow } from "../../analysis/impact/shifts.js";
import type { NormalisationName, NormalisationParameters } from "../../analysis/normalisation/normalisations.js";
import type { BoundingBox } from "../../analysis/processing/crop.js";
import type { GreyLevelSummary } from "../../analysis/processing/greyLevels.js";

/** A defaced version of the image: which voxels changed and what they became. */
export interface DefacedCondition {
  /** the `condition` column, e.g. "defaced-zero". */
  name: string;
  /** how the face was removed, for the report (e.g. "face mask face.nii.gz, fill zero"). */
  description: string;
  /** replaced voxels, global indices in increasing order. */
  indices: Uint32Array;
  /** their new values, same order. */
  values: Float64Array;
}

/** One subject as the feature road sees it: the image, its ROI, the masks, the defaced conditions. */
export interface SubjectInput {
  subject: string;
  image: Volume;
  roi: Mask;
  /** file name of the ROI, for error messages. */
  roiName: string;
  conditions: DefacedCondition[];
  /** head (foreground) mask, for zscore-foreground and percentile. */
  headMask?: Mask;
  /** brain mask, for zscore-brain. */
  brainMask?: Mask;
}

/** The affine map a defaced condition applied to the ROI's normalised intensities: Ĩ_d = a·Ĩ + b. */
export interface ConditionMap {
  condition: string;
  normalization: NormalisationName;
  original: NormalisationParameters;
  defaced: NormalisationParameters;
  a: number;
  b: number;
}

export interface SubjectResult {
  subject: string;
  roiVoxels: number;
  box: BoundingBox;
  features: FeatureRow[];
  shifts: ShiftRow[];
  maps: ConditionMap[];
  /** ROI voxels that a defaced condition changed (0 unless allowRoiOverlap). */
  roiOverlap: { condition: string; voxels: number }[];
  /** how every discretisation cut the ROI, per condition (the original included) and normalisation. */
  greyLevels: ConditionGreyLevels[];
}

/** A discretisation's grey-level summary under one condition and normalisation. */
export interface ConditionGreyLevels extends GreyLevelSummary {
  condition: string;
  normalization: NormalisationName;
}
