import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../../analysis/core/random.js";
import { parseDay } from "../../../analysis/privacy/dates.js";
import { levenshtein, levenshteinSimilarity } from "../../../analysis/privacy/levenshtein.js";
import { DEFAULT_LINK_COLUMNS, linkageAttack, type LinkOptions } from "../../../analysis/privacy/linkage.js";
import { column, type DataTable } from "../../../analysis/privacy/table.js";
import { syntheticRegistry, syntheticRelease } from "../../../fixtures/privacy/syntheticPeople.js";
import { tableOf } from "./helpers.js";

const options = (o: Partial<LinkOptions> = {}): LinkOptions => ({
  releaseColumns: DEFAULT_LINK_COLUMNS,
  registryColumns: DEFAULT_LINK_COLUMNS,
  ageTolerance: 2,
  dateTolerance: 7,
  institutionSimilarity: 0.9,
  ...o,
});

describe("normalised Levenshtein similarity", () => {
  it("matches hand-counted edits", () => {
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("", "abc")).toBe(3);
    expect(levenshtein("flaw", "lawn")).toBe(2);
    expect(levenshteinSimilarity("kitten", "sitting")).toBeCloseTo(1 - 3 / 7, 15);
    expect(levenshteinSimilarity("", "")).toBe(1);
    // "St Mary's Hospital" -> "St. Mary's Hospital": one insertion over 19 characters
    expect(levenshteinSimilarity("st mary's hospital", "st. mary's hospital")).toBeCloseTo(18 / 19, 15);
  });
});

describe("linkage attack", () => {
  const registry = tableOf(
    ["id", "sex", "age", "date", "institution"],
    [
      ["r1", "F", 34, "2021-03-10", "St Mary's Hospital"],
      ["r2", "F", 35, "2021-03-14", "Royal Infirmary"],
      ["r3", "M", 34, "2021-03-10", "St Mary's Hospital"],
      ["r4", "F", 60, "2022-07-01", "Lakeside Hospital"],
      ["r5", "F", 61, "2022-07-05", "Lakeside Hospital"],
      ["r6", "M", 45, "2020-01-01", "Hillview Clinic"],
    ],
    "registry.csv",
  );
  const release = tableOf(
    ["id", "sex", "age", "date", "institution"],
    [
      ["r1", "F", 35, "2021-03-12", "St. Mary's Hospital"], // r1 only: r2's institution differs, r3 is male
      ["r4", "F", 60, "2022-07-03", "Lakeside Hospital"], // r4 and r5 both within tolerance: ambiguous
      ["r6", "M", 45, "2020-01-20", "Hillview Clinic"], // 19 days off: no candidate
      ["r3", "M", 33, "2021-03-10", "St Marys Hospital"], // r3 (similarity 17/18)
    ],
    "release.csv",
  );
  it("counts M(d) as the definition says and scores against the truth", () => {
    const r = linkageAttack(release, registry, options({ truth: "id" }));
    expect(r.rows.map((x) => x.matches)).toEqual([1, 2, 0, 1]);
    expect(r.rows.map((x) => x.registry_row)).toEqual([1, null, null, 3]);
    expect(r.reidentified).toBe(2);
    expect(r.correct).toBe(2);
    expect(r.rate).toBe(0.5);
  });
  it("tolerances and the similarity threshold change the candidates", () => {
    expect(linkageAttack(release, registry, options({ dateTolerance: 30 })).rows[2].matches).toBe(1);
    // similarity 0.95 rejects "St Marys Hospital" (17/18 ≈ 0.944)
    expect(linkageAttack(release, registry, options({ institutionSimilarity: 0.95 })).rows[3].matches).toBe(0);
    expect(linkageAttack(release, registry, options({ ageTolerance: 0 })).rows[0].matches).toBe(0);
  });
  it("attacks a generalised release: bands, months and '*' cover every value they hold", () => {
    const generalised = tableOf(
      ["sex", "age", "date", "institution"],
      [
        ["F", "[30,40)", "2021-03", "*"], // r1, r2
        ["*", "[40,50)", "2020", "Hillview Clinic"], // r6
      ],
    );
    expect(linkageAttack(generalised, registry, options()).rows.map((x) => x.matches)).toEqual([2, 1]);
  });
  it("column names can be mapped, and bad cells are named", () => {
    const renamed = tableOf(["gender", "age_years", "scan_date", "hospital"], [["F", 35, "2021-03-12", "St. Mary's Hospital"]]);
    const cols = { sex: "gender", age: "age_years", date: "scan_date", institution: "hospital" };
    expect(linkageAttack(renamed, registry, options({ releaseColumns: cols })).reidentified).toBe(1);
    expect(() => linkageAttack(renamed, registry, options())).toThrow(/no sex column "sex"/);
    const bad = tableOf(["sex", "age", "date", "institution"], [["F", "old", "2021-03-12", "x"]]);
    expect(() => linkageAttack(bad, registry, options())).toThrow(/row 1: the release's age "old"/);
  });
});

/** All pairs, straight from the definition. */
function bruteForce(release: DataTable, registry: DataTable, o: LinkOptions): number[] {
  const col = (t: DataTable, n: string) => column(t, n);
  const [rs, ra, rd, ri] = ["sex", "age", "date", "institution"].map((n) => col(release, n));
  const [ps, pa, pd, pi] = ["sex", "age", "date", "institution"].map((n) => col(registry, n));
  return rs.map((_, d) => {
    let m = 0;
    for (let r = 0; r < registry.rows; r++) {
      if (ps[r] !== rs[d]) continue;
      if (Math.abs(+pa[r] - +ra[d]) > o.ageTolerance) continue;
      if (Math.abs(parseDay(pd[r]) - parseDay(rd[d])) > o.dateTolerance) continue;
      if (levenshteinSimilarity(pi[r].toLowerCase(), ri[d].toLowerCase()) < o.institutionSimilarity) continue;
      m++;
    }
    return m;
  });
}

describe("blocking never loses a candidate", () => {
  it("agrees with all pairs on random tables", () => {
    const rnd = mulberry32(9);
    for (let trial = 0; trial < 4; trial++) {
      const registry = syntheticRegistry({ n: 1500, seed: 100 + trial });
      const release = syntheticRelease(registry, { n: 300, seed: 200 + trial, variantShare: 0.5 });
      const o = options({ ageTolerance: Math.floor(rnd() * 4), dateTolerance: Math.floor(rnd() * 60), institutionSimilarity: 0.8 + 0.2 * rnd() });
      const fast = linkageAttack(release, registry, o).rows.map((r) => r.matches);
      expect(fast).toEqual(bruteForce(release, registry, o).map((m) => Math.min(m, 100)));
    }
  });
});

describe("scale", () => {
  it("attacks 100 000 released records on a registry of 100 000 in seconds", () => {
    const registry = syntheticRegistry({ n: 100_000, seed: 1 });
    const release = syntheticRelease(registry, { n: 100_000, seed: 2 });
    const started = performance.now();
    const r = linkageAttack(release, registry, options({ truth: "person_id" }));
    const seconds = (performance.now() - started) / 1000;
    expect(r.records).toBe(100_000);
    expect(r.correct).toBeLessThanOrEqual(r.reidentified);
    expect(r.correct).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(20);
    console.log(`linkage 100 000 x 100 000: ${seconds.toFixed(2)} s, ${r.reidentified} re-identified, ${r.correct} correctly`);
  });
});
