import type { Command } from "commander";
import { COMPARE_REQUIRED, executeCompare } from "../../compare/executeCompare.js";
import { compareTerminalSummary } from "../../compare/terminalSummary.js";
import { forceOption, outDirOption, quietOption, threadsOption } from "../commonOptions.js";
import { addExamples } from "../help.js";
import { folderName, progressBar, warn } from "../progress.js";
import { addSettingsOptions, commandSettings } from "../settingsOptions.js";

export function registerCompare(program: Command): void {
  const command = program
    .command("compare")
    .description(
      "Compare defacing tools over a cohort: every manifest row (subject) through the same defacing, normalisation and feature " +
        "pipeline as `run`; writes a scorecard per tool (residual face, brain intrusion, features shifted by more than 1 % and 5 % per " +
        "normalisation, the worst feature) and, with 3 or more subjects, ICC(A,1), Lin's CCC (95 % CI) and Bland–Altman limits per feature " +
        "(features.csv, shifts.csv, scorecard.csv, cohort_stats.csv, report.json, report.md, report.html).",
    );
  addSettingsOptions(command, ["manifest", "modality", "defacing", "normalisation", "features", "cohort"], { required: COMPARE_REQUIRED })
    .addOption(outDirOption("compare"))
    .addOption(forceOption())
    .addOption(threadsOption())
    .addOption(quietOption());
  addExamples(
    command,
    [
      { comment: "every tool of the manifest over every subject: scorecard, and ICC/CCC from 3 subjects", line: "deface-impact compare --manifest cohort.csv --out comparison/" },
      {
        comment: "two normalisations, a laxer robustness threshold",
        line: "deface-impact compare --manifest cohort.csv --normalisations zscore-global,zscore-unmasked --robust-icc 0.75 --out comparison_icc/",
      },
    ],
    "cohort.csv: subject,image,roi,face_mask and one column per tool, e.g. mask-min with cells builtin:mask:min; see the README",
  );
  command.action(async (opts, cmd: Command) => {
      const settings = commandSettings(cmd, { output: { dir: opts.out, force: opts.force } });
      if (!settings) return;
      let bar = progressBar("features", opts.quiet);
      try {
        const { report, shifts } = await executeCompare(settings, {
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
          settingsFile: opts.settings,
        });
        bar.stop();
        for (const line of compareTerminalSummary(report)) process.stdout.write(`${line}\n`);
        process.stdout.write(
          `wrote ${folderName(settings.output.dir!)}: ${report.subjects.length} subjects x ${report.tools.length} tools, ${shifts.length} shifts, ` +
            `${report.cohort.stats.length} cohort statistics (features.csv, shifts.csv, scorecard.csv, cohort_stats.csv, report.json, report.md, report.html)\n`,
        );
      } finally {
        bar.stop();
      }
    });
}
