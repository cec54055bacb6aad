import { DefaceImpactError } from "../../analysis/core/errors.js";
import { anonymise, type AnonymiseResult } from "../../analysis/privacy/anonymise.js";
import { answerQueries, parseQuery, type ReleaseAnswers } from "../../analysis/privacy/dp/queries.js";
import { seededSource } from "../../analysis/privacy/dp/randomSource.js";
import { parseDecimal, rational } from "../../analysis/privacy/dp/rational.js";
import { DEFAULT_LINK_COLUMNS, linkageAttack } from "../../analysis/privacy/linkage.js";
import { checkRelease } from "../../analysis/privacy/releaseCheck.js";
import { column, makeTable, type DataTable } from "../../analysis/privacy/table.js";
import type { FeatureRow } from "../../analysis/impact/featureRow.js";
import { syntheticRegistry, syntheticRelease } from "../../fixtures/privacy/syntheticPeople.js";
import type { ReportAppendix } from "../compare/compareReport.js";

/**
 * The demo's release check of a cohort table: what `privacy check`, `privacy anonymise`, `privacy
 * link` and `privacy release` say about it, as a section of the cohort report. The phantoms have no
 * demographics, so each subject gets a person drawn from a synthetic public registry (seeded): sex,
 * age, scan date and institution are the quasi-identifiers, a tumour grade the sensitive attribute,
 * and the table carries two features of the original image.
 */
export interface CohortReleaseOptions {
  seed: number;
  /** the cohort's intensity unit (HU for CT): the declared bounds of the DP mean intensity. */
  intensityUnit: string;
}

const QUASI = ["sex", "age", "date", "institution"];
const REGISTRY_SIZE = 20_000;
const EPSILON = "1";
const LINK = { ageTolerance: 2, dateTolerance: 7, institutionSimilarity: 0.9 };
/** Bounds declared before looking at the data: ROI volume in mm³, mean intensity per unit. */
const VOLUME_BOUNDS: [number, number] = [0, 20_000];
const intensityBounds = (unit: string): [number, number] => (unit === "HU" ? [-200, 300] : [0, 2000]);

interface TableSummary {
  records: number;
  classes: number;
  k: number;
  l_distinct: number | null;
  l_entropy: number | null;
  t: number | null;
  prosecutor_max: number;
  linkage: { records: number; reidentified: number; correct: number | null; rate: number };
}

/** The section under `release_check` in report.json. */
export interface CohortRelease {
  note: string;
  quasi_identifiers: string[];
  sensitive: string;
  registry_records: number;
  linkage_tolerances: { age_years: number; date_days: number; institution_similarity: number };
  as_collected: TableSummary;
  anonymised: { error: string } | (TableSummary & { generalisation: AnonymiseResult["columns"]; suppressed: number; loss: number });
  dp_means: ReleaseAnswers;
}

/** One row per subject: its synthetic person, grade, and the original image's ROI volume and mean intensity. */
function cohortTable(features: readonly FeatureRow[], subjects: readonly string[], registry: DataTable, seed: number): DataTable {
  const people = syntheticRelease(registry, { n: subjects.length, seed });
  const value = (subject: string, code: string) =>
    features.find((f) => f.subject === subject && f.condition === "original" && f.normalization === "none" && f.config === "nodisc" && f.ibsi_code === code)?.value;
  const names = ["subject", "person_id", ...QUASI, "grade", "volume_mm3", "mean_intensity"];
  const cols = [
    [...subjects],
    ...["person_id", ...QUASI, "grade"].map((n) => column(people, n)),
    subjects.map((s) => String(value(s, "RNU0") ?? "")),
    subjects.map((s) => String(value(s, "Q4LE") ?? "")),
  ];
  return makeTable("cohort table", names, cols);
}

function summarise(table: DataTable, registry: DataTable): TableSummary {
  const check = checkRelease(table, { quasi: QUASI, sensitive: "grade" });
  const link = linkageAttack(table, registry, { releaseColumns: DEFAULT_LINK_COLUMNS, registryColumns: DEFAULT_LINK_COLUMNS, truth: "person_id", ...LINK });
  return {
    records: check.records,
    classes: check.classes.length,
    k: check.k,
    l_distinct: check.l_distinct,
    l_entropy: check.l_entropy,
    t: check.t,
    prosecutor_max: check.risk.prosecutor_max,
    linkage: { records: link.records, reidentified: link.reidentified, correct: link.correct, rate: link.rate },
  };
}

