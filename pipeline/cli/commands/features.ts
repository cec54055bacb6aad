import { basename } from "node:path";
import type { Command } from "commander";
import { usageError } from "../../../analysis/core/errors.js";
import { configFromName, DEFAULT_AGGREGATIONS } from "../../../analysis/features/configs.js";
import { FAMILY_ORDER } from "../../../analysis/features/registry.js";
import type { FamilyName } from "../../../analysis/features/types.js";
import { parseNormalisation } from "../../../analysis/normalisation/normalisations.js";
import { writeFileAtomic } from "../../io/atomicWrite.js";
import { featuresCsv } from "../../report/csv.js";
import { refuseOutputOverInputs } from "../../report/outputGuard.js";
import { extractFeatures } from "../../run/extractFeatures.js";
import { extractProcessed } from "../../run/extractPreset.js";
import { readProcessingSettings } from "../../run/processingSettingsFile.js";
import { PRESET_NAMES, presetSettings } from "../../../analysis/ibsi/presets.js";
import { defaultThreads } from "../../pool/runJobs.js";
import { commaList, positiveInt, threadsHelp } from "../options.js";
import { progressBar, warn } from "../progress.js";
import type { FeatureRow } from "../../../analysis/impact/featureRow.js";

export function registerFeatures(program: Command): void {
  program
    .command("features")
    .description("Extract IBSI radiomic features of an image inside a mask and write them as tidy CSV rows.")
    .requiredOption("--image <file>", "image (.nii, .nii.gz, .nrrd, or a DICOM folder/file)")
    .option("--series <uid>", "DICOM: SeriesInstanceUID to read when the folder holds several series")
    .requiredOption("--mask <file>", "ROI mask on the image grid (binary), or a DICOM RTSTRUCT with --roi-name")
    .option("--roi-name <name>", "the RTSTRUCT structure to rasterise when --mask is an RTSTRUCT")
    .requiredOption("--out <file>", "output CSV (written atomically)")
    .option("--normalisation <name>", "none | zscore-global", "none")
    .option("--configs <list>", "feature configurations: nodisc, fbnN, fbsW", commaList, ["nodisc", "fbn32"])
    .option("--families <list>", `only these families (${FAMILY_ORDER.join(", ")})`, commaList)
    .option("--aggregations <list>", "texture aggregation codes, e.g. IAZD,KOBO", commaList, DEFAULT_AGGREGATIONS)
    .option("--subject <name>", "subject column (default: the image file name)")
    .option("--threads <n>", threadsHelp, positiveInt, defaultThreads())
    .option(
      "--preset <name>",
      `IBSI processing preset (${PRESET_NAMES.join(", ")}): resampling (mm), re-segmentation (image units), discretisation and texture settings of the IBSI manual; replaces --configs, --normalisation and --aggregations`,
    )
    .option(
      "--settings <file>",
      "IBSI processing settings as YAML/JSON: resampling {spacing [mm], inPlane, interpolation, roundIntensities, maskInterpolation, maskThreshold}, resegmentation {range, outlierSigma}, discretisation, ivh, texture, families",
    )
    .option("--quiet", "no progress bar", false)
    .action(async (opts, command: Command) => {
      refuseOutputOverInputs(opts.out, { command: "features", inputs: [opts.image, opts.mask, opts.settings] });
      const families = opts.families as string[] | undefined;
      const unknown = families?.filter((f) => !FAMILY_ORDER.includes(f as FamilyName));
      if (unknown?.length) throw usageError(`unknown famil${unknown.length > 1 ? "ies" : "y"} ${unknown.join(", ")}: choose from ${FAMILY_ORDER.join(", ")}`);
      if (opts.preset || opts.settings) {
        if (opts.preset && opts.settings) throw usageError("give either --preset or --settings, not both");
        const rows = extractProcessed({
          image: opts.image,
          mask: opts.mask,
          settings: opts.preset ? presetSettings(opts.preset) : readProcessingSettings(opts.settings),
          configName: opts.preset ?? basename(opts.settings).replace(/\.(ya?ml|json)$/i, ""),
          subject: opts.subject,
          families: families as FamilyName[] | undefined,
          aggregations: command.getOptionValueSource("aggregations") === "default" ? undefined : opts.aggregations,
          series: opts.series,
          roiName: opts.roiName,
          settingsFile: opts.settings,
        });
        writeFileAtomic(opts.out, featuresCsv(rows));
        warnNotes(rows);
        process.stdout.write(`wrote ${opts.out}: ${rows.length} feature values (${opts.preset ?? opts.settings})\n`);
        return;
      }
      const configs = (opts.configs as string[]).map((name) => {
        const c = configFromName(name, opts.aggregations);
        if (!c) throw usageError(`unknown feature configuration "${name}": use nodisc, fbnN or fbsW`);
        return c;
      });
      const bar = progressBar("features", opts.quiet);
      const rows = await extractFeatures({
        image: opts.image,
        mask: opts.mask,
        series: opts.series,
        roiName: opts.roiName,
        subject: opts.subject,
        normalisation: parseNormalisation(opts.normalisation),
        configs,
        families: families as FamilyName[] | undefined,
        threads: opts.threads,
        onProgress: bar.update,
      });
      bar.stop();
      writeFileAtomic(opts.out, featuresCsv(rows));
      warnNotes(rows);
      process.stdout.write(`wrote ${opts.out}: ${rows.length} feature values\n`);
    });
}

/** Values that are NaN or IBSI's fallback for a degenerate ROI: one warning per reason, naming the features. */
function warnNotes(rows: readonly FeatureRow[]): void {
  const byNote = new Map<string, string[]>();
  for (const r of rows) if (r.note) byNote.set(r.note, [...(byNote.get(r.note) ?? []), `${r.ibsi_code}/${r.aggregation_code}`]);
  for (const [note, features] of byNote) warn(`${features.length} value(s) (${features.slice(0, 6).join(", ")}${features.length > 6 ? ", ..." : ""}): ${note}`);
}
