import type { Command } from "commander";
import { runTerminalSummary } from "../../report/terminalSummary.js";
import { executeRun, RUN_REQUIRED } from "../../run/executeRun.js";
import { forceOption, outDirOption, quietOption, threadsOption } from "../commonOptions.js";
import { addExamples } from "../help.js";
import { folderName, progressBar, warn } from "../progress.js";
import { addSettingsOptions, commandSettings } from "../settingsOptions.js";

export function registerRun(program: Command): void {
  const command = program
    .command("run")
    .description(
      "Deface an image with a face mask, normalise, extract radiomic features in the ROI for the original and each " +
        "defaced condition, and report how far defacing shifted every feature (features.csv, shifts.csv, report.json, report.md, report.html). " +
        "Give at least one face-mask source: --face-mask, --defacer or --defaced.",
    );
  addSettingsOptions(command, ["input", "modality", "sources", "fills", "defacing", "normalisation", "features", "renders"], { required: RUN_REQUIRED })
    .addOption(threadsOption())
    .addOption(quietOption())
    .addOption(outDirOption("run"))
    .addOption(forceOption());
  addExamples(
    command,
    [
      { comment: "the phantom's face mask, the default fill (min: air on CT), every normalisation", line: "deface-impact run --image image.nii.gz --roi roi.nii.gz --face-mask face_mask.nii.gz --out report/" },
      {
        comment: "the built-in shear defacer with two fills, guided by the brain mask",
        line: "deface-impact run --image image.nii.gz --roi roi.nii.gz --defacer shear --brain-mask brain_mask.nii.gz --fill min --fill noise --out shear/",
      },
      {
        comment: "three normalisations and two bin numbers only",
        line: "deface-impact run --image image.nii.gz --roi roi.nii.gz --face-mask face_mask.nii.gz --normalisations none,zscore-global,zscore-unmasked --discretisation fbn16,fbn64 --out bins/",
      },
    ],
    "in a folder written by `deface-impact phantom --kind ct --out .`",
  );
  command.action(async (opts, cmd: Command) => {
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
        `wrote ${folderName(settings.output.dir!)}: ${report.result.features.length} feature values, ${report.result.shifts.length} shifts (features.csv, shifts.csv, report.json, report.md, report.html)\n`,
      );
    } finally {
      bar.stop();
    }
  });
}
