import type { Command } from "commander";
import { DefaceImpactError } from "../../../analysis/core/errors.js";
import { runValidation } from "../../validate/runValidation.js";
import { SECTIONS } from "../../validate/sections.js";
import { commaList } from "../options.js";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description(
      "Check deface-impact against reference data laid out as ../shared/data (IBSI phantoms and reference values, real heads, DICOM). " +
        "Prints PASS/FAIL per check and the totals; exits 1 when any check fails.",
    )
    .requiredOption("--data <dir>", "reference data folder (read only; outputs go to a temporary folder)")
    .option("--sections <list>", `run only these sections (${SECTIONS.map((s) => s.name).join(", ")})`, commaList)
    .option("--keep", "keep the temporary work folder (renders, defaced outputs) and print its path", false)
    .action(async (opts) => {
      const summary = await runValidation(opts.data, (line) => process.stdout.write(line + "\n"), opts.sections, opts.keep);
      process.stdout.write(`validate: ${summary.passed} passed, ${summary.failed} failed\n`);
      if (summary.failed > 0) throw new DefaceImpactError("check", `${summary.failed} validation check(s) failed`);
    });
}
