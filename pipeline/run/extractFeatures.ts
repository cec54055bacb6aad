import type { FeatureRow } from "../../analysis/impact/featureRow.js";
import type { Settings } from "../../analysis/settings.js";
import { ctBrainMask } from "../../masks/brainMaskCt.js";
import { FALLBACK_WARNING, fallbackBrainMask } from "../../masks/brainMaskFallback.js";
import { foregroundThreshold, headMask } from "../../masks/headMask.js";
import { detectModality } from "../../masks/modality.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { requireSettings, subjectFromPath } from "../settings/requirements.js";
import { threadPool } from "../pool/runJobs.js";
import { runSubject } from "./runSubject.js";

export interface ExtractHooks {
  threads: number;
  onProgress?: (done: number, total: number) => void;
  warn?: (message: string) => void;
}

/** The settings `features` cannot do without (its --help marks their options required). */
export const FEATURES_REQUIRED = ["input.image", "input.roi", "output.dir"] as const;

/**
 * `deface-impact features`: the features of one image and ROI, without defacing, through the same
 * road as every defaced condition of `run` (crop, normalisation, resampling, re-segmentation, each
 * discretisation). Normalisations default to none; head and brain masks are computed when a
 * normalisation needs one and none is given, as `run` computes them.
 */
export async function extractFeatures(settings: Settings, hooks: ExtractHooks): Promise<FeatureRow[]> {
  requireSettings(settings, "features", ["input.image", "input.roi"]);
  const { input } = settings;
  const normalisations = settings.normalisation.methods ?? ["none"];
  const image = readVolume(input.image!, { series: input.series, shared: true });
  const roi = readMask(input.roi!, image, { roiName: input.roiName, label: input.roiLabel });
  const modality = input.modality === "auto" ? detectModality(image) : input.modality;
  const needsBrain = normalisations.includes("zscore-brain");
  const needsHead = needsBrain || normalisations.some((n) => n === "zscore-foreground" || n === "percentile");
  const head = input.headMask ? readMask(input.headMask, image) : needsHead ? headMask(image, foregroundThreshold(image, modality)).mask : undefined;
  let brainMask = input.brainMask ? readMask(input.brainMask, image) : undefined;
  if (needsBrain && !brainMask) {
    // as run's defacing step: inside the skull on CT, an estimate from the head's shape on MR (with a warning)
    if (modality === "ct") brainMask = ctBrainMask(image);
    else {
      brainMask = fallbackBrainMask(image, head!);
      hooks.warn?.(FALLBACK_WARNING);
    }
  }
  const result = await runSubject(
    { subject: input.subject ?? subjectFromPath(input.image!), image, roi, roiName: input.roi!, conditions: [], brainMask, headMask: head },
    { settings, normalisations, runJobs: threadPool(hooks.threads), onProgress: hooks.onProgress },
  );
  return result.features;
}
