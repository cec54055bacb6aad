import type { Command } from "commander";
import { DEFAULT_CONFIG_NAMES } from "../../../analysis/features/configs.js";
import { NORMALISATION_NAMES, parseNormalisation } from "../../../analysis/normalisation/normalisations.js";
import { usageError } from "../../../analysis/core/errors.js";
import { COMPARE_DEFAULTS, executeCompare } from "../../compare/executeCompare.js";
import { defaultThreads } from "../../pool/runJobs.js";
import { commaList, nonNegativeInt, nonNegativeNumber, positiveInt, positiveNumber, threadsHelp } from "../options.js";
import { progressBar, warn } from "../progress.js";

export function registerCompare(program: Command): void {
  program
    .command("compare")
    .description(
      "Compare defacing tools over a cohort: every manifest row (subject) through the same defacing, normalisation and feature " +
        "pipeline as `run`; writes a scorecard per tool (residual face, brain intrusion, features shifted by more than 1 % and 5 % per " +
        "normalisation, the worst feature) and, with 3 or more subjects, ICC(A,1), Lin's CCC (95 % CI) and Bland–Altman limits per feature " +
        "(features.csv, shifts.csv, scorecard.csv, cohort_stats.csv, report.json, report.md, report.html).",
    )
    .requiredOption(
      "--manifest <file>",
      "cohort CSV: columns subject,image,roi[,brain_mask][,head_mask][,face_mask] and one column per tool, whose cells are that tool's " +
        "defaced image (on the image grid) or builtin:shear[:FILL] / builtin:mask[:FILL] (the row's face_mask; FILL zero | min | " +
        "constant:VALUE | noise | blur[:SIGMA_MM], default zero); paths relative to the manifest's folder; an empty cell: no output for that subject",
    )
    .requiredOption("--out <dir>", "output folder: new, empty, or an earlier compare's output (its files are replaced when the comparison succeeds)")
    .option("--force", "write into a non-empty --out folder that holds other files (same names are replaced, nothing is removed)", false)
    .option(
      "--normalisations <list>",
      `comma-separated, from ${NORMALISATION_NAMES.join(", ")} (default: all; brain and head masks are automatic when not given)`,
      commaList,
    )
    .option("--configs <list>", `feature configurations: nodisc, fbnN, fbsW (W in normalised units; default ${DEFAULT_CONFIG_NAMES.join(",")})`, commaList)
    .option("--aggregations <list>", "texture aggregation codes (default IAZD,KOBO: 3D merged / 3D)", commaList)
    .option("--sd <mode>", "standard deviation of z-scores: population | sample", COMPARE_DEFAULTS.sd)
    .option("--scale-factor <x>", "multiply z-scores by x (PyRadiomics normalizeScale)", positiveNumber, COMPARE_DEFAULTS.scaleFactor)
    .option("--outlier-sd <n>", "clip z-scores beyond ± n σ (PyRadiomics removeOutliers)", positiveNumber)
    .option("--buffer <mm>", "builtin:shear: distance of the cutting plane from the brain, mm", nonNegativeNumber, COMPARE_DEFAULTS.bufferMm)
    .option("--seed <n>", "seed of the noise fill", nonNegativeInt, COMPARE_DEFAULTS.seed)
    .option("--modality <m>", "auto | ct | mr (auto: per subject, CT when the image reaches −500 or below)", COMPARE_DEFAULTS.modality)
    .option("--robust-icc <x>", "a feature is robust when the lower 95 % bound of its ICC exceeds x (unitless)", Number, COMPARE_DEFAULTS.robustIccLower)
    .option("--allow-roi-overlap", "allow a tool that removes ROI voxels (otherwise an error)", false)
    .option("--threads <n>", threadsHelp, positiveInt, defaultThreads())
    .option("--quiet", "no progress output", false)
    .action(async (opts) => {
      if (!["population", "sample"].includes(opts.sd)) throw usageError(`--sd must be population or sample, got "${opts.sd}"`);
      if (!["auto", "ct", "mr"].includes(opts.modality)) throw usageError(`--modality must be auto, ct or mr, got "${opts.modality}"`);
      let bar = progressBar("features", opts.quiet);
      try {
        const { report, shifts } = await executeCompare(
          {
            manifest: opts.manifest,
            out: opts.out,
            normalisations: (opts.normalisations as string[] | undefined)?.map(parseNormalisation),
            configs: opts.configs ?? [...COMPARE_DEFAULTS.configs],
            aggregations: opts.aggregations ?? [...COMPARE_DEFAULTS.aggregations],
            sd: opts.sd,
            scaleFactor: opts.scaleFactor,
            outlierSd: opts.outlierSd,
            bufferMm: opts.buffer,
            seed: opts.seed,
            modality: opts.modality,
            allowRoiOverlap: opts.allowRoiOverlap,
            robustIccLower: opts.robustIcc,
            ...(opts.force ? { force: true } : {}),
          },
          {
            threads: opts.threads,
            warn,
            log: (line) => {
              if (!opts.quiet) {
                // a log line ends the current bar; the next progress update starts a fresh one
                bar.stop();
                bar = progressBar("features", opts.quiet);
                process.stderr.write(`compare: ${line}\n`);
              }
            },
            onProgress: (done, total) => bar.update(done, total),
          },
        );
        bar.stop();
        process.stdout.write(
          `wrote ${opts.out}/: ${report.subjects.length} subjects x ${report.tools.length} tools, ${shifts.length} shifts, ` +
            `${report.cohort.stats.length} cohort statistics (features.csv, shifts.csv, scorecard.csv, cohort_stats.csv, report.json, report.md, report.html)\n`,
        );
      } finally {
        bar.stop();
      }
    });
}
