import { dirname, resolve } from "node:path";
import { ensureDir } from "../io/ensureDir.js";
import { poolThreads, startPool, threadPool } from "../pool/runJobs.js";
import { pooledChartRenderer, pooledCtBrainMask, pooledPictureEncoder, warmPoolForReport } from "../pool/offload.js";
import { softwareVersions } from "../report/provenance.js";
import type { RunReport } from "../report/runReport.js";
import { checkOutputDir, writeOutputDir } from "../report/outputDir.js";
import type { OutputGuard } from "../report/outputGuard.js";
import type { Settings } from "../../analysis/settings.js";
import { NORMALISATION_NAMES } from "../../analysis/normalisation/normalisations.js";
import { analyseRun } from "./analyseRun.js";
import { readRunInputs, requireRunSettings } from "./readRunInputs.js";

export interface RunHooks {
  threads: number;
  warn: (message: string) => void;
  /** progress lines of the slower steps (defacing, renders). */
  log?: (line: string) => void;
  onProgress?: (done: number, total: number) => void;
  /** the settings file the run was given (an input: never overwritten). */
  settingsFile?: string;
  /** the fills were the demo's choice, not the user's: no warning that zero fill on CT writes water. */
  quietZeroFill?: boolean;
}

export { RUN_REQUIRED } from "./readRunInputs.js";

/**
 * `deface-impact run`: read the inputs (readRunInputs.ts), analyse them (analyseRun.ts, which the
 * web app runs too), and write features.csv, shifts.csv, report.json, report.md, report.html and
 * the renders atomically into the output folder.
 */
export async function executeRun(settings: Settings, hooks: RunHooks): Promise<RunReport> {
  requireRunSettings(settings);
  const outDir = settings.output.dir!;
  // Fail before the work, not after it, when the output cannot or may not be written.
  const guard = runOutputGuard(settings, hooks.settingsFile);
  checkOutputDir(outDir, guard);
  ensureDir(dirname(resolve(outDir)));
  const inputs = readRunInputs(settings);
  // the workers load while the masks are built (inputs that cannot be read start none); a job per
  // normalisation, every one the masks allow when the settings name none (a run builds them all).
  // This thread draws the renders while they run: it is one of the threads.
  const alongside = settings.output.renders;
  await startPool(hooks.threads, settings.normalisation.methods?.length ?? NORMALISATION_NAMES.length, alongside);
  // With workers, one builds a CT image's brain mask while this thread builds the head's, and
  // once their feature jobs are done they encode the renders' PNGs and draw the report's charts
  // while this thread still draws the renders.
  const offload = poolThreads() > 0 ? { ctBrainMask: pooledCtBrainMask, encodePicture: pooledPictureEncoder, renderChart: pooledChartRenderer } : {};
  if (poolThreads() > 0) warmPoolForReport();
  const { report, files } = await analyseRun(settings, inputs, { ...hooks, ...offload, runJobs: threadPool(hooks.threads, alongside), software: softwareVersions() });
  await writeOutputDir(outDir, guard, async (dir) => {
    for (const file of files) dir.write(file.name, file.data);
  });
  return report;
}

/** Everything `run` reads: its output may be none of these, hold them or lie inside them. */
function runOutputGuard(settings: Settings, settingsFile?: string): OutputGuard {
  const { input, defacing } = settings;
  return {
    command: "run",
    inputs: [input.image, input.roi, defacing.faceMask, input.brainMask, input.headMask, ...defacing.defaced.map((d) => d.path), settingsFile],
    force: settings.output.force,
  };
}
