import type { Command } from "commander";
import { runTerminalSummary } from "../../report/terminalSummary.js";
import { executeRun } from "../../run/executeRun.js";
import { defaultThreads } from "../../pool/runJobs.js";
import { positiveInt, threadsHelp } from "../options.js";
import { progressBar, warn } from "../progress.js";
import { addSettingsOptions, commandSettings } from "../settingsOptions.js";

export function registerRun(program: Command): void {
  const command = program
    .command("run")
    .description(
      "Deface an image with a face mask, normalise, extract radiomic features in the ROI for the original and each " +
        "defaced condition, and report how far defacing shifted every feature (features.csv, shifts.csv, report.json, report.md, report.html).",
    );
  addSettingsOptions(command, ["input", "modality", "sources", "fills", "defacing", "normalisation", "features", "renders"])
    .option("--threads <n>", threadsHelp, positiveInt, defaultThreads())
    .option("--quiet", "no progress bar", false)
    .option("--out <dir>", "output folder: new, empty, or an earlier run's output (its files are replaced when the run succeeds)")
    .option("--force", "write into a non-empty --out folder that holds other files (same names are replaced, nothing is removed)")
    .action(async (opts, cmd: Command) => {
      const settings = commandSettings(cmd, { output: { dir: opts.out, force: opts.force } });
      if (!settings) return;
      const bar = progressBar("features", opts.quiet);
      try {
        const report = await executeRun(settings, {
          threads: opts.threads,
          warn,
          log: (line) => {
            if (!opts.quiet) process.stderr.write(`run: ${line}\n`);
          },
          onProgress: bar.update,
          settingsFile: opts.settings,
        });
        bar.stop();
        for (const line of runTerminalSummary(report)) process.stdout.write(`${line}\n`);
        process.stdout.write(
          `wrote ${settings.output.dir}/: ${report.result.features.length} feature values, ${report.result.shifts.length} shifts (features.csv, shifts.csv, report.json, report.md, report.html)\n`,
        );
      } finally {
        bar.stop();
      }
    });
}
