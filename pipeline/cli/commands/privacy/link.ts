import type { Command } from "commander";
import { usageError } from "../../../../analysis/core/errors.js";
import { DEFAULT_LINK_COLUMNS, linkageAttack, MATCH_COUNT_CAP, type LinkColumns } from "../../../../analysis/privacy/linkage.js";
import { addExamples } from "../../help.js";
import { nonNegativeNumber } from "../../options.js";
import { refuseOutputOverInputs } from "../../../report/outputGuard.js";
import { percent, probability, readInputTable, writeJsonOutput } from "./shared.js";

/**
 * --columns sex=gender,age=age_years: the same mapping on both sides; release.X=... or registry.X=...
 * for one side only.
 */
export function parseColumnMapping(text: string | undefined): { release: LinkColumns; registry: LinkColumns } {
  const release = { ...DEFAULT_LINK_COLUMNS };
  const registry = { ...DEFAULT_LINK_COLUMNS };
  for (const part of (text ?? "").split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^(?:(release|registry)\.)?(sex|age|date|institution)=(.+)$/.exec(part);
    if (!m) throw usageError(`--columns "${part}": expected ROLE=COLUMN (roles sex, age, date, institution; prefix release. or registry. for one side)`);
    const role = m[2] as keyof LinkColumns;
    if (m[1] !== "registry") release[role] = m[3].trim();
    if (m[1] !== "release") registry[role] = m[3].trim();
  }
  return { release, registry };
}

export function registerPrivacyLink(privacy: Command): void {
  const cmd = privacy
    .command("link")
    .summary("linkage attack of a released table on a public registry")
    .description(
      "Linkage attack of a released table on a public registry: a released record's candidates are the registry records of the same sex, with " +
        "|age difference| ≤ --age-tol, |date difference| ≤ --date-tol days and institution names of normalised Levenshtein similarity " +
        "1 − lev(a,b)/max(|a|,|b|) ≥ --inst-sim; the record is re-identified when exactly one candidate remains. Generalised releases (age bands, " +
        "months, '*') are attacked as such. Blocked by sex and age, windowed by date: 100 000 × 100 000 records take seconds.",
    )
    .requiredOption("--release <file>", "the released table (CSV/TSV): columns sex, age, date (ISO), institution")
    .requiredOption("--registry <file>", "the public registry (CSV/TSV) with the same columns (exact values)")
    .option("--age-tol <years>", "δa: largest age difference, years", nonNegativeNumber, 2)
    .option("--date-tol <days>", "δt: largest date difference, days", nonNegativeNumber, 7)
    .option("--inst-sim <theta>", "θ: smallest institution-name similarity, 0 … 1", probability, 0.9)
    .option("--truth <column>", "a column in both tables naming the person: counts correct re-identifications")
    .option("--columns <mapping>", "other column names: sex=gender,age=age_years,date=scan_date,institution=hospital (release.X= or registry.X= for one side)")
    .option("--json <file>", "write {records, reidentified, correct, rate, rows: per released record}");
  addExamples(cmd, [
    { comment: "how many records of `privacy anonymise`'s output a public registry (sex, age, date, institution) re-identifies", line: "deface-impact privacy link --release released.csv --registry registry.csv --columns institution=site,date=study_date --json link.json" },
    { comment: "a stricter attacker: ages within a year, same day, near-identical institution names", line: "deface-impact privacy link --release released.csv --registry registry.csv --columns institution=site,date=study_date --age-tol 1 --date-tol 0 --inst-sim 0.95" },
  ]);
  cmd.action((opts) => {
      const columns = parseColumnMapping(opts.columns);
      if (opts.json) refuseOutputOverInputs(opts.json, { command: "privacy link", inputs: [opts.release, opts.registry] });
      const release = readInputTable(opts.release, {});
      const registry = readInputTable(opts.registry, {});
      const started = Date.now();
      const result = linkageAttack(release, registry, {
        releaseColumns: columns.release,
        registryColumns: columns.registry,
        ageTolerance: opts.ageTol,
        dateTolerance: opts.dateTol,
        institutionSimilarity: opts.instSim,
        truth: opts.truth,
      });
      if (opts.json) writeJsonOutput(opts.json, result, "privacy link", [opts.release, opts.registry]);
      const out = (line: string) => process.stdout.write(line + "\n");
      const ambiguous = result.rows.filter((r) => r.matches > 1).length;
      const none = result.rows.filter((r) => r.matches === 0).length;
      out(`linkage attack of ${opts.release} (${result.records} records) on ${opts.registry} (${registry.rows} records) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      out(`  tolerances: age ±${opts.ageTol} years, date ±${opts.dateTol} days, institution similarity ≥ ${opts.instSim}`);
      out(`  re-identified (exactly one candidate): ${result.reidentified} (${percent(result.rate)})`);
      if (result.correct !== null) out(`  correct re-identifications (${opts.truth}): ${result.correct} (${percent(result.correct / result.records)})`);
      out(`  ambiguous (2 or more candidates, counted up to ${MATCH_COUNT_CAP}): ${ambiguous}; no candidate: ${none}`);
      if (opts.json) out(`wrote ${opts.json}`);
    });
}
