import type { Command } from "commander";
import type { FeatureRow } from "../../../analysis/impact/featureRow.js";
import { writeFileAtomic } from "../../io/atomicWrite.js";
import { featuresCsv } from "../../report/csv.js";
import { refuseOutputOverInputs } from "../../report/outputGuard.js";
import { extractFeatures, FEATURES_REQUIRED } from "../../run/extractFeatures.js";
import { extractPyradiomics } from "../../run/extractPyradiomics.js";
import { pyradiomicsCsv, pyradiomicsRows } from "../../report/pyradiomicsCsv.js";
import { requireSettings } from "../../settings/requirements.js";
import { outFileOption, quietOption, threadsOption } from "../commonOptions.js";
import { addExamples } from "../help.js";
import { progressBar, warn } from "../progress.js";
import { addSettingsOptions, commandSettings } from "../settingsOptions.js";

export function registerFeatures(program: Command): void {
  const command = program
    .command("features")
    .description(
      "Extract IBSI radiomic features of an image inside an ROI and write them as tidy CSV rows, through the same processing " +
        "road as run (normalisation, resampling, re-segmentation, discretisation: a --preset, a --settings file or the options).",
    );
  addSettingsOptions(command, ["input", "modality", "normalisation", "features"], { required: FEATURES_REQUIRED, defaults: { "--normalisations": "none" } })
    .addOption(outFileOption("CSV"))
    .addOption(threadsOption())
    .addOption(quietOption());
  addExamples(
    command,
    [
      { comment: "IBSI features of the raw intensities (HU), default discretisations", line: "deface-impact features --image image.nii.gz --roi roi.nii.gz --out features.csv" },
      { comment: "through IBSI configuration C (2 mm voxels, HU range, 25 HU bins)", line: "deface-impact features --image image.nii.gz --roi roi.nii.gz --preset ibsi-C --out features_C.csv" },
      {
        comment: "PyRadiomics' names and values, with your PyRadiomics parameter file",
        line: "deface-impact features --image image.nii.gz --roi roi.nii.gz --settings Params.yaml --conventions pyradiomics --out pyradiomics.csv",
      },
    ],
    "in a folder written by `deface-impact phantom --kind ct --out .`",
  );
  command
    .action(async (opts, cmd: Command) => {
      const settings = commandSettings(cmd, { output: { dir: opts.out } });
      if (!settings) return;
      requireSettings(settings, "features", [...FEATURES_REQUIRED]);
      const out = settings.output.dir!;
      refuseOutputOverInputs(out, { command: "features", inputs: [settings.input.image, settings.input.roi, settings.input.brainMask, settings.input.headMask, opts.settings] });
      if (settings.features.conventions === "pyradiomics") {
        const result = extractPyradiomics(settings, opts.settings);
        writeFileAtomic(out, pyradiomicsCsv(pyradiomicsRows(result, result.parameters)));
        for (const v of result.values) if (v.note) warn(`${v.column}: ${v.note}`);
        process.stdout.write(`wrote ${out}: ${result.values.length} PyRadiomics feature values (${opts.settings})\n`);
        return;
      }
      const bar = progressBar("features", opts.quiet);
      const rows = await extractFeatures(settings, { threads: opts.threads, onProgress: bar.update, warn });
      bar.stop();
      writeFileAtomic(out, featuresCsv(rows));
      warnNotes(rows);
      process.stdout.write(`wrote ${out}: ${rows.length} feature values\n`);
    });
}

/** Values that are NaN or IBSI's fallback for a degenerate ROI: one warning per reason, naming the features. */
function warnNotes(rows: readonly FeatureRow[]): void {
  const byNote = new Map<string, string[]>();
  for (const r of rows) if (r.note) byNote.set(r.note, [...(byNote.get(r.note) ?? []), `${r.ibsi_code}/${r.aggregation_code}`]);
  for (const [note, features] of byNote) warn(`${features.length} value(s) (${features.slice(0, 6).join(", ")}${features.length > 6 ? ", ..." : ""}): ${note}`);
}
