import { type Command, Option } from "commander";
import { usageError } from "../../../../analysis/core/errors.js";
import { anonymise } from "../../../../analysis/privacy/anonymise.js";
import { Pseudonymiser } from "../../../../analysis/privacy/pseudonym/pseudonym.js";
import { pseudonymiseColumns } from "../../../../analysis/privacy/pseudonym/pseudonymiseTable.js";
import type { LForm } from "../../../../analysis/privacy/releaseCheck.js";
import { column, dropColumns } from "../../../../analysis/privacy/table.js";
import { readKey } from "../../../privacy/keyFile.js";
import { writeTableCsv } from "../../../privacy/writeTable.js";
import { refuseOutputOverInputs } from "../../../report/outputGuard.js";
import { quietOption } from "../../commonOptions.js";
import { addExamples } from "../../help.js";
import { commaList, positiveInt, positiveNumber } from "../../options.js";
import { progressBar } from "../../progress.js";
import { addFeatureTableOptions, percent, probability, readInputTable, round, writeJsonOutput } from "./shared.js";

/** ID columns pseudonymised (with --pseudonym-key) or refused (without) when --id-columns is not given. */
export const DEFAULT_ID_COLUMNS = ["PatientID", "patient_id", "subject"];

export function registerPrivacyAnonymise(privacy: Command): void {
  const cmd = privacy
    .command("anonymise")
    .summary("generalise and suppress to meet k/ℓ/t with the least information loss; pseudonymise IDs")
    .description(
      "Full-domain generalisation plus record suppression: every quasi-identifier is generalised to one level of its hierarchy (age bands, " +
        "date → week/month/quarter/year, site → region …; numeric columns get automatic bands), and the records of classes that still miss a model " +
        "are removed, up to --max-suppression. The whole generalisation lattice is searched (exact branch and bound) for the node with the least " +
        "information loss (Iyengar's loss metric, 0 … 1) that meets every requested model. ID columns are replaced by keyed pseudonyms " +
        "(--pseudonym-key) or must be dropped.",
    )
    .requiredOption("--table <file>", "CSV, TSV or features.csv to release")
    .addOption(new Option("--quasi <list>", "quasi-identifier columns, comma-separated").argParser(commaList).default(undefined, "the columns of --hierarchies"))
    .option("--hierarchies <file>", "YAML: per quasi-identifier { intervals: [5, 10, 20] }, { date: [month, year] } or a list of value maps")
    .requiredOption("--k <k>", "every released class has at least k records", positiveInt)
    .option("--sensitive <column>", "the sensitive attribute (for --l and --t, and reported)")
    .option("--l <l>", "ℓ-diversity of every released class (of --l-form)", positiveNumber)
    .option("--l-form <form>", "distinct | entropy | recursive", "distinct")
    .option("--c <c>", "c of recursive (c,ℓ)-diversity", positiveNumber, 2)
    .option("--t <t>", "t-closeness of every released class (TVD, or ordered EMD for --numeric)", probability)
    .option("--numeric <list>", "numeric columns (automatic bands; ordered EMD for the sensitive attribute)", commaList, [])
    .option("--max-suppression <share>", "largest share of records that may be removed, 0 … 1", probability, 0.05)
    .requiredOption("--out <file>", "the released table (CSV, written atomically)")
    .option("--report <file>", "also write what was generalised and suppressed, and the utility lost, as JSON")
    .option("--pseudonym-key <file>", "key file (privacy keygen): replace the ID columns by FF1 pseudonyms")
    .addOption(new Option("--id-columns <list>", "ID columns to pseudonymise").argParser(commaList).default(undefined, `those of ${DEFAULT_ID_COLUMNS.join(", ")} present`))
    .option("--drop <list>", "columns left out of the release (direct identifiers you do not need)", commaList, [])
    .addOption(quietOption());
  addExamples(addFeatureTableOptions(cmd), [
    {
      comment: "k = 5 and 2-diverse grades with your hierarchies, PatientID replaced by its pseudonym (key from `privacy keygen --out site.key`)",
      line: "deface-impact privacy anonymise --table cohort-clinical.csv --quasi age,sex,site,study_date --sensitive grade --hierarchies hierarchies.yaml --k 5 --l 2 --pseudonym-key site.key --id-columns PatientID --out released.csv --report released.json",
    },
    { comment: "automatic age bands, the direct identifiers dropped instead", line: "deface-impact privacy anonymise --table cohort-clinical.csv --quasi age,sex --numeric age --k 3 --drop PatientID --out released_k3.csv" },
  ])
    .action(async (opts) => {
      const lForm = opts.lForm as LForm;
      if (!["distinct", "entropy", "recursive"].includes(lForm)) throw usageError("--l-form must be distinct, entropy or recursive");
      const inputs = [opts.table, opts.hierarchies, opts.pseudonymKey];
      refuseOutputOverInputs(opts.out, { command: "privacy anonymise", inputs });
      if (opts.report) refuseOutputOverInputs(opts.report, { command: "privacy anonymise", inputs });
      // everything is read and checked before any work: a bad key or hierarchy fails first
      const key = opts.pseudonymKey ? readKey(opts.pseudonymKey) : undefined;
      // zod and yaml load only when a hierarchies file is given (the other subcommands start faster)
      const hierarchies = opts.hierarchies ? (await import("../../../privacy/hierarchyFile.js")).readHierarchies(opts.hierarchies) : undefined;
      const quasi: string[] = opts.quasi ?? Object.keys(hierarchies ?? {});
      if (quasi.length === 0) throw usageError("name the quasi-identifiers: --quasi age,sex,... (or give --hierarchies with one entry per quasi-identifier)");
      let table = readInputTable(opts.table, opts);
      const idColumns: string[] = opts.idColumns ?? DEFAULT_ID_COLUMNS.filter((c) => table.names.includes(c) && !opts.drop.includes(c));
      for (const id of idColumns) {
        column(table, id, "ID column");
        if (quasi.includes(id) || id === opts.sensitive) throw usageError(`"${id}" cannot be both an ID column and a quasi-identifier or the sensitive attribute`);
      }
      if (!key && idColumns.length) {
        throw usageError(`the table has the ID column(s) ${idColumns.join(", ")}: give --pseudonym-key KEY to replace them by pseudonyms, or --drop ${idColumns.join(",")}`);
      }
      table = dropColumns(table, opts.drop);
      const bar = progressBar("lattice nodes", opts.quiet);
      let result;
      try {
        result = anonymise(table, {
          quasi,
          hierarchies,
          numeric: opts.numeric,
          sensitive: opts.sensitive,
          k: opts.k,
          l: opts.l,
          lForm,
          c: opts.c,
          t: opts.t,
          maxSuppression: opts.maxSuppression,
          onProgress: (done, total) => bar.update(done, total),
        });
      } finally {
        bar.stop();
      }
      const released = key ? pseudonymiseColumns(result.released, idColumns, new Pseudonymiser(key)) : result.released;
      writeTableCsv(opts.out, released);
      const { released: _table, ...report } = result;
      if (opts.report) writeJsonOutput(opts.report, { ...report, loss_metric: "Iyengar loss metric (LM), 0 … 1", pseudonymised_columns: key ? idColumns : [], dropped_columns: opts.drop }, "privacy anonymise", inputs);
      const out = (line: string) => process.stdout.write(line + "\n");
      out(`wrote ${opts.out}: ${result.records - result.suppressed} of ${result.records} records in ${result.classes} classes`);
      for (const c of result.columns) out(`  ${c.column}: level ${c.level} of ${c.levels} (${c.name})`);
      out(`  suppressed: ${result.suppressed} records (${percent(result.suppressed / result.records)}, limit ${percent(opts.maxSuppression)})`);
      out(`  information loss: ${percent(result.loss)} (Iyengar's loss metric over ${quasi.length} quasi-identifiers; suppressed records count fully); discernibility ${result.discernibility}`);
      const a = result.achieved;
      out(`  achieved: k = ${a.k}` + (a.l_distinct !== null ? `, ℓ distinct ${a.l_distinct} / entropy ${round(a.l_entropy)} / recursive ${a.l_recursive}, t = ${round(a.t)}` : ""));
      out(`  lattice: ${result.lattice.nodes} nodes, ${result.lattice.evaluated} evaluated, ${result.lattice.pruned_by_bound} pruned by the loss bound`);
      if (key) out(`  pseudonymised: ${idColumns.join(", ") || "no ID columns"} (FF1-AES-256)`);
      if (opts.report) out(`wrote ${opts.report}`);
    });
}
