import { cohortAgreement, MIN_COHORT_SUBJECTS, robustShares, ROBUST_ICC_LOWER } from "../../analysis/impact/cohortAgreement.js";
import type { FeatureRow } from "../../analysis/impact/featureRow.js";
import type { ShiftRow } from "../../analysis/impact/shifts.js";
import { FEATURE_COLUMNS, SHIFT_COLUMNS, toCsv } from "../report/csv.js";
import { softwareVersions } from "../report/provenance.js";
import { COHORT_COLUMNS, cohortLines } from "./cohortCsv.js";
import { compareHtml, type DetailSubject } from "./compareHtml.js";
import { compareJson, type CompareCohort, type CompareReport, type ReportAppendix } from "./compareReport.js";
import { compareMarkdown } from "./markdown.js";
import { scorecard, scorecardLines, SCORECARD_COLUMNS } from "./scorecard.js";

/**
 * The cohort outputs that `compare` and `bids group` share: from per-subject records and shift rows,
 * the tool scorecard and the cohort statistics (one report), then the same files, as CSV (compare)
 * or as BIDS TSV with JSON sidecars (bids group).
 */

/** What a cohort report is built from; the scorecard and the statistics are computed from `subjects` and the shifts. */
export type CohortParts = Pick<CompareReport, "command" | "settings" | "inputs" | "tools" | "normalisations" | "subjects" | "left_out" | "failed_subjects" | "warnings">;

/**
 * The report of a cohort: the scorecard of every tool and, with enough subjects, the agreement
 * statistics. `counted` says where the subjects came from, for the reason when there are too few
 * ("the manifest lists"); that warning goes to `warn` and into the report.
 */
export function cohortReport(parts: CohortParts, shifts: readonly ShiftRow[], counted: string, warn: (message: string) => void): CompareReport {
  const scores = scorecard(parts.tools, parts.subjects, shifts);
  const cohort = cohortStatistics(
    parts.subjects.map((s) => s.subject),
    shifts,
    parts.settings.cohort.robustIccLower,
    counted,
  );
  const warnings = [...parts.warnings];
  if (!cohort.available) {
    const message = `no cohort statistics: ${cohort.reason}`;
    warn(message);
    warnings.push(message);
  }
  return {
    tool: "deface-impact",
    command: parts.command,
    software: softwareVersions(),
    settings: parts.settings,
    inputs: parts.inputs,
    tools: parts.tools,
    normalisations: parts.normalisations,
    subjects: parts.subjects,
    scorecard: scores,
    cohort,
    ...(parts.left_out ? { left_out: parts.left_out } : {}),
    warnings,
    ...(parts.failed_subjects ? { failed_subjects: parts.failed_subjects } : {}),
  };
}

/**
 * The warnings of a cohort's subjects: the same warning for several subjects is shown once (as soon
 * as it first occurs) and listed once with its subjects.
 */
export function subjectWarnings(show: (message: string) => void): { warn: (message: string, subject?: string) => void; list: () => string[] } {
  const warned = new Map<string, string[]>();
  return {
    warn(message, subject) {
      const subjects = warned.get(message);
      if (subjects) {
        if (subject) subjects.push(subject);
        return;
      }
      warned.set(message, subject ? [subject] : []);
      show(subject ? `${subject}: ${message}` : message);
    },
    list: () => [...warned].map(([m, subjects]) => (subjects.length ? `${m} (${subjects.join(", ")})` : m)),
  };
}

/** Cohort agreement when there are at least MIN_COHORT_SUBJECTS subjects; otherwise why not. */
export function cohortStatistics(subjects: string[], shifts: readonly ShiftRow[], robustIccLower = ROBUST_ICC_LOWER, counted = "the manifest lists"): CompareCohort {
  if (subjects.length < MIN_COHORT_SUBJECTS) {
    return {
      available: false,
      reason: `${counted} ${subjects.length} subject${subjects.length === 1 ? "" : "s"}; ICC, CCC and their intervals need at least ${MIN_COHORT_SUBJECTS}`,
      subjects,
      robust_icc_lower: robustIccLower,
      robust: [],
      stats: [],
    };
  }
  const stats = cohortAgreement(shifts);
  return { available: true, subjects, robust_icc_lower: robustIccLower, robust: robustShares(stats, robustIccLower), stats };
}

export type TableName = "features" | "shifts" | "scorecard" | "cohort_stats";

/** How a table becomes files ([name, content] pairs): compare writes CSV; bids group BIDS TSV with a JSON sidecar. */
export type TableWriter = (name: TableName, rows: readonly object[], columns: readonly string[]) => [string, string][];

export const csvTables: TableWriter = (name, rows, columns) => [[`${name}.csv`, toCsv(rows as Record<string, unknown>[], columns)]];

/**
 * Every file of a cohort's output folder: the four tables, report.json, report.md and report.html;
 * an appendix (already in the report's JSON) ends report.md. Without `tables` the features and shifts
 * tables are left to the caller (bids group copies them from the participants' files).
 */
export async function cohortFiles(
  report: CompareReport,
  tables: { features: readonly FeatureRow[]; shifts: readonly ShiftRow[] } | undefined,
  detail: DetailSubject,
  write: TableWriter,
  appendix?: ReportAppendix,
): Promise<[string, string][]> {
  return [
    ...(tables ? [...write("features", tables.features, FEATURE_COLUMNS), ...write("shifts", tables.shifts, SHIFT_COLUMNS)] : []),
    ...write("scorecard", scorecardLines(report.scorecard), SCORECARD_COLUMNS),
    ...write("cohort_stats", cohortLines(report.cohort.stats), COHORT_COLUMNS),
    ["report.json", compareJson(report)],
    ["report.md", compareMarkdown(report) + (appendix ? `\n${appendix.markdown}` : "")],
    ["report.html", await compareHtml(report, detail)],
  ];
}
