import type { Command } from "commander";
import { DefaceImpactError, usageError } from "../../../../analysis/core/errors.js";
import { checkRelease, describeViolation, type LForm } from "../../../../analysis/privacy/releaseCheck.js";
import { addExamples } from "../../help.js";
import { commaList, positiveInt, positiveNumber } from "../../options.js";
import { refuseOutputOverInputs } from "../../../report/outputGuard.js";
import { addFeatureTableOptions, percent, probability, readInputTable, round, writeJsonOutput } from "./shared.js";

const L_FORMS: LForm[] = ["distinct", "entropy", "recursive"];

export function registerPrivacyCheck(privacy: Command): void {
  const cmd = privacy
    .command("check")
    .summary("k-anonymity, ℓ-diversity, t-closeness and re-identification risk of a table; exit 1 below a threshold")
    .description(
      "Release check of a table: equivalence classes on the quasi-identifiers, k (smallest class), ℓ-diversity (distinct; entropy = exp of the " +
        "smallest class entropy, natural log; recursive (c,ℓ)), t-closeness of each class against the whole table (total variation distance for a " +
        "categorical sensitive attribute, the ordered earth mover's distance for a numeric one), re-identification risk (prosecutor, journalist " +
        "with --population, marketer) and the sample uniques. Exit 1 when a given threshold is not met, listing the offending classes.",
    )
    .requiredOption("--table <file>", "CSV, TSV, a features.csv (one row per subject) or a run/compare report.json")
    .requiredOption("--quasi <list>", "quasi-identifier columns, comma-separated (age,sex,site,study_date)", commaList)
    .option("--sensitive <column>", "the sensitive attribute (needed for ℓ and t)")
    .option("--numeric <list>", "numeric or ordinal columns: t of such a sensitive attribute is the ordered EMD", commaList, [])
    .option("--k <k>", "fail unless every class has at least k records", positiveInt)
    .option("--l <l>", "fail unless ℓ (of --l-form) is at least l", positiveNumber)
    .option("--l-form <form>", "which ℓ --l checks: distinct | entropy | recursive", "distinct")
    .option("--c <c>", "c of recursive (c,ℓ)-diversity", positiveNumber, 2)
    .option("--t <t>", "fail when a class's distance to the table's distribution exceeds t (0 … 1)", probability)
    .option("--population <file>", "population table with the same quasi-identifier columns: journalist and marketer risk")
    .option("--json <file>", "write the whole check as JSON (k, l_distinct, l_entropy, t, classes, risk)")
    .option("--details <n>", "offending classes listed per failed threshold", positiveInt, 10);
  addExamples(addFeatureTableOptions(cmd), [
    { comment: "k, ℓ and t of a cohort table against thresholds (exit 1 below one), the whole check as JSON", line: "deface-impact privacy check --table cohort-clinical.csv --quasi age,sex,site,study_date --sensitive grade --k 5 --l 2 --t 0.3 --json check.json" },
    { comment: "t-closeness of a numeric sensitive attribute (ordered EMD)", line: "deface-impact privacy check --table cohort-clinical.csv --quasi age,sex --sensitive tumour_volume --numeric tumour_volume --t 0.2" },
  ])
    .action((opts) => {
      if (!L_FORMS.includes(opts.lForm)) throw usageError(`--l-form must be one of ${L_FORMS.join(", ")}`);
      if (opts.json) refuseOutputOverInputs(opts.json, { command: "privacy check", inputs: [opts.table, opts.population] });
      const table = readInputTable(opts.table, opts);
      const population = opts.population ? readInputTable(opts.population, opts) : undefined;
      const check = checkRelease(table, {
        quasi: opts.quasi,
        sensitive: opts.sensitive,
        numeric: opts.numeric,
        c: opts.c,
        population,
        thresholds: { k: opts.k, l: opts.l, lForm: opts.lForm, t: opts.t },
      });
      if (opts.json) writeJsonOutput(opts.json, check, "privacy check", [opts.table, opts.population]);
      const out = (line: string) => process.stdout.write(line + "\n");
      out(`${opts.table}: ${check.records} records in ${check.classes.length} equivalence classes on ${check.quasi.join(", ")}`);
      out(`  k = ${check.k} (smallest class)`);
      if (check.sensitive !== null) {
        out(`  ℓ (${check.sensitive}): distinct ${check.l_distinct}, entropy ${round(check.l_entropy)}, recursive (c=${check.c}) ${check.l_recursive}`);
        out(`  t = ${round(check.t)} (${check.t_measure === "tvd" ? "total variation distance" : "ordered earth mover's distance"}, largest over classes)`);
      }
      const r = check.risk;
      out(`  re-identification risk: prosecutor max ${percent(r.prosecutor_max)}, average ${percent(r.prosecutor_avg)}; marketer ${percent(r.marketer)}` +
        (r.journalist_max !== null ? `; journalist max ${percent(r.journalist_max)}` : ""));
      out(`  sample uniques: ${r.uniques} records${r.population_uniques !== null ? ` (${r.population_uniques} also unique in the population)` : ""}`);
      if (opts.json) out(`wrote ${opts.json}`);
      if (check.violations.length) {
        for (const v of check.violations) {
          out(`FAILED ${v.message}:`);
          for (const line of describeViolation(v, opts.details)) out(line);
        }
        throw new DefaceImpactError("check", `release check failed: ${check.violations.map((v) => v.message.split(":")[0]).join("; ")}`);
      }
    });
}
