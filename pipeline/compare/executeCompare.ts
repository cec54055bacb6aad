import { countMask } from "../../analysis/core/volume.js";
import { cohortAgreement, MIN_COHORT_SUBJECTS, robustShares, ROBUST_ICC_LOWER } from "../../analysis/impact/cohortAgreement.js";
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
import { threadPool } from "../pool/runJobs.js";
import { runSubject } from "../run/runSubject.js";
import type { SubjectResult } from "../run/subject.js";
import type { Settings } from "../../analysis/settings.js";
import { requireIbsiConventions, requireSettings } from "../settings/requirements.js";
import { COHORT_COLUMNS, cohortLines } from "./cohortCsv.js";
import { readCompareManifest, rowFiles, type CompareRow } from "./manifest.js";
import { compareMarkdown } from "./markdown.js";
import { scorecard, scorecardLines, SCORECARD_COLUMNS } from "./scorecard.js";
import { rowConditionSpecs } from "./rowConditions.js";
import { conditionRecords, defacingConditions, maskSources, zeroFillWarning } from "../run/defacingConditions.js";
import { compareHtml, type DetailSubject } from "./compareHtml.js";
import { CohortFailures } from "../run/cohortFailures.js";
import { compareJson, type CompareCohort, type CompareReport, type ReportAppendix, type SubjectRecord } from "./compareReport.js";

export interface CompareHooks {
  threads: number;
  warn: (message: string) => void;
  log?: (line: string) => void;
  /** feature jobs done over all subjects (total assumes every subject has as many jobs as the current one). */
  onProgress?: (done: number, total: number) => void;
  /** the settings file compare was given (an input: never overwritten). */
  settingsFile?: string;
  /** the fills were the demo's choice, not the user's: no warning that zero fill on CT writes water. */
  quietZeroFill?: boolean;
  /** an extra section for the report, computed from the cohort's features (the demo's release check). */
  appendix?: (cohort: { features: readonly FeatureRow[]; subjects: readonly SubjectRecord[] }) => ReportAppendix;
}

