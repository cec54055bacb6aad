import type { CohortStat, RobustShare } from "../../analysis/impact/cohortAgreement.js";
import type { Settings } from "../../analysis/settings.js";
import type { DefacingSummary } from "../../masks/defacingSummary.js";
import type { InputRecord } from "../report/provenance.js";
import type { SoftwareVersions } from "../report/software.js";
import type { ConditionMap } from "../run/subject.js";
import type { ToolScore } from "./scorecard.js";
import type { SubjectFailure } from "../run/cohortFailures.js";

/** What `compare` reports, as written to report.json and read by its Markdown and HTML writers. */

export interface SubjectRecord {
  subject: string;
  manifest_line: number;
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

export interface CompareReport {
  tool: "deface-impact";
  command: "compare";
  software: SoftwareVersions;
  settings: Settings;
  inputs: { manifest: InputRecord; subjects: { subject: string; files: InputRecord[] }[] };
  tools: string[];
  normalisations: string[];
  subjects: SubjectRecord[];
  scorecard: ToolScore[];
  cohort: CompareCohort;
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
export function compareJson(report: CompareReport): string {
  const replacer = (_key: string, value: unknown) => {
    if (typeof value === "number" && !Number.isFinite(value)) return String(value);
    if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
    return value;
  };
  return JSON.stringify(report, replacer, 2) + "\n";
}
