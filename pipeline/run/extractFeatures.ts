import { usageError } from "../../analysis/core/errors.js";
import type { FeatureRow } from "../../analysis/impact/featureRow.js";
import type { Settings } from "../../analysis/settings.js";
import { headMask } from "../../masks/headMask.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { requireSettings, subjectFromPath } from "../settings/requirements.js";
import { runSubject } from "./runSubject.js";

export interface ExtractHooks {
  threads: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * `deface-impact features`: the features of one image and ROI, without defacing, through the same
 * road as every defaced condition of `run` (crop, normalisation, resampling, re-segmentation, each
 * discretisation). Normalisations default to none; a head mask is computed when one needs it.
 */
export async function extractFeatures(settings: Settings, hooks: ExtractHooks): Promise<FeatureRow[]> {
  requireSettings(settings, "features", ["input.image", "input.roi"]);
  const { input } = settings;
  const normalisations = settings.normalisation.methods ?? ["none"];
  if (normalisations.includes("zscore-brain") && !input.brainMask) {
    throw usageError("normalisation zscore-brain needs a brain mask: give --brain-mask FILE (features computes none itself)");
  }
  const image = readVolume(input.image!, { series: input.series, shared: true });
  const roi = readMask(input.roi!, image, { roiName: input.roiName, label: input.roiLabel });
  const brainMask = input.brainMask ? readMask(input.brainMask, image) : undefined;
  const needsHead = normalisations.some((n) => n === "zscore-foreground" || n === "percentile");
  const head = input.headMask ? readMask(input.headMask, image) : needsHead ? headMask(image).mask : undefined;
  const result = await runSubject(
    { subject: input.subject ?? subjectFromPath(input.image!), image, roi, roiName: input.roi!, conditions: [], brainMask, headMask: head },
    { settings, normalisations, threads: hooks.threads, onProgress: hooks.onProgress },
  );
  return result.features;
}
