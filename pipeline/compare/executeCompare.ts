import { countMask } from "../../analysis/core/volume.js";
import type { FeatureRow } from "../../analysis/impact/featureRow.js";
import type { ShiftRow } from "../../analysis/impact/shifts.js";
import type { NormalisationName } from "../../analysis/normalisation/normalisations.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { hashInput, type InputRecord } from "../report/provenance.js";
import { checkOutputDir, writeOutputDir } from "../report/outputDir.js";
import type { OutputGuard } from "../report/outputGuard.js";
import { analyseSubject } from "../run/analyseSubject.js";
import { CohortFailures } from "../run/cohortFailures.js";
import { intensityUnit } from "../run/modality.js";
import { threadPool } from "../pool/runJobs.js";
import { roiHistograms } from "../run/roiHistograms.js";
import type { SubjectResult } from "../run/subject.js";
import type { Settings } from "../../analysis/settings.js";
import { requireIbsiConventions, requireSettings } from "../settings/requirements.js";
import { cohortFiles, cohortReport, csvTables, subjectWarnings, type CohortParts } from "./cohortOutputs.js";
import { readCompareManifest, rowFiles, type CompareRow } from "./manifest.js";
import { rowConditionSpecs } from "./rowConditions.js";
import { conditionRecords, maskSources } from "../run/defacingConditions.js";
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
 * `run` (the workers extract one subject's features while the next is defaced), then the tool
 * scorecard and, with at least three subjects, the cohort agreement statistics; everything written
 * atomically into `out`. A failing subject is reported and the others go on; the command then
 * fails naming it.
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
  let pending: Promise<void> = Promise.resolve();
  for (const [s, row] of manifest.rows.entries()) {
    // a failing subject is reported and skipped; the command fails at the end, naming it (CohortFailures)
    const finish = await failures.run(row.subject, row.line, async () => {
      hooks.log?.(`subject ${s + 1}/${n} ${row.subject}: defacing (${row.versions.map((v) => v.tool).join(", ")})`);
      const image = readVolume(row.image, { shared: true });
      const roi = readMask(row.roi, image, { label: settings.input.roiLabel });
      const brainFile = row.brainMask ? readMask(row.brainMask, image) : undefined;
      const headFile = row.headMask ? readMask(row.headMask, image) : undefined;
      const analysis = analyseSubject(
        { subject: row.subject, image, roi, roiName: row.roi, brain: brainFile && row.brainMask ? { mask: brainFile, name: row.brainMask } : undefined, head: headFile },
        {
          settings,
          specs: rowConditionSpecs(row, settings.defacing.bufferMm),
          runJobs: threadPool(hooks.threads),
          renders: false,
          quietZeroFill: hooks.quietZeroFill,
          warn: (w) => warn(w, row.subject),
          log: (line) => hooks.log?.(`subject ${row.subject}: ${line}`),
          onProgress: hooks.onProgress ? (done, total) => hooks.onProgress!(s * total + done, n * total) : undefined,
        },
      );
      const { modality, defacing } = analysis;
      normalisationsUsed ??= analysis.normalisations;
      hooks.log?.(`subject ${s + 1}/${n} ${row.subject}: features`);
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
          warnings: analysis.warnings,
        });
        inputs.push({ subject: row.subject, files: rowInputs(row) });
        // the first subject is shown in detail in report.html (its histograms now: the image is not kept)
        detail ??= {
          record: subjects[subjects.length - 1],
          affine: image.affine,
          histograms: roiHistograms(image, roi, defacing.conditions, result.maps),
          result,
          inputs: inputs[0].files,
        };
      };
      return async () => record(await analysis.features);
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

function rowInputs(row: CompareRow): InputRecord[] {
  return rowFiles(row).filter((f): f is [string, string] => f[1] !== undefined).map(([role, p]) => hashInput(role, p));
}
