import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../../analysis/core/random.js";
import { anonymise } from "../../../analysis/privacy/anonymise.js";
import { buildLevels, type HierarchySpec } from "../../../analysis/privacy/hierarchy.js";
import { checkRelease } from "../../../analysis/privacy/releaseCheck.js";
import { column } from "../../../analysis/privacy/table.js";
import { syntheticRegistry, syntheticRelease } from "../../../fixtures/privacy/syntheticPeople.js";
import { tableOf } from "./helpers.js";

const SITES: HierarchySpec = { kind: "map", levels: [{ A: "north", B: "north", C: "south", D: "south" }] };

describe("generalisation hierarchies", () => {
  it("interval, date and map levels, with Iyengar's loss per value", () => {
    const t = tableOf(["age", "date", "site"], [[31, "2023-04-17", "A"], [38, "2023-05-02", "C"], [52, "2024-01-01", "B"], [45, "2023-04-18", "D"]]);
    const age = buildLevels(t, "age", { kind: "intervals", widths: [10, 20] });
    expect(age.names).toEqual(["as written", "bands of 10", "bands of 20", "*"]);
    expect(age.labels[1]).toEqual(["[30,40)", "[30,40)", "[50,60)", "[40,50)"]);
    expect(age.labels[2]).toEqual(["[20,40)", "[20,40)", "[40,60)", "[40,60)"]);
    // range 31..52 = 21: [30,40) covers 31..40 -> 9/21; [40,50) all of 10/21
    expect(age.loss[1][0]).toBeCloseTo(9 / 21, 12);
    expect(age.loss[1][3]).toBeCloseTo(10 / 21, 12);
    // a level that merges nothing only adds loss: it is left out of the lattice
    expect(buildLevels(t, "age", { kind: "intervals", widths: [10, 20, 100] }).names).toEqual(["as written", "bands of 10", "bands of 20", "bands of 100", "*"]);
    expect(buildLevels(t, "age", { kind: "intervals", widths: [1, 10] }).names).toEqual(["as written", "bands of 10", "*"]);
    const date = buildLevels(t, "date", { kind: "date", levels: ["month", "year"] });
    expect(date.labels[1]).toEqual(["2023-04", "2023-05", "2024-01", "2023-04"]);
    expect(date.labels[2]).toEqual(["2023", "2023", "2024", "2023"]);
    const site = buildLevels(t, "site", SITES);
    // four leaves: a region covers two, (2 − 1)/(4 − 1)
    expect(site.loss[1][0]).toBeCloseTo(1 / 3, 12);
    expect(site.labels[2]).toEqual(["*", "*", "*", "*"]);
    expect(() => buildLevels(t, "age", { kind: "intervals", widths: [10, 15] })).toThrow(/multiple of the one before/);
    expect(() => buildLevels(t, "site", { kind: "map", levels: [{ A: "north" }] })).toThrow(/no generalisation for "C", "B", "D"/);
    expect(() => buildLevels(t, "date", { kind: "date", levels: ["week", "month"] })).toThrow(/week/);
  });
});

interface Models {
  k: number;
  /** entropy ℓ: exp(−Σ p ln p) of a class at least this */
  lEntropy?: number;
  /** TVD of a class to the whole table at most this */
  t?: number;
  sensitive?: string;
}

