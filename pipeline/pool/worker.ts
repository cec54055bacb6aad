import type { TopLevelSpec } from "vega-lite";
import { DefaceImpactError } from "../../analysis/core/errors.js";
import type { Affine } from "../../analysis/core/volume.js";
import { ctBrainMask } from "../../masks/brainMaskCt.js";
import { encodeImage, type RgbaImage } from "../../masks/pngEncode.js";
import { chartSvg, loadChartRenderer } from "../report/html/charts.js";
import { runFeatureJob, viewShared, type FeatureJob, type SharedVolume } from "./featureJob.js";
import { crashIfAsked, stallIfAsked } from "./faultInjection.js";
import { runSubjectTask, type SubjectTask } from "./subjectTask.js";

/**
 * piscina worker entry: one feature job per call. An error crosses back to the main thread as a
 * plain Error, so a DefaceImpactError (bad input, not a bug) is returned as data and rethrown there.
 */
export default function work(job: FeatureJob) {
  crashIfAsked();
  stallIfAsked();
  try {
    return runFeatureJob(job);
  } catch (err) {
    if (err instanceof DefaceImpactError) return { failure: { kind: err.kind, message: err.message } };
    throw err;
  }
}

/** piscina worker entry `subject`: a whole subject of a cohort (compare with several threads). */
export function subject(task: SubjectTask) {
  crashIfAsked();
  stallIfAsked();
  return runSubjectTask(task);
}

/** piscina worker entry `png`: a picture's PNG bytes (run's renders, encoded here while its main thread draws the next). */
export function png(picture: RgbaImage): Buffer {
  return encodeImage(picture);
}

/** piscina worker entry `chart`: a report chart's SVG (run's charts, drawn here while its main thread draws the renders). */
export function chart(spec: TopLevelSpec): Promise<string> {
  return chartSvg(spec);
}

/**
 * piscina worker entry `warm`: loads the chart renderer (vega) while the worker would otherwise wait
 * for its first job (run posts it as its workers start, while the main thread reads and builds masks).
 */
export async function warm(): Promise<void> {
  await loadChartRenderer();
}

/** piscina worker entry `ctBrain`: a CT image's automatic brain mask (run builds the head's masks meanwhile). */
export function ctBrain(image: SharedVolume & { affine: Affine }): Uint8Array {
  return ctBrainMask({ data: viewShared(image), dims: image.dims, spacing: image.spacing, affine: image.affine });
}
