import type { Command } from "commander";
import { DefaceImpactError, usageError } from "../../../../analysis/core/errors.js";
import { admit, newLedger } from "../../../../analysis/privacy/dp/ledger.js";
import { answerQueries, checkQueries, parseQuery, type Mechanism } from "../../../../analysis/privacy/dp/queries.js";
import { compare, formatRational, parseDecimal, rational, type Rational } from "../../../../analysis/privacy/dp/rational.js";
import { cryptoSource } from "../../../privacy/cryptoRandom.js";
import { readLedger, withLedgerLock, writeLedger } from "../../../privacy/ledgerFile.js";
import { hashInput } from "../../../report/provenance.js";
import { refuseOutputOverInputs } from "../../../report/outputGuard.js";
import { addExamples } from "../../help.js";
import { collect } from "../../options.js";
import { addFeatureTableOptions, jsonText, readInputTable } from "./shared.js";

const positiveRational = (text: string, what: string): Rational => {
  const r = parseDecimal(text, what);
  if (r.num <= 0n) throw usageError(`${what} must be > 0 (got ${text})`);
  return r;
};

/** --budget EPS or EPS,DELTA */
function parseBudget(text: string): { epsilon: Rational; delta: Rational } {
  const [eps, delta] = text.split(",");
  const budget = { epsilon: positiveRational(eps, "--budget ε"), delta: delta === undefined ? rational(0n) : parseDecimal(delta, "--budget δ") };
  if (budget.delta.num < 0n || compare(budget.delta, rational(1n)) >= 0) throw usageError("--budget δ must lie in [0, 1)");
  return budget;
}

export function registerPrivacyRelease(privacy: Command): void {
  const cmd = privacy
    .command("release")
    .summary("differentially private count, mean and histogram answers, under a budget ledger")
    .description(
      "Differentially private answers (add/remove-one neighbours): counts, means of clamped values (noisy sum / noisy count) and histograms, " +
        "with the sensitivity fixed by the declared bounds. Noise comes from exact discrete samplers (discrete Laplace, or discrete Gaussian " +
        "calibrated through zCDP; Canonne, Kamath & Steinke 2020) driven by the operating system's cryptographic generator, in exact rational " +
        "arithmetic (no Math.random, no floating-point inversion). The budget is split equally over the queries. With --ledger, every release " +
        "is recorded and one that would pass --budget is refused (exit 1, nothing released, the ledger unchanged).",
    )
    .requiredOption("--table <file>", "CSV, TSV or features.csv (one row per subject)")
    .requiredOption("--query <q>", "count | mean:COLUMN:LO:HI | histogram:COLUMN:E0,E1,... (repeatable)", collect)
    .requiredOption("--epsilon <e>", "total ε of this release (> 0)")
    .option("--delta <d>", "total δ of this release (Gaussian mechanism)")
    .option("--mechanism <m>", "laplace (pure ε) | gaussian (needs --delta)", "laplace")
    .option("--ledger <file>", "privacy ledger (JSON): records every release, refuses one over the budget")
    .option("--budget <total>", "total budget of the ledger: EPS or EPS,DELTA (needed to start a ledger; must match an existing one)");
  addExamples(addFeatureTableOptions(cmd), [
    {
      comment: "a count, a mean and a histogram of a cohort table at ε = 0.5, recorded in a ledger of total budget ε = 2",
      line: "deface-impact privacy release --table cohort-clinical.csv --query count --query mean:age:0:100 --query histogram:age:0,40,60,80,120 --epsilon 0.5 --ledger ledger.json --budget 2",
    },
    { comment: "the mean ROI volume (mm³) over the subjects of a features.csv, Gaussian noise", line: "deface-impact privacy release --table features.csv --query mean:RNU0.nodisc.DHQ4:0:200000 --epsilon 1 --delta 1e-6 --mechanism gaussian" },
  ])
    .action((opts) => {
      const mechanism = opts.mechanism as Mechanism;
      if (mechanism !== "laplace" && mechanism !== "gaussian") throw usageError("--mechanism must be laplace or gaussian");
      const epsilon = positiveRational(opts.epsilon, "--epsilon");
      const delta = opts.delta === undefined ? rational(0n) : parseDecimal(opts.delta, "--delta");
      if (mechanism === "gaussian" && !(delta.num > 0n && compare(delta, rational(1n)) < 0)) throw usageError("--mechanism gaussian needs 0 < --delta < 1");
      if (mechanism === "laplace" && delta.num !== 0n) throw usageError("the Laplace mechanism is pure ε-DP: leave --delta out, or use --mechanism gaussian");
      if (opts.budget && !opts.ledger) throw usageError("--budget belongs to a ledger: give --ledger FILE");
      const budget = opts.budget ? parseBudget(opts.budget) : undefined;
      const queries = (opts.query as string[]).map(parseQuery);
      const table = readInputTable(opts.table, opts);
      checkQueries(table, queries);
      const release = () => answerQueries(table, queries, { epsilon, delta, mechanism }, cryptoSource());
      if (!opts.ledger) {
        process.stdout.write(jsonText(release()));
        return;
      }
      refuseOutputOverInputs(opts.ledger, { command: "privacy release", inputs: [opts.table] });
      const answers = withLedgerLock(opts.ledger, () => {
        const existing = readLedger(opts.ledger);
        if (!existing && !budget) throw usageError(`${opts.ledger} does not exist yet: give --budget to start it`);
        const ledger = existing ?? newLedger(budget!.epsilon, budget!.delta);
        if (existing && budget) {
          const same = formatRational(budget.epsilon) === existing.budget.epsilon && formatRational(budget.delta) === existing.budget.delta;
          if (!same) throw usageError(`${opts.ledger} was started with the budget ε ${existing.budget.epsilon}, δ ${existing.budget.delta}; --budget ${opts.budget} differs (a budget is not changed mid-way)`);
        }
        const verdict = admit(ledger, epsilon, delta);
        if (!verdict.ok) throw new DefaceImpactError("check", `release refused: ${verdict.reason}; nothing was released and the ledger is unchanged`, opts.ledger);
        const result = release();
        ledger.releases.push({
          time: new Date().toISOString(),
          table: opts.table,
          table_sha256: hashInput("table", opts.table).sha256,
          mechanism,
          epsilon: formatRational(epsilon),
          delta: formatRational(delta),
          queries: queries.map((q) => q.text),
          answers: result.answers,
        });
        writeLedger(opts.ledger, ledger);
        return result;
      });
      process.stdout.write(jsonText(answers));
    });
}