/** Every node of the lattice, evaluated the slow obvious way: the optimum the search must find. */
function bruteForceOptimum(table: ReturnType<typeof tableOf>, quasi: string[], specs: Record<string, HierarchySpec>, models: Models, maxSuppression: number) {
  const { k } = models;
  const sens = models.sensitive ? column(table, models.sensitive) : [];
  const overall = new Map<string, number>();
  for (const v of sens) overall.set(v, (overall.get(v) ?? 0) + 1 / table.rows);
  const cols = quasi.map((q) => buildLevels(table, q, specs[q]));
  const heights = cols.map((c) => c.labels.length);
  let best = Infinity;
  const total = heights.reduce((p, h) => p * h, 1);
  for (let index = 0; index < total; index++) {
    let rest = index;
    const node = heights.map((h) => {
      const l = rest % h;
      rest = Math.floor(rest / h);
      return l;
    });
    const keys = Array.from({ length: table.rows }, (_, r) => cols.map((c, i) => c.labels[node[i]][c.valueOf[r]]).join("|"));
    const sizes = new Map<string, number>();
    for (const key of keys) sizes.set(key, (sizes.get(key) ?? 0) + 1);
    const bad = new Set<string>();
    for (const [key, size] of sizes) {
      if (size < k) bad.add(key);
      if (!models.sensitive) continue;
      const p = new Map<string, number>();
      keys.forEach((kk, r) => kk === key && p.set(sens[r], (p.get(sens[r]) ?? 0) + 1 / size));
      const entropy = -[...p.values()].reduce((h, x) => h + x * Math.log(x), 0);
      if (models.lEntropy !== undefined && Math.exp(entropy) < models.lEntropy - 1e-12) bad.add(key);
      let tvd = 0;
      for (const [v, q] of overall) tvd += Math.abs((p.get(v) ?? 0) - q) / 2;
      if (models.t !== undefined && tvd > models.t + 1e-12) bad.add(key);
    }
    let loss = 0, suppressed = 0;
    keys.forEach((key, r) => {
      if (bad.has(key)) {
        suppressed++;
        loss += quasi.length;
      } else cols.forEach((c, i) => (loss += c.loss[node[i]][c.valueOf[r]]));
    });
    if (suppressed <= Math.floor(maxSuppression * table.rows + 1e-9)) best = Math.min(best, loss / (table.rows * quasi.length));
  }
  return best;
}

