import type { Command } from "commander";
import { basename } from "node:path";
import { DEFAULT_CONFIG_NAMES } from "../../../analysis/features/configs.js";
import { NORMALISATION_NAMES } from "../../../analysis/normalisation/normalisations.js";
import { executeRun } from "../../run/executeRun.js";
import { parseRunSettings } from "../../settings.js";
import { defaultThreads } from "../../pool/runJobs.js";
import { collect, commaList, positiveInt, positiveNumber, threadsHelp } from "../options.js";
import { progressBar, warn } from "../progress.js";

const subjectFromPath = (p: string) => basename(p).replace(/\.(nii\.gz|nii|nrrd|nhdr)$/i, "");

export function registerRun(program: Command): void {
  program
    .command("run")
    .description(
      "Deface an image with a face mask, normalise, extract radiomic features in the ROI for the original and each " +
        "defaced condition, and report how far defacing shifted every feature (features.csv, shifts.csv, report.json, report.md).",
    )
    .requiredOption("--image <file>", "head CT or MRI (.nii, .nii.gz, .nrrd, or a DICOM folder/file)")
    .option("--series <uid>", "DICOM: SeriesInstanceUID to read when the folder holds several series")
    .requiredOption("--roi <file>", "region of interest mask on the image grid (binary), or a DICOM RTSTRUCT with --roi-name")
    .option("--roi-name <name>", "the RTSTRUCT structure to rasterise when --roi is an RTSTRUCT")
    .requiredOption("--face-mask <file>", "face mask on the image grid (binary, or probabilistic: thresholded at 0.5)")
    .option("--fill <fill>", "how removed voxels are filled: zero | min | constant:VALUE (repeatable; default zero)", collect)
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
    .requiredOption("--out <dir>", "output folder (replaced atomically when the run succeeds)")
    .action(async (opts) => {
      const settings = parseRunSettings({
        input: {
          image: opts.image,
          roi: opts.roi,
          faceMask: opts.faceMask,
          brainMask: opts.brainMask,
          headMask: opts.headMask,
          subject: opts.subject ?? subjectFromPath(opts.image),
          series: opts.series,
          roiName: opts.roiName,
          modality: opts.modality,
        },
        defacing: { fills: opts.fill ?? ["zero"], allowRoiOverlap: opts.allowRoiOverlap },
        normalisation: { methods: opts.normalisations, sd: opts.sd, scaleFactor: opts.scaleFactor, outlierSd: opts.outlierSd },
        features: { configs: opts.configs, aggregations: opts.aggregations },
        output: { dir: opts.out },
      });
      const bar = progressBar("features", opts.quiet);
      try {
        const report = await executeRun(settings, { threads: opts.threads, warn, onProgress: bar.update });
        bar.stop();
        process.stdout.write(
          `wrote ${opts.out}/: ${report.result.features.length} feature values, ${report.result.shifts.length} shifts (features.csv, shifts.csv, report.json, report.md)\n`,
        );
      } finally {
        bar.stop();
      }
    });
}