export function cohortReleaseCheck(features: readonly FeatureRow[], subjects: readonly string[], o: CohortReleaseOptions): ReportAppendix {
  const registry = syntheticRegistry({ n: REGISTRY_SIZE, seed: o.seed });
  const table = cohortTable(features, subjects, registry, o.seed + 1);
  const collected = summarise(table, registry);
  let anonymised: CohortRelease["anonymised"];
  try {
    const r = anonymise(table, { quasi: QUASI, numeric: ["age"], sensitive: "grade", k: 2, maxSuppression: 0.2 });
    anonymised = { ...summarise(r.released, registry), generalisation: r.columns, suppressed: r.suppressed, loss: r.loss };
  } catch (err) {
    // "no generalisation meets the models" is a result worth reporting; anything else is not
    if (!(err instanceof DefaceImpactError && err.kind === "check")) throw err;
    anonymised = { error: err.message };
  }
  const [ilo, ihi] = intensityBounds(o.intensityUnit);
  const queries = [`mean:volume_mm3:${VOLUME_BOUNDS[0]}:${VOLUME_BOUNDS[1]}`, `mean:mean_intensity:${ilo}:${ihi}`].map(parseQuery);
  const dp: ReleaseAnswers = answerQueries(table, queries, { epsilon: parseDecimal(EPSILON, "epsilon"), delta: rational(0n), mechanism: "laplace" }, seededSource(o.seed + 2));
  const json: CohortRelease = {
    note: "synthetic demographics (seeded) joined to the phantoms' features; the DP noise of the demo comes from a seeded generator, `privacy release` uses node:crypto",
    quasi_identifiers: QUASI,
    sensitive: "grade",
    registry_records: REGISTRY_SIZE,
    linkage_tolerances: { age_years: LINK.ageTolerance, date_days: LINK.dateTolerance, institution_similarity: LINK.institutionSimilarity },
    as_collected: collected,
    anonymised,
    dp_means: dp,
  };
  return { key: "release_check", json, markdown: markdown(json, o.intensityUnit) };
}

const pct = (x: number) => `${+(100 * x).toPrecision(3)} %`;
const num = (x: number | null) => (x === null ? "–" : String(+x.toPrecision(4)));

function markdown(j: CohortRelease, unit: string): string {
  const row = (label: string, s: TableSummary) =>
    `| ${label} | ${s.records} | ${s.classes} | ${s.k} | ${num(s.l_distinct)} | ${num(s.l_entropy)} | ${num(s.t)} | ${pct(s.prosecutor_max)} | ${s.linkage.reidentified} of ${s.linkage.records} (${s.linkage.correct} correct) |`;
  const out = [
    "## Release check of the cohort table",
    "",
    `What \`deface-impact privacy\` says about releasing this cohort as a table (see the README, "Releasing a dataset"). The phantoms have no ` +
      `demographics: each subject is given a person of a synthetic public registry of ${j.registry_records} people (seeded) — sex, age, scan date ` +
      `and institution are the quasi-identifiers, a tumour grade the sensitive attribute — next to two features of the original image, the ROI ` +
      `volume (RNU0, mm³) and mean intensity (Q4LE, ${unit}).`,
    "",
    "| table | records | classes | k | ℓ distinct | ℓ entropy | t (TVD) | prosecutor risk, max | linkage attack: re-identified |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    row("as collected", j.as_collected),
  ];
  if ("error" in j.anonymised) out.push(`| anonymised (k ≥ 2) | ${j.anonymised.error} | | | | | | | |`);
  else out.push(row("anonymised (k ≥ 2, at most 20 % suppressed)", j.anonymised));
  out.push("");
  if (!("error" in j.anonymised)) {
    out.push(
      `Anonymised: ${j.anonymised.generalisation.map((c) => `${c.column} → ${c.name}`).join(", ")}; ${j.anonymised.suppressed} record${j.anonymised.suppressed === 1 ? "" : "s"} suppressed; ` +
        `information loss ${pct(j.anonymised.loss)} (Iyengar's loss metric).`,
      "",
    );
  }
  out.push(
    `Linkage attack on the registry: same sex, age within ±${j.linkage_tolerances.age_years} years, date within ±${j.linkage_tolerances.date_days} days, ` +
      `institution names of normalised Levenshtein similarity ≥ ${j.linkage_tolerances.institution_similarity}; re-identified = exactly one candidate.`,
    "",
    `Differentially private cohort means, ε = ${j.dp_means.epsilon} in total (discrete Laplace; each mean gets half, split between its noisy sum and ` +
      "noisy count; values clamped to the declared bounds). The demo draws its noise from a seeded generator so that the report is reproducible; " +
      "`privacy release` draws it from the operating system's cryptographic generator. On a cohort this small the noise can exceed the " +
      "statistic itself: the error of a DP mean shrinks as 1/n, so DP releases pay off on cohorts of hundreds.",
    "",
    "| query | DP value | ε | noise scale of the sum | noise scale of the count |",
    "| --- | --- | --- | --- | --- |",
    ...j.dp_means.answers.map((a) => `| \`${a.query}\` | ${num(a.value as number)} | ${a.epsilon} | ${num(a.noise[0].scale)} | ${num(a.noise[1].scale)} |`),
    "",
  );
  return out.join("\n");
}
