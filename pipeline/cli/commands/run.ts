import type { Command } from "commander";
import { basename } from "node:path";
import { DEFAULT_CONFIG_NAMES } from "../../../analysis/features/configs.js";
import { NORMALISATION_NAMES } from "../../../analysis/normalisation/normalisations.js";
import { executeRun } from "../../run/executeRun.js";
import { parseDefacedSpecs } from "../../deface/defacedSpec.js";
import { parseRunSettings } from "../../settings.js";
import { mergeSettings, readSettingsFile } from "../../io/settingsFile.js";
import { defaultThreads } from "../../pool/runJobs.js";
import { collect, commaList, nonNegativeInt, nonNegativeNumber, positiveInt, positiveNumber, threadsHelp } from "../options.js";
import { progressBar, warn } from "../progress.js";

export function registerRun(program: Command): void {
  program
    .command("run")
    .description(
      "Deface an image with a face mask, normalise, extract radiomic features in the ROI for the original and each " +
        "defaced condition, and report how far defacing shifted every feature (features.csv, shifts.csv, report.json, report.md).",
    )
    .option("--settings <file>", "YAML/JSON settings grouped as report.json's settings (input, defacing, normalisation, features, output); options given here override it")
    .option("--image <file>", "head CT or MRI (.nii, .nii.gz, .nrrd, or a DICOM folder/file)")
    .option("--series <uid>", "DICOM: SeriesInstanceUID to read when the folder holds several series")
    .option("--roi <file>", "region of interest mask on the image grid (binary), or a DICOM RTSTRUCT with --roi-name")
    .option("--roi-name <name>", "the RTSTRUCT structure to rasterise when --roi is an RTSTRUCT")
    .option("--face-mask <file>", "face mask on the image grid (binary, or probabilistic: thresholded at 0.5): conditions defaced-<fill>")
    .option("--defacer <name>", "built-in defacer: shear (conditions shear-<fill>)")
    .option("--buffer <mm>", "shear defacer: distance of the cutting plane from the brain, mm", nonNegativeNumber, 10)
    .option("--defaced <NAME=FILE>", "another tool's defaced image on the same grid (repeatable; NAME= optional): condition NAME", collect)
    .option(
      "--fill <fill>",
      "how removed voxels are filled: zero | min | constant:VALUE | noise | blur[:SIGMA_MM] (repeatable; default zero)",
      collect,
    )
    .option("--seed <n>", "seed of the noise fill", nonNegativeInt, 1)
    .option("--no-renders", "skip the skin renders (PNG) of every condition")
    .option("--brain-mask <file>", "brain mask on the image grid (enables zscore-brain)")
    .option("--head-mask <file>", "head (foreground) mask on the image grid (enables zscore-foreground and percentile)")
    .option(
      "--normalisations <list>",
      `comma-separated, from ${NORMALISATION_NAMES.join(", ")} (default: every one whose masks are available)`,
      commaList,
    )
    .option("--sd <mode>", "standard deviation of z-scores: population | sample", "population")
    .option("--scale-factor <x>", "multiply z-scores by x (PyRadiomics normalizeScale)", positiveNumber, 1)
    .option("--outlier-sd <n>", "clip z-scores beyond ± n σ (PyRadiomics removeOutliers)", positiveNumber)
    .option("--configs <list>", `feature configurations: nodisc, fbnN, fbsW (default ${DEFAULT_CONFIG_NAMES.join(",")})`, commaList)
    .option("--aggregations <list>", "texture aggregation codes (default IAZD,KOBO: 3D merged / 3D)", commaList)
    .option("--modality <m>", "auto | ct | mr (auto: CT when the image reaches −500 or below)", "auto")
    .option("--subject <name>", "subject identifier in the outputs (default: the image file name)")
    .option("--allow-roi-overlap", "allow a face mask that removes ROI voxels (otherwise an error)", false)
    .option("--threads <n>", threadsHelp, positiveInt, defaultThreads())
    .option("--quiet", "no progress bar", false)
    .option("--out <dir>", "output folder: new, empty, or an earlier run's output (its files are replaced when the run succeeds)")
    .option("--force", "write into a non-empty --out folder that holds other files (same names are replaced, nothing is removed)", false)
    .action(async (opts, command: Command) => {
      // Options the user typed override the settings file; defaults only fill what it leaves out.
      const typed = (key: string) => (command.getOptionValueSource(key) === "default" ? undefined : opts[key]);
      const fromFile = opts.settings ? readSettingsFile(opts.settings) : {};
      const settings = parseRunSettings(mergeSettings(fromFile, {
        input: {
          image: opts.image,
          roi: opts.roi,
          faceMask: opts.faceMask,
          brainMask: opts.brainMask,
          headMask: opts.headMask,
          subject: opts.subject,
          series: opts.series,
          roiName: opts.roiName,
          modality: typed("modality"),
        },
        defacing: {
          defacer: opts.defacer,
          bufferMm: typed("buffer"),
          defaced: opts.defaced ? parseDefacedSpecs(opts.defaced as string[]) : undefined,
          fills: opts.fill,
          seed: typed("seed"),
          allowRoiOverlap: typed("allowRoiOverlap"),
          renders: typed("renders"),
        },
        normalisation: { methods: opts.normalisations, sd: typed("sd"), scaleFactor: typed("scaleFactor"), outlierSd: opts.outlierSd },
        features: { configs: opts.configs, aggregations: opts.aggregations },
        output: { dir: opts.out, force: typed("force"), settingsFile: opts.settings },
      }, opts.settings));
      const bar = progressBar("features", opts.quiet);
      try {
        const report = await executeRun(settings, {
          threads: opts.threads,
          warn,
          log: (line) => {
            if (!opts.quiet) process.stderr.write(`run: ${line}\n`);
          },
          onProgress: bar.update,
        });
        bar.stop();
        process.stdout.write(
          `wrote ${settings.output.dir}/: ${report.result.features.length} feature values, ${report.result.shifts.length} shifts (features.csv, shifts.csv, report.json, report.md)\n`,
        );
      } finally {
        bar.stop();
      }
    });
}