/** The settings `compare` cannot do without (its --help marks their options required). */
export const COMPARE_REQUIRED = ["input.manifest", "output.dir"] as const;

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
export async function executeCompare(settings: Settings, hooks: CompareHooks): Promise<CompareResult> {
  requireSettings(settings, "compare", [...COMPARE_REQUIRED]);
  requireIbsiConventions(settings, "compare");
  const manifestPath = settings.input.manifest!;
  const outDir = settings.output.dir!;
  const manifest = readCompareManifest(manifestPath);
  // Before the work: the output may not be, hold or lie inside any input, nor replace a folder of other files.
  const read = [manifestPath, hooks.settingsFile, ...manifest.rows.flatMap((r) => rowFiles(r).map(([, p]) => p))];
  const guard: OutputGuard = { command: "compare", inputs: read, force: settings.output.force };
  checkOutputDir(outDir, guard);
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
  const failures = new CohortFailures(manifestPath, hooks.warn);
  const inputs: { subject: string; files: InputRecord[] }[] = [];
  let normalisationsUsed: NormalisationName[] | undefined;
  let detail: DetailSubject | undefined;
  const n = manifest.rows.length;
  let pending: Promise<void> = Promise.resolve();
  for (const [s, row] of manifest.rows.entries()) {
    // a failing subject is reported and skipped; the command fails at the end, naming it (CohortFailures)
    const finish = await failures.run(row.subject, row.line, async () => {
      hooks.log?.(`subject ${s + 1}/${n} ${row.subject}: defacing (${row.versions.map((v) => v.tool).join(", ")})`);
      const image = readVolume(row.image, { shared: true });
      const roi = readMask(row.roi, image, { label: settings.input.roiLabel });
      const brainFile = row.brainMask ? readMask(row.brainMask, image) : undefined;
      const headFile = row.headMask ? readMask(row.headMask, image) : undefined;
      const modality: Modality = settings.input.modality === "auto" ? detectModality(image) : settings.input.modality;
      const specs = rowConditionSpecs(row, settings.defacing.bufferMm);
      const defacing = defacingConditions(
        image,
        specs,
        {
          roi,
          roiName: row.roi,
          brain: brainFile && row.brainMask ? { mask: brainFile, name: row.brainMask } : undefined,
          modality,
          allowRoiOverlap: settings.defacing.allowRoiOverlap,
          renders: false,
          seed: settings.defacing.seed,
        },
        (line) => hooks.log?.(`subject ${row.subject}: ${line}`),
      );
      const zero = hooks.quietZeroFill ? undefined : zeroFillWarning(specs, modality);
      const subjectWarnings = [...defacing.warnings, ...(zero ? [zero] : [])];
      for (const w of subjectWarnings) warn(w, row.subject);
      const headMask = headFile ?? defacing.head;
      const brainMask = brainFile ?? defacing.brain;
      const normalisations = settings.normalisation.methods ?? availableNormalisations({ brainMask, headMask });
      normalisationsUsed ??= normalisations;

      hooks.log?.(`subject ${s + 1}/${n} ${row.subject}: features`);
      const work = runSubject(
        { subject: row.subject, image, roi, roiName: row.roi, conditions: defacing.conditions, brainMask, headMask },
        {
          settings,
          normalisations,
          runJobs: threadPool(hooks.threads),
          onProgress: hooks.onProgress ? (done, total) => hooks.onProgress!(s * total + done, n * total) : undefined,
        },
      );
      // The workers extract this subject's features while this thread defaces the next one; the
      // previous subject is recorded first, so the outputs keep the manifest's order. At most two
      // subjects are in memory.
      const record = (result: SubjectResult) => {
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
      };
      work.catch(() => {}); // awaited by finish(), in manifest order
      return async () => record(await work);
    });
    if (!finish) continue;
    const previous = pending;
    pending = previous.then(async () => {
      await failures.run(row.subject, row.line, finish);
    });
    await previous;
  }
  await pending;

  if (subjects.length === 0) failures.throwIfAny(n, "nothing was written");
  const scores = scorecard(manifest.tools, subjects, shifts);
  const cohort = cohortStatistics(subjects.map((s) => s.subject), shifts, settings.cohort.robustIccLower);
  if (!cohort.available) warn(`no cohort statistics: ${cohort.reason}`);
  const warnings = [...warned].map(([m, subjects]) => (subjects.length ? `${m} (${subjects.join(", ")})` : m));
  const report: CompareReport = {
    tool: "deface-impact",
    command: "compare",
    software: softwareVersions(),
    settings,
    inputs: { manifest: hashInput("manifest", manifestPath), subjects: inputs },
    tools: manifest.tools,
    normalisations: normalisationsUsed ?? [],
    subjects,
    scorecard: scores,
    cohort,
    warnings,
    ...(failures.failures.length ? { failed_subjects: failures.failures } : {}),
  };
  const appendix = hooks.appendix?.({ features, subjects });
  if (appendix) report.appendix = { [appendix.key]: appendix.json };
  await writeOutputDir(outDir, guard, async (dir) => {
    dir.write("features.csv", featuresCsv(features));
    dir.write("shifts.csv", shiftsCsv(shifts));
    dir.write("scorecard.csv", toCsv(scorecardLines(scores), SCORECARD_COLUMNS));
    dir.write("cohort_stats.csv", toCsv(cohortLines(cohort.stats), COHORT_COLUMNS));
    dir.write("report.json", compareJson(report));
    dir.write("report.md", compareMarkdown(report) + (appendix ? `\n${appendix.markdown}` : ""));
    dir.write("report.html", await compareHtml(report, detail!));
  });
  failures.throwIfAny(n, `the outputs in ${outDir} hold the other ${subjects.length}`);
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
  return rowFiles(row).filter((f): f is [string, string] => f[1] !== undefined).map(([role, p]) => hashInput(role, p));
}

