import { inputError } from "../../analysis/core/errors.js";
import { countMask, type Mask } from "../../analysis/core/volume.js";
import { pairStatus, type DiscretisationStatus } from "../../analysis/impact/degenerate.js";
import { labelFeatures, type FeatureRow } from "../../analysis/impact/featureRow.js";
import { predictRows } from "../../analysis/impact/predictRows.js";
import type { Prediction } from "../../analysis/impact/prediction.js";
import { computeShifts, type ShiftRow } from "../../analysis/impact/shifts.js";
import { normalisationParameters, type NormalisationName } from "../../analysis/normalisation/normalisations.js";
import { relativeMap } from "../../analysis/normalisation/zscore.js";
import { discretisationsFor, processingFor } from "../../analysis/processing/processingPlan.js";
import { planRoi, replacementsInSource } from "../../analysis/processing/prepare.js";
import type { Settings } from "../../analysis/settings.js";
import { jobBuffer, shareVolume, type FeatureJob, type JobRunner } from "../pool/featureJob.js";
import type { ConditionGreyLevels, ConditionMap, SubjectInput, SubjectResult } from "./subject.js";

export interface SubjectOptions {
  /** the groups of the settings the feature road reads. */
  settings: Pick<Settings, "normalisation" | "processing" | "features" | "defacing">;
  /** the normalisations to compute (the settings' list, or every one the masks allow). */
  normalisations: NormalisationName[];
  /** where the jobs run: worker threads in Node (threadPool in pool/runJobs.ts), Web Workers in the browser. */
  runJobs: JobRunner;
  onProgress?: (done: number, total: number) => void;
}

/**
 * One subject: the original and every defaced condition x normalisation, each a job on the worker
 * pool that walks the one processing road (analysis/processing/prepare.ts) and computes every
 * configuration; then the shift of every feature and its closed-form prediction.
 */
