import { countMask } from "../../analysis/core/volume.js";
import { usageError } from "../../analysis/core/errors.js";
import { cohortAgreement, MIN_COHORT_SUBJECTS, robustShares, ROBUST_ICC_LOWER, type CohortStat, type RobustShare } from "../../analysis/impact/cohortAgreement.js";
import type { FeatureRow } from "../../analysis/impact/featureRow.js";
import type { ShiftRow } from "../../analysis/impact/shifts.js";
import type { NormalisationName } from "../../analysis/normalisation/normalisations.js";
import { detectModality, type Modality } from "../../masks/faceMask.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { featuresCsv, shiftsCsv, toCsv } from "../report/csv.js";
import { hashInput, softwareVersions, type InputRecord } from "../report/provenance.js";
import { checkOutputDir, writeOutputDir } from "../report/outputDir.js";
import type { OutputGuard } from "../report/outputGuard.js";
import { availableNormalisations } from "../run/availableNormalisations.js";
import { intensityUnit } from "../run/modality.js";
import { runSubject, type ConditionMap } from "../run/runSubject.js";
import { featureConfigs } from "../settings.js";
import { COHORT_COLUMNS, cohortLines } from "./cohortCsv.js";
import { readCompareManifest, type CompareRow } from "./manifest.js";
import { compareMarkdown } from "./markdown.js";
import { scorecard, scorecardLines, SCORECARD_COLUMNS, type ToolScore } from "./scorecard.js";
import { subjectConditions } from "./subjectConditions.js";
import { conditionRecords, maskSources } from "../run/defacingConditions.js";
import { compareHtml, type DetailSubject } from "./compareHtml.js";
import type { DefacingSummary } from "../../masks/defacingSummary.js";
import { CohortFailures, type SubjectFailure } from "../run/cohortFailures.js";

/** The settings of `compare`, recorded in report.json. */
export interface CompareSettings {
  manifest: string;
  out: string;
  /** absent: every normalisation the masks allow (the same for every subject: masks are automatic when absent). */
  normalisations?: NormalisationName[];
  configs: string[];
  aggregations: string[];
  sd: "population" | "sample";
  scaleFactor: number;
  outlierSd?: number;
  /** shear defacer: distance of the cutting plane from the brain, mm. */
  bufferMm: number;
  /** seed of the noise fill. */
  seed: number;
  modality: "auto" | Modality;
  allowRoiOverlap: boolean;
  /** a feature is robust when the lower 95 % bound of its ICC exceeds this. */
  robustIccLower: number;
  /** write into a non-empty folder that holds no earlier `compare` output (nothing in it is removed). */
  force?: boolean;
}

export const COMPARE_DEFAULTS = {
  configs: ["nodisc", "fbn32", "fbs0.1"],
  aggregations: ["IAZD", "KOBO"],
  sd: "population",
  scaleFactor: 1,
  bufferMm: 10,
  seed: 1,
  modality: "auto",
  allowRoiOverlap: false,
  robustIccLower: ROBUST_ICC_LOWER,
} as const;

export interface CompareHooks {
  threads: number;
  warn: (message: string) => void;
  log?: (line: string) => void;
  /** feature jobs done over all subjects (total assumes every subject has as many jobs as the current one). */
  onProgress?: (done: number, total: number) => void;
}

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
  software: ReturnType<typeof softwareVersions>;
  settings: CompareSettings;
  inputs: { manifest: InputRecord; subjects: { subject: string; files: InputRecord[] }[] };
  tools: string[];
  normalisations: string[];
  subjects: SubjectRecord[];
  scorecard: ToolScore[];
  cohort: CompareCohort;
  warnings: string[];
  /** subjects that could not be processed (the command exits non-zero after writing the others). */
  failed_subjects?: SubjectFailure[];
}

export interface CompareResult {
  report: CompareReport;
  features: FeatureRow[];
  shifts: ShiftRow[];
}

/**
 * `deface-impact compare`: every manifest row through the same defacing and feature pipeline as
 * `run` (one subject at a time, its jobs on the pool), then the tool scorecard and, with at least
 * three subjects, the cohort agreement statistics; everything written atomically into `out`.
 */
