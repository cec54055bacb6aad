import type { Command } from "commander";
import { DefaceImpactError } from "../../../analysis/core/errors.js";
import { runValidation } from "../../validate/runValidation.js";
import { SECTIONS } from "../../validate/sections.js";
import { addExamples } from "../help.js";
import { commaList } from "../options.js";
import { addSettingsOptions, commandSettings } from "../settingsOptions.js";

export function registerValidate(program: Command): void {
  const command = program
    .command("validate")
    .description(
      "Check deface-impact against reference data laid out as ../shared/data (IBSI phantoms and reference values, real heads, DICOM). " +
        "Prints PASS/FAIL per check and the totals; exits 1 when any check fails. The real heads are defaced and analysed under " +
        "the settings (--settings, --preset, options); the IBSI checks always use the reference configurations.",
    );
  addSettingsOptions(command, ["fills", "defacing", "normalisation", "features"])
    .requiredOption("--data <dir>", "reference data folder (read only; outputs go to a temporary folder)")
    .option("--sections <list>", `run only these sections (${SECTIONS.map((s) => s.name).join(", ")})`, commaList)
    .option("--keep", "keep the temporary work folder (renders, defaced outputs) and print its path");
  addExamples(command, [
    { comment: "every section against the shared reference data", line: "deface-impact validate --data ../shared/data" },
    { comment: "the IBSI and DICOM sections only, keeping the work folder to look at", line: "deface-impact validate --data ../shared/data --sections ibsi,dicom --keep" },
  ]);
  command.action(async (opts, cmd: Command) => {
      const settings = commandSettings(cmd);
      if (!settings) return;
      const summary = await runValidation(opts.data, (line) => process.stdout.write(line + "\n"), { only: opts.sections, keepWorkDir: opts.keep === true, settings });
      process.stdout.write(`validate: ${summary.passed} passed, ${summary.failed} failed\n`);
      if (summary.failed > 0) throw new DefaceImpactError("check", `${summary.failed} validation check(s) failed`);
    });
}
