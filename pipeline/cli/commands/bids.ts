import { Argument, Option, type Command } from "commander";
import { bidsContext, type BidsArgs } from "../../bids/bidsContext.js";
import { executeGroup } from "../../bids/executeGroup.js";
import { executeParticipant, type BidsHooks } from "../../bids/executeParticipant.js";
import { planParticipants } from "../../bids/layout.js";
import { MEMORY_COLUMNS, memoryPlan } from "../../bids/memoryEstimate.js";
import { toTsv } from "../../report/tsv.js";
import { commaList } from "../options.js";
import { quietOption, threadsOption } from "../commonOptions.js";
import { addExamples } from "../help.js";
import { progressBar, warn } from "../progress.js";
import { addSettingsOptions, commandSettings } from "../settingsOptions.js";

const EXAMPLES = [
  { comment: "participants 01 and 02, then the cohort (ROIs in bids/derivatives/roi/sub-*/[ses-*/]anat/*_desc-roi_mask.nii.gz)", line: "deface-impact bids bids/ bids/derivatives/deface-impact participant --participant-label 01 02" },
  { comment: "the cohort from the participants' outputs (never an image): scorecard, ICC/CCC, report.html", line: "deface-impact bids bids/ bids/derivatives/deface-impact group" },
  { comment: "what each participant job needs, for a scheduler (reads image headers only)", line: "deface-impact bids bids/ bids/derivatives/deface-impact participant --estimate-memory --threads 2" },
];

const OUTPUTS =
  " Participant outputs in OUTPUT_DIR/sub-<l>/[ses-<l>/]anat/: *_desc-defaced_<suffix>.nii.gz, *_desc-face_mask.nii.gz, " +
  "*_desc-radiomics_features.tsv, *_desc-radiomics_shifts.tsv (JSON sidecars each), *_desc-radiomics_summary.json; " +
  "sub-<l>/log/sub-<l>_status.json. Group outputs in OUTPUT_DIR/group/: cohort_stats.tsv, scorecard.tsv, features.tsv, shifts.tsv, " +
  "subjects.tsv (JSON sidecars each), report.json, report.md, report.html. Give both levels the same settings.";

export function registerBids(program: Command): void {
  const command = program
    .command("bids")
    .description(
      "BIDS App: at the participant level, deface every anatomical image (T1w, T2w or CT) that has an ROI mask derivative with the " +
        "built-in shear defacer, extract IBSI features in the ROI before and after, and write BIDS derivatives; a failed image is reported " +
        "and the others go on, a finished one is skipped. At the group level, read the participants' tables (never an image) and write the " +
        "tool scorecard, the cohort statistics (ICC, CCC, Bland–Altman) and report.html, naming every image left out." + OUTPUTS,
    )
    .addArgument(new Argument("<bids_dir>", "the BIDS dataset (read only)"))
    .addArgument(new Argument("<output_dir>", "the derivatives dataset to write (may be BIDS_DIR/derivatives/<name>)"))
    .addArgument(new Argument("<analysis_level>", "participant: each participant's images; group: the cohort").choices(["participant", "group"]));
  addSettingsOptions(command, ["modality", "fills", "defacing", "normalisation", "features", "cohort"])
    .option("--participant-label <label...>", "only these participants (labels without sub-, space-separated)")
    .option("--session-label <label...>", "only these sessions (labels without ses-)")
    .addOption(new Option("--roi-dir <dir>", "the ROI masks: a folder laid out as the dataset, sub-<l>/[ses-<l>/]anat/").default(undefined, "BIDS_DIR/derivatives/roi"))
    .option("--roi-desc <desc>", "the ROI mask of an image is its entities + _desc-<DESC>_mask.nii[.gz]", "roi")
    .option("--suffix <list>", "anatomical suffixes, in order of preference: per session the first with images is analysed", commaList, ["T1w", "T2w", "CT"])
    .option("--skip-bids-validation", "skip the structural check of BIDS_DIR (dataset_description.json, sub-<label> folders)")
    .option("--force", "participant: analyse finished images again; group: write into an OUTPUT_DIR/group/ that holds other files")
    .option("--estimate-memory", "participant: print each participant's memory estimate (TSV, from the image headers) and exit")
    .addOption(threadsOption())
    .addOption(quietOption());
  addExamples(command, EXAMPLES, "a BIDS dataset bids/ with ROI masks in bids/derivatives/roi/");
  command.action(async (bidsDir: string, outputDir: string, level: "participant" | "group", opts, cmd: Command) => {
      const settings = commandSettings(cmd, {}, { defacing: { defacer: "shear" }, output: { renders: false } });
      if (!settings) return;
      const args: BidsArgs = {
        bidsDir,
        outDir: outputDir,
        roiDir: opts.roiDir,
        roiDesc: opts.roiDesc,
        suffixes: opts.suffix,
        participants: opts.participantLabel,
        sessions: opts.sessionLabel,
        skipBidsValidation: Boolean(opts.skipBidsValidation),
        force: Boolean(opts.force),
      };
      if (opts.estimateMemory) {
        const ctx = bidsContext(settings, args, opts.settings);
        process.stdout.write(toTsv(memoryPlan(planParticipants(ctx.layout), opts.threads), MEMORY_COLUMNS));
        return;
      }
      let bar = progressBar("features", opts.quiet);
      const hooks: BidsHooks = {
        threads: opts.threads,
        warn,
        log: (line) => {
          if (opts.quiet) return;
          bar.stop();
          bar = progressBar("features", opts.quiet);
          process.stderr.write(`bids ${level}: ${line}\n`);
        },
        error: (line) => process.stderr.write(`deface-impact: error: ${line}\n`),
        onProgress: (done, total) => bar.update(done, total),
        settingsFile: opts.settings,
      };
      try {
        if (level === "participant") {
          const r = await executeParticipant(settings, args, hooks);
          bar.stop();
          const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
          process.stdout.write(
            `bids participant: ${r.analysed} image${r.analysed === 1 ? "" : "s"} analysed, ${r.skipped} skipped (finished earlier), ${r.failed} failed ` +
              `(${r.statuses.length} participant${r.statuses.length === 1 ? "" : "s"}); peak memory ${peakMb} MB\n`,
          );
          process.exitCode = r.exitCode;
        } else {
          const { report, dir } = await executeGroup(settings, args, hooks);
          bar.stop();
          process.stdout.write(
            `wrote ${dir}/: ${report.subjects.length} subjects x ${report.tools.length} tools, ${report.cohort.stats.length} cohort statistics, ` +
              `${report.left_out?.length ?? 0} left out (cohort_stats.tsv, scorecard.tsv, features.tsv, shifts.tsv, subjects.tsv, report.json, report.md, report.html)\n`,
          );
        }
      } finally {
        bar.stop();
      }
    });
}
