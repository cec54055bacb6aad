import type { FeatureRow } from "../../analysis/impact/featureRow.js";
import type { ShiftRow } from "../../analysis/impact/shifts.js";
import type { NormalisationName } from "../../analysis/normalisation/normalisations.js";
import { hashInput, type InputRecord } from "../report/provenance.js";
import { checkOutputDir, writeOutputDir } from "../report/outputDir.js";
import type { OutputGuard } from "../report/outputGuard.js";
import { CohortFailures } from "../run/cohortFailures.js";
import { runSubjectOnPool, threadPool } from "../pool/runJobs.js";
import type { Settings } from "../../analysis/settings.js";
import { requireIbsiConventions, requireSettings } from "../settings/requirements.js";
import { preloadChartRenderer } from "../report/html/charts.js";
import { cohortFiles, cohortReport, csvTables, subjectWarnings, type CohortParts } from "./cohortOutputs.js";
import { readCompareManifest, rowFiles } from "./manifest.js";
import { compareSubject, type CompareSubjectEvents, type CompareSubjectJob, type CompareSubjectOutcome } from "./compareSubject.js";
import type { DetailSubject } from "./compareHtml.js";
import type { CompareReport, ReportAppendix, SubjectRecord } from "./compareReport.js";

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
 * `run` (compareSubject.ts; with several threads, whole subjects in parallel on the workers), then
 * the tool scorecard and, with at least three subjects, the cohort agreement statistics; everything
 * written atomically into `out`. A failing subject is reported and the others go on; the command
 * then fails naming it.
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
  const warnings = subjectWarnings(hooks.warn);
  const warn = warnings.warn;
  const features: FeatureRow[] = [];
  const shifts: ShiftRow[] = [];
  const subjects: SubjectRecord[] = [];
  const failures = new CohortFailures(manifestPath, hooks.warn);
  const inputs: { subject: string; files: InputRecord[] }[] = [];
  let normalisationsUsed: NormalisationName[] | undefined;
  let detail: DetailSubject | undefined;
  const n = manifest.rows.length;
  // Several threads and subjects: whole subjects run in parallel, one per worker (each with its
  // feature jobs inline). Otherwise one subject at a time here, its jobs on the pool.
  const lanes = hooks.threads > 1 && n > 1 ? Math.min(hooks.threads, n) : 1;
  const done = new Array<number>(n).fill(0);
  const settled = manifest.rows.map(() => deferred<CompareSubjectOutcome>());
  const succeeded = new Array<boolean>(n).fill(false);
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const s = next++;
      const row = manifest.rows[s];
      hooks.log?.(`subject ${s + 1}/${n} ${row.subject}: defacing (${row.versions.map((v) => v.tool).join(", ")})`);
      // report.html shows the first subject that succeeds: a subject computes its histograms unless an earlier one already succeeded
      const job: CompareSubjectJob = { row, settings, quietZeroFill: hooks.quietZeroFill, detail: !succeeded.slice(0, s).includes(true) };
      const events: CompareSubjectEvents = {
        log: (line) => hooks.log?.(`subject ${row.subject}: ${line}`),
        onProgress: hooks.onProgress
          ? (d, total) => {
              done[s] = d;
              hooks.onProgress!(done.reduce((a, b) => a + b, 0), n * total);
            }
          : undefined,
      };
      try {
        const outcome = lanes > 1 ? await runSubjectOnPool(job, lanes, events) : await compareSubject(job, threadPool(hooks.threads), events);
        succeeded[s] = true;
        settled[s].resolve(outcome);
      } catch (err) {
        settled[s].reject(err);
      }
    }
  };
  const running = Promise.all(Array.from({ length: lanes }, lane));
  // this thread only waits for the workers meanwhile: load the report's chart renderer now
  if (lanes > 1) preloadChartRenderer();
  // Recorded in the manifest's order whatever order the subjects finish in: the outputs, the
  // warnings and the failures are the same for any number of threads.
  for (const [s, row] of manifest.rows.entries()) {
    const outcome = await failures.run(row.subject, row.line, () => settled[s].promise);
    if (!outcome) continue;
    const { record, result } = outcome;
    for (const w of record.warnings) warn(w, row.subject);
    normalisationsUsed ??= outcome.normalisations;
    features.push(...result.features);
    shifts.push(...result.shifts);
    subjects.push(record);
    inputs.push({ subject: row.subject, files: outcome.inputs });
    if (!detail && outcome.detail) detail = { record, affine: outcome.detail.affine, histograms: outcome.detail.histograms, result, inputs: outcome.inputs };
  }
  await running;

  if (subjects.length === 0) failures.throwIfAny(n, "nothing was written");
  const parts: CohortParts = {
    command: "compare",
    settings,
    inputs: { manifest: hashInput("manifest", manifestPath), subjects: inputs },
    tools: manifest.tools,
    normalisations: normalisationsUsed ?? [],
    subjects,
    warnings: warnings.list(),
    ...(failures.failures.length ? { failed_subjects: failures.failures } : {}),
  };
  const report = cohortReport(parts, shifts, "the manifest lists", (m) => warn(m));
  const appendix = hooks.appendix?.({ features, subjects });
  if (appendix) report.appendix = { [appendix.key]: appendix.json };
  const files = await cohortFiles(report, { features, shifts }, detail!, csvTables, appendix);
  await writeOutputDir(outDir, guard, (dir) => {
    for (const [name, content] of files) dir.write(name, content);
  });
  failures.throwIfAny(n, `the outputs in ${outDir} hold the other ${subjects.length}`);
  return { report, features, shifts };
}

/** A promise settled from outside; its rejection is handled (awaited later, in the manifest's order). */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => {});
  return { promise, resolve, reject };
}
