import type { Affine } from "../../analysis/core/volume.js";
import { inputError } from "../../analysis/core/errors.js";
import type { BoundingBox } from "../../analysis/processing/crop.js";
import type { RoiHistogram } from "../../analysis/impact/roiHistogram.js";
import type { SubjectRecord } from "../compare/compareReport.js";
import type { InputRecord } from "../report/provenance.js";
import type { ConditionGreyLevels } from "../run/subject.js";
import { readReportJson } from "../report/runReport.js";
import { readTextFile } from "../io/readBytes.js";

/**
 * What a participant run records about one image for the group level, beside its tables: everything
 * `compare` keeps per subject (the defacing's safety and privacy, the affine maps, the ROI
 * histograms for report.html), so the group level never reads an image.
 */
export interface UnitSummary {
  tool: "deface-impact";
  version: string;
  settings_sha256: string;
  /** the subject record of the cohort report. */
  record: SubjectRecord;
  inputs: InputRecord[];
  affine: Affine;
  normalisations: string[];
  box: BoundingBox;
  roi_overlap: { condition: string; voxels: number }[];
  histograms: RoiHistogram[];
  /** how every discretisation cut the ROI, per condition and normalisation (the verdicts read it). */
  grey_levels: ConditionGreyLevels[];
  /** the files written beside it (names in the same folder). */
  files: { defaced: { condition: string; file: string }[]; face_mask: string; features: string; shifts: string };
}

/** A summary larger than this is refused before it is read (one image's record: kilobytes). */
const MAX_SUMMARY_BYTES = 64 * 2 ** 20;

/** Reads a summary; unreadable or not ours is an input error naming the file. */
export function readUnitSummary(path: string): UnitSummary {
  const text = readTextFile(path, "the participant summary", MAX_SUMMARY_BYTES);
  let summary: UnitSummary;
  try {
    summary = readReportJson(text) as UnitSummary;
  } catch (err) {
    throw inputError(`not valid JSON (${(err as Error).message})`, path, err);
  }
  if (summary?.tool !== "deface-impact" || typeof summary.settings_sha256 !== "string" || !summary.record || !summary.files) {
    throw inputError("not a deface-impact participant summary (tool, settings_sha256, record or files missing)", path);
  }
  return summary;
}
