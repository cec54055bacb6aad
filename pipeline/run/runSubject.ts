import { inputError } from "../../analysis/core/errors.js";
import { countMask, toShared, type Mask, type Volume } from "../../analysis/core/volume.js";
import type { FeatureConfig } from "../../analysis/features/configs.js";
import { labelFeatures, type FeatureRow } from "../../analysis/impact/featureRow.js";
import { computeShifts, featureKey, type ShiftRow } from "../../analysis/impact/shifts.js";
import { predictRows } from "../../analysis/impact/predictRows.js";
import type { Prediction } from "../../analysis/impact/prediction.js";
import {
  normalisationParameters,
  type NormalisationName,
  type NormalisationOptions,
  type NormalisationParameters,
} from "../../analysis/normalisation/normalisations.js";
import { relativeMap } from "../../analysis/normalisation/zscore.js";
import {
  marginForMillimetres,
  padBox,
  replacementsInBox,
  roiBoundingBox,
  type BoundingBox,
} from "../../analysis/processing/crop.js";
import { shareVolume, type FeatureJob } from "../pool/featureJob.js";
import { runJobs } from "../pool/runJobs.js";

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

export interface RunOptions {
  normalisations: NormalisationName[];
  configs: FeatureConfig[];
  normalisation: NormalisationOptions;
  threads: number;
  allowRoiOverlap: boolean;
  onProgress?: (done: number, total: number) => void;
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
  /** ROI voxels that a defaced condition changed (0 unless --allow-roi-overlap). */
  roiOverlap: { condition: string; voxels: number }[];
}

/** Radius of the 1 cm³ sphere of the local-intensity features: the box keeps this much image around the ROI. */
const LOCAL_INTENSITY_RADIUS_MM = 6.2;

/**
 * One subject: the original and every defaced condition, x normalisations x feature
 * configurations, as jobs on the worker pool; then the shift of every feature.
 */
export async function runSubject(input: SubjectInput, options: RunOptions): Promise<SubjectResult> {
  const { image, roi } = input;
  const roiVoxels = countMask(roi);
  const roiBox = roiBoundingBox(roi, image, input.roiName);
  const roiOverlap = input.conditions.map((c) => ({ condition: c.name, voxels: overlapCount(roi, c.indices) }));
  for (const o of roiOverlap) {
    if (o.voxels > 0 && !options.allowRoiOverlap) {
      throw inputError(
        `the face mask of condition "${o.condition}" removes ${o.voxels} of the ROI's ${roiVoxels} voxels; the ROI must lie outside the face mask (or pass --allow-roi-overlap)`,
        input.roiName,
      );
    }
  }

  const all = [{ name: "original", indices: new Uint32Array(0), values: new Float64Array(0) }, ...input.conditions];
  const parameters = normalisationParameters(image.data, all, options.normalisations, options.normalisation, {
    roi,
    head: input.headMask,
    brain: input.brainMask,
  });

  const box = padBox(roiBox, marginForMillimetres(LOCAL_INTENSITY_RADIUS_MM, image.spacing), image.dims);
  const data = toShared(image.data);
  const sharedImage = shareVolume(data, image.dims, image.spacing);
  const sharedRoi = toShared(roi).buffer as SharedArrayBuffer;

  const jobs: FeatureJob[] = [];
  const labels: { condition: string; normalization: string; config: string }[] = [];
  all.forEach((condition, c) => {
    const replacements = replacementsInBox(condition.indices, condition.values, image.dims, box);
    options.normalisations.forEach((normalization, n) => {
      for (const config of options.configs) {
        // A bin width in normalised units means nothing on raw intensities.
        if (normalization === "none" && config.discretisation.kind === "fbs") continue;
        jobs.push({ image: sharedImage, roi: sharedRoi, box, replacements, map: parameters[c][n], config });
        labels.push({ condition: condition.name, normalization, config: config.name });
      }
    });
  });

  const results = await runJobs(jobs, options.threads, options.onProgress);
  const features = results.flatMap((values, j) => labelFeatures(values, { subject: input.subject, ...labels[j] }));
  const originalRows = features.filter((r) => r.condition === "original");

  const maps: ConditionMap[] = [];
  const shifts: ShiftRow[] = [];
  input.conditions.forEach((condition, c) => {
    const predictions = new Map<string, Prediction>();
    options.normalisations.forEach((normalization, n) => {
      const original = parameters[0][n];
      const defaced = parameters[c + 1][n];
      const map = { condition: condition.name, normalization, original, defaced, ...relativeMap(original, defaced) };
      maps.push(map);
      // Clipping outliers makes the map non-affine: no closed form then.
      if (original.clip !== undefined) return;
      const rows = originalRows.filter((r) => r.normalization === normalization);
      for (const p of predictRows(rows, map.a, map.b, roiVoxels)) predictions.set(featureKey(p.row), p);
    });
    shifts.push(...computeShifts(originalRows, features.filter((r) => r.condition === condition.name), (o) => predictions.get(featureKey(o))));
  });

  return { subject: input.subject, roiVoxels, box: roiBox, features, shifts, maps, roiOverlap };
}

function overlapCount(roi: Mask, indices: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < indices.length; i++) n += roi[indices[i]];
  return n;
}