export async function runSubject(input: SubjectInput, options: SubjectOptions): Promise<SubjectResult> {
  const { image, roi } = input;
  const { normalisation, processing, features, defacing } = options.settings;
  const roiVoxels = countMask(roi);
  const plan = planRoi(image, roi, processing, input.roiName);
  const roiOverlap = input.conditions.map((c) => ({ condition: c.name, voxels: overlapCount(roi, c.indices) }));
  for (const o of roiOverlap) {
    if (o.voxels > 0 && !defacing.allowRoiOverlap) {
      throw inputError(
        `the face mask of condition "${o.condition}" removes ${o.voxels} of the ROI's ${roiVoxels} voxels; the ROI must lie outside the face mask (or pass --allow-roi-overlap)`,
        input.roiName,
      );
    }
  }

  const all = [{ name: "original", indices: new Uint32Array(0), values: new Float64Array(0) }, ...input.conditions];
  const parameters = normalisationParameters(
    image.data,
    all,
    options.normalisations,
    { sdMode: normalisation.sd, scaleFactor: normalisation.scaleFactor, outlierSd: normalisation.outlierSd },
    { roi, head: input.headMask, brain: input.brainMask },
  );

  const sharedImage = shareVolume(image.data, image.dims, image.spacing);
  const sharedRoi = jobBuffer(roi);
  // the condition's replaced voxels in the region the road reads, once per condition
  const replaced = all.map((condition) => replacementsInSource(condition.indices, condition.values, image.dims, plan));
  const jobs: FeatureJob[] = options.normalisations.map((normalization, n) => ({
    image: sharedImage,
    roi: sharedRoi,
    plan,
    conditions: all.map((condition, c) => ({ name: condition.name, replaced: replaced[c], map: parameters[c][n] })),
    processing: processingFor(processing, normalization),
    features,
    discretisations: discretisationsFor(processing.discretisation, normalization),
    label: `normalisation ${normalization}`,
  }));

  const results = await options.runJobs(jobs, options.onProgress);
  // rows condition by condition, then normalisation by normalisation, whatever order the jobs ran in
  const featureRows: FeatureRow[] = all.flatMap((condition, c) =>
    options.normalisations.flatMap((normalization, n) =>
      results[n][c].configs.flatMap(({ config, values }) => labelFeatures(values, { subject: input.subject, condition: condition.name, normalization, config })),
    ),
  );
  const originalRows = featureRows.filter((r) => r.condition === "original");
  const intensityVoxels = (c: number, n: number) => results[n][c].intensityVoxels;
  const greyLevels: ConditionGreyLevels[] = all.flatMap((condition, c) =>
    options.normalisations.flatMap((normalization, n) => results[n][c].greyLevels.map((g) => ({ condition: condition.name, normalization, ...g }))),
  );
  const discretisation = discretisationCheck(greyLevels, processing.ivh);

  const maps: ConditionMap[] = [];
  const shifts: ShiftRow[] = [];
  input.conditions.forEach((condition, c) => {
    // keyed by the original row itself: computeShifts hands back the same objects
    const predictions = new Map<FeatureRow, Prediction>();
    options.normalisations.forEach((normalization, n) => {
      const original = parameters[0][n];
      const defaced = parameters[c + 1][n];
      const map = { condition: condition.name, normalization, original, defaced, ...relativeMap(original, defaced) };
      maps.push(map);
      // Clipping outliers makes the map non-affine: no closed form then.
      if (original.clip !== undefined) return;
      const rows = originalRows.filter((r) => r.normalization === normalization);
      const moved = map.a !== 1 || map.b !== 0;
      const approximate =
        moved && processingFor(processing, normalization).resegmentation.range
          ? rangeCaveat(intensityVoxels(0, n), intensityVoxels(c + 1, n))
          : undefined;
      // energy sums over the prepared ROI's intensity mask (resampled, re-segmented), not the ROI file's voxels
      const voxels = intensityVoxels(0, n);
      for (const p of predictRows(rows, map.a, map.b, { n: voxels, ivh: processing.ivh, approximate })) predictions.set(p.row, p);
    });
    shifts.push(
      ...computeShifts(originalRows, featureRows.filter((r) => r.condition === condition.name), (o) => predictions.get(o), discretisation),
    );
  });

  return { subject: input.subject, roiVoxels, box: plan.roiBox, features: featureRows, shifts, maps, roiOverlap, greyLevels };
}

/**
 * The status of the grey levels a shift compares (analysis/impact/degenerate.ts): the features of a
 * discretised configuration read its levels, except an intensity-volume histogram with its own
 * discretisation (processing.ivh); the nodisc families read none.
 */
function discretisationCheck(greyLevels: readonly ConditionGreyLevels[], ivh: string): (o: FeatureRow, d: FeatureRow) => DiscretisationStatus {
  const byKey = new Map(greyLevels.map((g) => [`${g.condition}\u0000${g.normalization}\u0000${g.config}`, g]));
  return (o, d) => {
    if (o.family === "intensity_volume_histogram" && ivh !== "texture") return "n/a";
    const original = byKey.get(`${o.condition}\u0000${o.normalization}\u0000${o.config}`);
    const defaced = byKey.get(`${d.condition}\u0000${d.normalization}\u0000${d.config}`);
    return original && defaced ? pairStatus(original, defaced) : "n/a";
  };
}

/**
 * A fixed re-segmentation range stays put while the normalised intensities move (Ĩ_d = a·Ĩ + b), so
 * the ROI's voxels near its bounds may enter or leave: the closed forms assume an unchanged
 * intensity mask and hold only approximately.
 */
function rangeCaveat(originalVoxels: number, defacedVoxels: number): string {
  const change = defacedVoxels === originalVoxels ? "the same number of voxels stayed in range" : `${originalVoxels} → ${defacedVoxels} voxels in range`;
  return `a fixed re-segmentation range does not move with the normalised intensities (${change}): the prediction assumes an unchanged intensity mask`;
}

function overlapCount(roi: Mask, indices: Uint32Array): number {
  let n = 0;
  for (let i = 0; i < indices.length; i++) n += roi[indices[i]];
  return n;
}
