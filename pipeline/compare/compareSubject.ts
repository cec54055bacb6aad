import { countMask, type Affine } from "../../analysis/core/volume.js";
import type { RoiHistogram } from "../../analysis/impact/roiHistogram.js";
import type { NormalisationName } from "../../analysis/normalisation/normalisations.js";
import type { Settings } from "../../analysis/settings.js";
import type { JobRunner } from "../pool/featureJob.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { hashInput, type InputRecord } from "../report/provenance.js";
import { analyseSubject } from "../run/analyseSubject.js";
import { conditionRecords, maskSources } from "../run/defacingConditions.js";
import { intensityUnit } from "../run/modality.js";
import { roiHistograms } from "../run/roiHistograms.js";
import type { SubjectResult } from "../run/subject.js";
import type { SubjectRecord } from "./compareReport.js";
import { rowFiles, type CompareRow } from "./manifest.js";
import { rowConditionSpecs } from "./rowConditions.js";

/**
 * One manifest row of `compare`, as plain data: it crosses to a worker thread when the cohort's
 * subjects run in parallel (pipeline/pool/worker.ts), or runs inline with one thread.
 */
export interface CompareSubjectJob {
  row: CompareRow;
  settings: Settings;
  /** the fills were the demo's choice, not the user's: no warning that zero fill on CT writes water. */
  quietZeroFill?: boolean;
  /** also compute what report.html shows of the cohort's first subject (its ROI histograms). */
  detail: boolean;
}

/** What one subject gives the cohort: plain data (structured-cloneable), nothing of its image kept. */
export interface CompareSubjectOutcome {
  record: SubjectRecord;
  result: SubjectResult;
  inputs: InputRecord[];
  normalisations: NormalisationName[];
  /** only when the job asked for the detail. */
  detail?: { affine: Affine; histograms: RoiHistogram[] };
}

/** What a subject reports while it works (through a message port when it runs on a worker). */
export interface CompareSubjectEvents {
  log?: (line: string) => void;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Reads one subject, builds its defaced conditions and extracts every condition x normalisation
 * (runJobs: inline on a worker, or the pool when the subject runs on the main thread). Warnings are
 * returned in the record, not printed: the cohort shows them in the manifest's order, so its
 * report is the same for any number of threads.
 */
export async function compareSubject(job: CompareSubjectJob, runJobs: JobRunner, events: CompareSubjectEvents = {}): Promise<CompareSubjectOutcome> {
  const { row, settings } = job;
  const image = readVolume(row.image, { shared: true });
  const roi = readMask(row.roi, image, { label: settings.input.roiLabel });
  const brainFile = row.brainMask ? readMask(row.brainMask, image) : undefined;
  const headFile = row.headMask ? readMask(row.headMask, image) : undefined;
  const analysis = analyseSubject(
    { subject: row.subject, image, roi, roiName: row.roi, brain: brainFile && row.brainMask ? { mask: brainFile, name: row.brainMask } : undefined, head: headFile },
    {
      settings,
      specs: rowConditionSpecs(row, settings.defacing.bufferMm),
      runJobs,
      renders: false,
      quietZeroFill: job.quietZeroFill,
      log: events.log,
      onProgress: events.onProgress,
    },
  );
  const { modality, defacing } = analysis;
  events.log?.("features");
  const result = await analysis.features;
  const record: SubjectRecord = {
    subject: row.subject,
    manifest_line: row.line,
    modality: modality.toUpperCase(),
    intensity_unit: intensityUnit(modality),
    dims: [...image.dims],
    spacing_mm: [...image.spacing],
    roi_voxels: countMask(roi),
    masks: maskSources(defacing, row),
    conditions: conditionRecords(defacing.conditions, image.spacing),
    defacing: defacing.summaries,
    maps: result.maps,
    warnings: analysis.warnings,
  };
  return {
    record,
    result,
    inputs: rowInputs(row),
    normalisations: analysis.normalisations,
    detail: job.detail ? { affine: image.affine, histograms: roiHistograms(image, roi, defacing.conditions, result.maps) } : undefined,
  };
}

function rowInputs(row: CompareRow): InputRecord[] {
  return rowFiles(row).filter((f): f is [string, string] => f[1] !== undefined).map(([role, p]) => hashInput(role, p));
}
