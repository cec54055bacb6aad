import { timeStageAsync } from "../../analysis/core/stageTimes.js";
import type { Mask, Volume } from "../../analysis/core/volume.js";
import type { NormalisationName } from "../../analysis/normalisation/normalisations.js";
import type { Settings } from "../../analysis/settings.js";
import { detectModality, type Modality, type SubjectMasks } from "../../masks/faceMask.js";
import { availableNormalisations } from "./availableNormalisations.js";
import type { JobRunner } from "../pool/featureJob.js";
import type { ConditionSpec } from "./conditionSpec.js";
import { defacingConditions, zeroFillWarning, type DefacingContext, type DefacingOutcome } from "./defacingConditions.js";
import { runSubject } from "./runSubject.js";
import type { SubjectResult } from "./subject.js";

/** One subject's images as read: the image (in shared memory), its ROI and the optional masks from files. */
export interface SubjectImages {
  subject: string;
  image: Volume;
  roi: Mask;
  /** file name of the ROI, for messages. */
  roiName: string;
  brain?: { mask: Mask; name: string };
  head?: Mask;
}

export interface AnalyseOptions {
  settings: Settings;
  /** the defaced conditions to build. */
  specs: readonly ConditionSpec[];
  /** where the feature jobs run (worker threads in Node, Web Workers in the browser). */
  runJobs: JobRunner;
  /** reads a face-mask source or another tool's defaced image (default: from its file). */
  readImage?: DefacingContext["readImage"];
  /** keep what the renders need (defacing.toRender; run only draws them, with drawDefacingRenders). */
  renders: boolean;
  /** the fills were the demo's choice, not the user's: no warning that zero fill on CT writes water. */
  quietZeroFill?: boolean;
  /** each warning once, as soon as it is known (before the feature jobs). */
  warn?: (message: string) => void;
  log?: (line: string) => void;
  onProgress?: (done: number, total: number) => void;
  /** the head, skin and brain masks when built already (premadeMasks.ts). */
  masks?: SubjectMasks;
}

export interface SubjectAnalysis {
  modality: Modality;
  defacing: DefacingOutcome;
  /** the defacing's warnings and the zero-fill warning. */
  warnings: string[];
  brainMask: Mask;
  headMask: Mask;
  normalisations: NormalisationName[];
  /**
   * The feature jobs, already running on the pool: the caller works meanwhile (run draws the renders,
   * compare defaces the next subject) and then awaits them (a failure surfaces there, not before).
   */
  features: Promise<SubjectResult>;
}

/** The modality the settings name, or the image's (detectModality) when they say auto. */
export const subjectModality = (settings: Settings, image: Volume): Modality =>
  settings.input.modality === "auto" ? detectModality(image) : settings.input.modality;

/**
 * The part of one subject that `run`, `compare` and `bids participant` share: build the defaced
 * conditions, choose the normalisations the masks allow, and start every condition x normalisation
 * on the feature road (runSubject).
 */
export function analyseSubject(subject: SubjectImages, options: AnalyseOptions): SubjectAnalysis {
  const { settings, specs } = options;
  const { image, roi } = subject;
  const modality = subjectModality(settings, image);
  const defacing = defacingConditions(
    image,
    specs,
    {
      roi,
      roiName: subject.roiName,
      brain: subject.brain,
      modality,
      allowRoiOverlap: settings.defacing.allowRoiOverlap,
      renders: options.renders,
      seed: settings.defacing.seed,
      readImage: options.readImage,
      masks: options.masks,
    },
    options.log,
  );
  const zero = options.quietZeroFill ? undefined : zeroFillWarning(specs, modality);
  const warnings = [...defacing.warnings, ...(zero ? [zero] : [])];
  if (options.warn) warnings.forEach(options.warn);
  const headMask = subject.head ?? defacing.head;
  const brainMask = subject.brain?.mask ?? defacing.brain;
  const normalisations = settings.normalisation.methods ?? availableNormalisations({ brainMask, headMask });
  // the time of runSubject not spent in its normalisation, feature and shift stages: cropping and discretising the ROIs
  const features = timeStageAsync("roi preparation", () =>
    runSubject(
      { subject: subject.subject, image, roi, roiName: subject.roiName, conditions: defacing.conditions, brainMask, headMask },
      { settings, normalisations, runJobs: options.runJobs, onProgress: options.onProgress },
    ),
  );
  features.catch(() => {}); // awaited by the caller: not an unhandled rejection meanwhile
  return { modality, defacing, warnings, brainMask, headMask, normalisations, features };
}
