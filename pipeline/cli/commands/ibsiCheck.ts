import type { Command } from "commander";
import { DefaceImpactError, usageError } from "../../../analysis/core/errors.js";
import { diagnosticTable, IBSI_CONFIGS, mismatchLines, runIbsiCheck, summaryLine } from "../../validate/ibsiCheck.js";
import { quietOption } from "../commonOptions.js";
import { addDeprecatedAlias } from "../deprecated.js";
import { addExamples } from "../help.js";
import { commaList } from "../options.js";

export function registerIbsiCheck(program: Command): void {
  const command = program
    .command("ibsi-check")
    .description(
      "Verify this installation against the IBSI 1 reference values: runs the digital phantom and the CT phantom " +
        "configurations A-E (resampling in mm, intensities in HU), prints matched/total per configuration, every " +
        "mismatch and the diagnostic values next to their references. Exits 0 only when everything matches, 1 otherwise.",
    )
    .requiredOption(
      "--data <dir>",
      "IBSI data folder: reference_values.csv, digital_phantom/{image,mask}.nii.gz, ct_phantom/nifti/{image,mask}.nii.gz (or its parent)",
    )
    .option("--ibsi-configs <list>", `only these IBSI configurations (${IBSI_CONFIGS.join(", ")})`, commaList)
    .addOption(quietOption());
  addDeprecatedAlias(command, "--configs <list>", "--ibsi-configs", commaList);
  addExamples(
    command,
    [
      { comment: "every IBSI 1 configuration: the digital phantom and the CT phantom's A–E", line: "deface-impact ibsi-check --data ibsi/" },
      { comment: "the digital phantom and configuration C only", line: "deface-impact ibsi-check --data ibsi/ --ibsi-configs digital,C" },
    ],
    "ibsi/: the IBSI 1 data sets laid out as the README says",
  );
  command.action((opts) => {
      const only = opts.ibsiConfigs as string[] | undefined;
      const unknown = only?.filter((c) => !(IBSI_CONFIGS as readonly string[]).includes(c));
      if (unknown?.length) throw usageError(`unknown configuration(s) ${unknown.join(", ")}: choose from ${IBSI_CONFIGS.join(", ")}`);
      const out = (line: string) => process.stdout.write(line + "\n");
      const progress = opts.quiet ? () => {} : (line: string) => process.stderr.write(`ibsi-check: ${line}\n`);
      const result = runIbsiCheck(opts.data, progress, only);
      out("");
      out("IBSI 1 reference values");
      for (const c of result.configs) out(summaryLine(c));
      const mismatches = result.configs.flatMap(mismatchLines);
      if (mismatches.length) {
        out("");
        out(`mismatches (${mismatches.length}): feature [aggregation]: value, reference ± tolerance`);
        mismatches.forEach((l) => out(l));
      }
      const table = diagnosticTable(result.configs);
      if (table.length) {
        out("");
        out("diagnostics (✗ = outside tolerance)");
        table.forEach((l) => out(l));
      }
      if (!result.ok) {
        const features = result.configs.reduce((n, c) => n + c.features.filter((f) => !f.ok).length, 0);
        const diagnostics = result.configs.reduce((n, c) => n + c.diagnostics.filter((d) => !d.ok).length, 0);
        throw new DefaceImpactError("check", `IBSI check failed: ${features} feature value(s) and ${diagnostics} diagnostic(s) outside tolerance`);
      }
      out("");
      out("all IBSI reference values matched");
    });
}
