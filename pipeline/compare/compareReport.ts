import type { CohortStat, RobustShare } from "../../analysis/impact/cohortAgreement.js";
import type { Settings } from "../../analysis/settings.js";
import type { DefacingSummary } from "../../masks/defacingSummary.js";
import type { InputRecord } from "../report/provenance.js";
import type { SoftwareVersions } from "../report/software.js";
import type { ConditionMap } from "../run/subject.js";
import { toReportJson } from "../report/runReport.js";
import type { ToolScore } from "./scorecard.js";
import type { SubjectFailure } from "../run/cohortFailures.js";

/**
 * What `compare` and `bids group` report, as written to report.json and read by the Markdown and
 * HTML writers: the same cohort outputs, from a manifest or from a BIDS derivatives dataset.
 */

export interface SubjectRecord {
  subject: string;
  /** compare: the manifest line of the subject. */
  manifest_line?: number;
  /** bids: the participant and session labels (without sub-/ses-) and the image, relative to the BIDS dataset. */
  bids?: { participant: string; session: string | null; image: string };
  modality: string;
  intensity_unit: string;
  dims: number[];
  spacing_mm: number[];
  roi_voxels: number;
  masks: { brain: string; head: string };
  conditions: { name: string; description: string; voxels_replaced: number; volume_replaced_mm3: number }[];
  defacing: { condition: string; summary: DefacingSummary }[];
  /** the affine map Ĩ_d = a·Ĩ + b each condition applied per normalisation. */
  maps: ConditionMap[];
  warnings: string[];
}

export interface CompareCohort {
  available: boolean;
  /** why the statistics are absent, when they are. */
  reason?: string;
  subjects: string[];
  robust_icc_lower: number;
  robust: RobustShare[];
  stats: CohortStat[];
}

/** bids group: a participant (or one of its images) that is not in the cohort, and why. */
export interface ParticipantOutcome {
  participant: string;
  /** the image's subject name (e.g. sub-01_ses-1) when the problem is one image's. */
  subject: string | null;
  status: "failed" | "missing" | "stale";
  reason: string;
}

export interface CompareReport {
  tool: "deface-impact";
  command: "compare" | "bids group";
  software: SoftwareVersions;
  settings: Settings;
  inputs: {
    /** compare: the manifest. */
    manifest?: InputRecord;
    /** bids group: the BIDS dataset (the derivatives are the folder above group/). */
    bids?: { bids_dir: string };
    subjects: { subject: string; files: InputRecord[] }[];
  };
  tools: string[];
  normalisations: string[];
  subjects: SubjectRecord[];
  scorecard: ToolScore[];
  cohort: CompareCohort;
  /** bids group: participants and images left out (failed, missing or made with other settings). */
  left_out?: ParticipantOutcome[];
  warnings: string[];
  /** sections added by the caller (CompareHooks.appendix), by key. */
  appendix?: Record<string, unknown>;
  /** subjects that could not be processed (the command exits non-zero after writing the others). */
  failed_subjects?: SubjectFailure[];
}

/** An extra report section: under `key` in report.json's `appendix`, and Markdown appended to report.md. */
export interface ReportAppendix {
  key: string;
  json: unknown;
  markdown: string;
}

/** report.json: stable key order, 2-space indent, non-finite numbers as strings (as run's report.json). */
export const compareJson = (report: CompareReport): string => toReportJson(report);
