import { type Command, InvalidArgumentError, Option } from "commander";
import { executeRegress } from "../../regress/executeRegress.js";
import { DEFAULT_TOLERANCE } from "../../regress/tolerances.js";
import { quietOption, threadsOption } from "../commonOptions.js";
import { addExamples } from "../help.js";
import { commaList, positiveInt } from "../options.js";
import { progressBar, warn } from "../progress.js";
import { refuseOutputOverInputs } from "../../report/outputGuard.js";
import { REGRESS_BASE_SETTINGS } from "../../regress/suite.js";
import { addSettingsOptions, commandSettings } from "../settingsOptions.js";

function seed(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new InvalidArgumentError("expected an integer in 0..4294967295");
  return n;
}

function details(value: string): number {
  if (value === "all") return Infinity;
  return positiveInt(value);
}

export function registerRegress(program: Command): void {
  const command = program
    .command("regress")
    .description(
      "Regression test for CI: run a fixed suite (the CT and MR head phantoms, the IBSI digital phantom, the standard fills, " +
        "normalisations and feature configurations) or your own reference images, and compare every feature value and " +
        "every shift with a baseline. Exit 0 when all are within tolerance, 1 otherwise (drifted features are listed, " +
        "grouped by family and normalisation). Tolerances live in the baseline file: |new − baseline| ≤ abs + rel·scale (in the feature's unit), " +
        `default abs ${DEFAULT_TOLERANCE.abs} and rel ${DEFAULT_TOLERANCE.rel}, with overrides per feature code, family, normalisation, …. ` +
        "The suite runs under the settings; the baseline records them and says when they differ.",
    );
  addSettingsOptions(command, ["modality", "fills", "defacing", "normalisation", "features"], { base: REGRESS_BASE_SETTINGS })
    .option(
      "--suite <phantoms|file>",
      "phantoms (built in: CT and MR head phantoms of 96³ voxels of 2 mm, and the IBSI digital phantom), or the manifest CSV " +
        "of compare --manifest: subject,image,roi[,brain_mask,head_mask,face_mask] plus one column per tool (another tool's " +
        "defaced image, or builtin:mask[:FILL] / builtin:shear[:FILL]); paths relative to the CSV",
      "phantoms",
    )
    .addOption(new Option("--baseline <file>", "baseline JSON (required with a manifest suite)").default(undefined, "for --suite phantoms, the one shipped in fixtures/regression-baseline.json"))
    .option("--update-baseline", "write a new baseline from this run instead of comparing (keeps the file's tolerances)")
    .addOption(new Option("--phantom-seed <n>", "seed of the CT and MR phantoms").argParser(seed).default(undefined, "the baseline's, else 1"))
    .addOption(new Option("--subjects <list>", "only these subjects, comma-separated").argParser(commaList).default(undefined, "the baseline's selection, else all"))
    .option("--junit <file>", "also write JUnit XML: one test case per feature family and normalisation")
    .option("--details <n|all>", "drifted features listed per family x normalisation group", details, 5)
    .addOption(threadsOption())
    .addOption(quietOption());
  addExamples(command, [
    { comment: "the built-in phantom suite against the baseline shipped in fixtures/", line: "deface-impact regress" },
    { comment: "the same, with JUnit XML for CI: one test case per family x normalisation", line: "deface-impact regress --junit regress.xml" },
    { comment: "record a baseline of your own images (a compare manifest); later runs without --update-baseline check against it", line: "deface-impact regress --suite cohort.csv --baseline mine.json --update-baseline" },
  ]);
  command.action(async (opts, cmd: Command) => {
      const settings = commandSettings(cmd, {}, REGRESS_BASE_SETTINGS);
      if (!settings) return;
      // The JUnit report may not overwrite the suite's manifest or the baseline it is checked against.
      if (opts.junit) refuseOutputOverInputs(opts.junit, { command: "regress", inputs: [opts.baseline, opts.settings, opts.suite === "phantoms" ? undefined : opts.suite] });
      let bar = progressBar("", true);
      // the report follows the suite: end the bar first so lines do not land on it
      const out = (line: string) => {
        bar.stop();
        process.stdout.write(line + "\n");
      };
      try {
        await executeRegress(
          {
            settings,
            suite: opts.suite,
            baseline: opts.baseline,
            updateBaseline: opts.updateBaseline === true,
            phantomSeed: opts.phantomSeed,
            subjects: opts.subjects,
            junit: opts.junit,
            details: opts.details,
          },
          {
            threads: opts.threads,
            warn,
            out,
            onSubject: (subject, i, n) => {
              bar.stop();
              bar = progressBar(`${subject} (${i + 1}/${n})`, opts.quiet);
            },
            onProgress: (done, total) => bar.update(done, total),
          },
        );
      } finally {
        bar.stop();
      }
    });
}