describe("anonymise: the lattice search finds the least loss, not the first node that passes", () => {
  it("agrees with evaluating every node, on random tables", () => {
    const rnd = mulberry32(3);
    for (let trial = 0; trial < 12; trial++) {
      const rows = Array.from({ length: 40 + Math.floor(rnd() * 40) }, () => [
        20 + Math.floor(rnd() * 60),
        rnd() < 0.5 ? "F" : "M",
        "ABCD"[Math.floor(rnd() * 4)],
      ]);
      const t = tableOf(["age", "sex", "site"], rows);
      const specs: Record<string, HierarchySpec> = { age: { kind: "intervals", widths: [5, 10, 20, 40] }, sex: { kind: "map", levels: [] }, site: SITES };
      const k = 2 + (trial % 4), maxSuppression = [0, 0.05, 0.1][trial % 3];
      const r = anonymise(t, { quasi: ["age", "sex", "site"], hierarchies: specs, k, maxSuppression });
      expect(r.loss).toBeCloseTo(bruteForceOptimum(t, ["age", "sex", "site"], specs, { k }, maxSuppression), 12);
      expect(r.suppressed).toBeLessThanOrEqual(Math.floor(maxSuppression * t.rows + 1e-9));
      expect(r.lattice.evaluated).toBeLessThan(r.lattice.nodes);
      // the release it writes passes the check with the same k
      expect(checkRelease(r.released, { quasi: ["age", "sex", "site"] }).k).toBeGreaterThanOrEqual(k);
    }
  });

  it("also with entropy ℓ and t-closeness, which are not monotone once records are suppressed", () => {
    const rnd = mulberry32(4);
    for (let trial = 0; trial < 16; trial++) {
      const rows = Array.from({ length: 40 + Math.floor(rnd() * 30) }, () => [
        20 + Math.floor(rnd() * 60),
        rnd() < 0.5 ? "F" : "M",
        "ABCD"[Math.floor(rnd() * 4)],
        // skewed grades: some classes end up homogeneous
        rnd() < 0.6 ? "G1" : rnd() < 0.7 ? "G2" : "G3",
      ]);
      const t = tableOf(["age", "sex", "site", "grade"], rows);
      const specs: Record<string, HierarchySpec> = { age: { kind: "intervals", widths: [5, 10, 20, 40] }, sex: { kind: "map", levels: [] }, site: SITES };
      const models: Models = { k: 2 + (trial % 3), lEntropy: 1.3 + 0.1 * (trial % 4), t: trial % 2 ? 0.35 : undefined, sensitive: "grade" };
      const maxSuppression = [0.1, 0.2, 0.3][trial % 3];
      const expected = bruteForceOptimum(t, ["age", "sex", "site"], specs, models, maxSuppression);
      if (expected === Infinity) continue;
      const r = anonymise(t, { quasi: ["age", "sex", "site"], hierarchies: specs, k: models.k, sensitive: "grade", l: models.lEntropy, lForm: "entropy", t: models.t, maxSuppression });
      expect(r.loss).toBeCloseTo(expected, 12);
    }
  });

  it("a hand example: bands of 10 and regions give 2-anonymity without suppression", () => {
    const t = tableOf(
      ["id", "age", "site", "grade"],
      [["a", 31, "A", "G1"], ["b", 34, "B", "G2"], ["c", 45, "C", "G1"], ["d", 47, "D", "G3"], ["e", 33, "A", "G2"], ["f", 41, "D", "G2"]],
    );
    const r = anonymise(t, { quasi: ["age", "site"], hierarchies: { age: { kind: "intervals", widths: [10] }, site: SITES }, k: 2, sensitive: "grade", maxSuppression: 0 });
    // age alone in bands of 10 gives [30,40) x3 but sites A,B,A -> generalise site to regions
    expect(r.columns.map((c) => c.name)).toEqual(["bands of 10", "level 1"]);
    expect(r.suppressed).toBe(0);
    expect(column(r.released, "age")).toEqual(["[30,40)", "[30,40)", "[40,50)", "[40,50)", "[30,40)", "[40,50)"]);
    expect(column(r.released, "site")).toEqual(["north", "north", "south", "south", "north", "south"]);
    expect(column(r.released, "id")).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(r.achieved.k).toBe(3);
    expect(r.achieved.l_distinct).toBe(2);
  });

  it("meets ℓ and t as well, suppressing the classes that miss them", () => {
    const registry = syntheticRegistry({ n: 3000, seed: 5 });
    const release = syntheticRelease(registry, { n: 800, seed: 6 });
    const r = anonymise(release, {
      quasi: ["sex", "age", "date", "institution"],
      numeric: ["age"],
      sensitive: "grade",
      k: 5,
      l: 2,
      t: 0.3,
      maxSuppression: 0.05,
    });
    const check = checkRelease(r.released, { quasi: ["sex", "age", "date", "institution"], sensitive: "grade" });
    expect(check.k).toBeGreaterThanOrEqual(5);
    expect(check.l_distinct).toBeGreaterThanOrEqual(2);
    expect(r.achieved.t).toBeLessThanOrEqual(0.3);
    expect(r.suppressed / r.records).toBeLessThanOrEqual(0.05);
  });

  it("says so when nothing meets the models", () => {
    const t = tableOf(["age", "grade"], [[30, "A"], [31, "A"], [32, "A"]]);
    expect(() => anonymise(t, { quasi: ["age"], numeric: ["age"], sensitive: "grade", k: 2, l: 2, maxSuppression: 0 })).toThrow(/no generalisation of age meets k=2, ℓ=2/);
  });

  it("handles 100 000 rows in seconds", () => {
    const registry = syntheticRegistry({ n: 100_000, seed: 11 });
    const release = syntheticRelease(registry, { n: 100_000, seed: 12 });
    const started = performance.now();
    const r = anonymise(release, { quasi: ["sex", "age", "date", "institution"], numeric: ["age"], sensitive: "grade", k: 10, l: 2, maxSuppression: 0.02 });
    const seconds = (performance.now() - started) / 1000;
    expect(r.achieved.k).toBeGreaterThanOrEqual(10);
    expect(seconds).toBeLessThan(30);
    console.log(`anonymise 100 000 rows: ${seconds.toFixed(2)} s, ${r.lattice.evaluated} of ${r.lattice.nodes} nodes evaluated, loss ${r.loss.toFixed(4)}`);
  });
});