export async function executeCompare(settings: CompareSettings, hooks: CompareHooks): Promise<CompareResult> {
  const manifest = readCompareManifest(settings.manifest);
  // Before the work: the output may not be, hold or lie inside any input, nor replace a folder of other files.
  const guard: OutputGuard = { command: "compare", inputs: [settings.manifest, ...manifest.rows.flatMap(rowFiles)], force: settings.force };
  checkOutputDir(settings.out, guard);
  const configs = featureConfigs({ features: { configs: settings.configs, aggregations: settings.aggregations } });
  if (!(settings.robustIccLower > -1 && settings.robustIccLower < 1)) throw usageError("--robust-icc must lie between -1 and 1");
  // The same warning for several subjects is shown once, and listed once with its subjects.
  const warned = new Map<string, string[]>();
  const warn = (m: string, subject?: string) => {
    const subjects = warned.get(m);
    if (subjects) {
      if (subject) subjects.push(subject);
      return;
    }
    warned.set(m, subject ? [subject] : []);
    hooks.warn(subject ? `${subject}: ${m}` : m);
  };

  const features: FeatureRow[] = [];
  const shifts: ShiftRow[] = [];
  const subjects: SubjectRecord[] = [];
  const failures = new CohortFailures(settings.manifest, hooks.warn);
  const inputs: { subject: string; files: InputRecord[] }[] = [];
  let normalisationsUsed: NormalisationName[] | undefined;
  let detail: DetailSubject | undefined;
  const n = manifest.rows.length;
  for (const [s, row] of manifest.rows.entries()) {
    // a failing subject is reported and skipped; the command fails at the end, naming it (CohortFailures)
    await failures.run(row.subject, row.line, async () => {
      hooks.log?.(`subject ${s + 1}/${n} ${row.subject}: defacing (${row.versions.map((v) => v.tool).join(", ")})`);
      const image = readVolume(row.image, { shared: true });
      const roi = readMask(row.roi, image);
      const brainFile = row.brainMask ? readMask(row.brainMask, image) : undefined;
      const headFile = row.headMask ? readMask(row.headMask, image) : undefined;
      const modality: Modality = settings.modality === "auto" ? detectModality(image) : settings.modality;
      const defacing = subjectConditions(
        image,
        row,
        {
          roi,
          roiName: row.roi,
          brain: brainFile && row.brainMask ? { mask: brainFile, name: row.brainMask } : undefined,
          modality,
          allowRoiOverlap: settings.allowRoiOverlap,
          bufferMm: settings.bufferMm,
          seed: settings.seed,
        },
        (line) => hooks.log?.(`subject ${row.subject}: ${line}`),
      );
      const subjectWarnings = [...defacing.warnings];
      for (const w of subjectWarnings) warn(w, row.subject);
      const headMask = headFile ?? defacing.head;
      const brainMask = brainFile ?? defacing.brain;
      const normalisations = settings.normalisations ?? availableNormalisations({ brainMask, headMask });
      normalisationsUsed ??= normalisations;

      hooks.log?.(`subject ${s + 1}/${n} ${row.subject}: features`);
      const result = await runSubject(
        { subject: row.subject, image, roi, roiName: row.roi, conditions: defacing.conditions, brainMask, headMask },
        {
          normalisations,
          configs,
          normalisation: { sdMode: settings.sd, scaleFactor: settings.scaleFactor, outlierSd: settings.outlierSd },
          threads: hooks.threads,
          allowRoiOverlap: settings.allowRoiOverlap,
          onProgress: hooks.onProgress ? (done, total) => hooks.onProgress!(s * total + done, n * total) : undefined,
        },
      );
      features.push(...result.features);
      shifts.push(...result.shifts);
      subjects.push({
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
        warnings: subjectWarnings,
      });
      inputs.push({ subject: row.subject, files: rowInputs(row) });
      // the first subject is shown in detail in report.html (its image is kept until then)
      detail ??= { record: subjects[subjects.length - 1], image, roi, conditions: defacing.conditions, result, inputs: inputs[0].files };
    });
  }

  if (subjects.length === 0) failures.throwIfAny(n, "nothing was written");
  const scores = scorecard(manifest.tools, subjects, shifts);
  const cohort = cohortStatistics(subjects.map((s) => s.subject), shifts, settings.robustIccLower);
  if (!cohort.available) warn(`no cohort statistics: ${cohort.reason}`);
  const warnings = [...warned].map(([m, subjects]) => (subjects.length ? `${m} (${subjects.join(", ")})` : m));
  const report: CompareReport = {
    tool: "deface-impact",
    command: "compare",
    software: softwareVersions(),
    settings,
    inputs: { manifest: hashInput("manifest", settings.manifest), subjects: inputs },
    tools: manifest.tools,
    normalisations: normalisationsUsed ?? [],
    subjects,
    scorecard: scores,
    cohort,
    warnings,
    ...(failures.failures.length ? { failed_subjects: failures.failures } : {}),
  };
  await writeOutputDir(settings.out, guard, async (dir) => {
    dir.write("features.csv", featuresCsv(features));
    dir.write("shifts.csv", shiftsCsv(shifts));
    dir.write("scorecard.csv", toCsv(scorecardLines(scores), SCORECARD_COLUMNS));
    dir.write("cohort_stats.csv", toCsv(cohortLines(cohort.stats), COHORT_COLUMNS));
    dir.write("report.json", compareJson(report));
    dir.write("report.md", compareMarkdown(report));
    dir.write("report.html", await compareHtml(report, detail!));
  });
  failures.throwIfAny(n, `the outputs in ${settings.out} hold the other ${subjects.length}`);
  return { report, features, shifts };
}

/** Cohort agreement when there are at least MIN_COHORT_SUBJECTS subjects; otherwise why not. */
export function cohortStatistics(subjects: string[], shifts: readonly ShiftRow[], robustIccLower = ROBUST_ICC_LOWER): CompareCohort {
  if (subjects.length < MIN_COHORT_SUBJECTS) {
    return {
      available: false,
      reason: `the manifest lists ${subjects.length} subject${subjects.length === 1 ? "" : "s"}; ICC, CCC and their intervals need at least ${MIN_COHORT_SUBJECTS}`,
      subjects,
      robust_icc_lower: robustIccLower,
      robust: [],
      stats: [],
    };
  }
  const stats = cohortAgreement(shifts);
  return { available: true, subjects, robust_icc_lower: robustIccLower, robust: robustShares(stats, robustIccLower), stats };
}

function rowInputs(row: CompareRow): InputRecord[] {
  return rowRoles(row).filter((f): f is [string, string] => f[1] !== undefined).map(([role, p]) => hashInput(role, p));
}

const rowFiles = (row: CompareRow): string[] => rowRoles(row).flatMap(([, p]) => (p ? [p] : []));

/** A manifest row's input files, by role. */
function rowRoles(row: CompareRow): [string, string | undefined][] {
  return [
    ["image", row.image],
    ["roi", row.roi],
    ["brain mask", row.brainMask],
    ["head mask", row.headMask],
    ["face mask", row.faceMask],
    ...row.versions.map((v): [string, string | undefined] => [`defaced image ${v.tool}`, v.kind === "file" ? v.path : undefined]),
  ];
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
