import { describe, expect, it } from "vitest";
import { admit, newLedger, parseLedger, spent } from "../../../analysis/privacy/dp/ledger.js";
import { answerQueries, parseQuery, type Query } from "../../../analysis/privacy/dp/queries.js";
import { seededSource } from "../../../analysis/privacy/dp/randomSource.js";
import { zcdpEpsilon } from "../../../analysis/privacy/accounting/rdpConversion.js";
import { add, formatRational, fromNumber, parseDecimal, rational } from "../../../analysis/privacy/dp/rational.js";
import { tableOf } from "./helpers.js";

describe("exact rationals", () => {
  it("decimals are exact: 0.1 + 0.2 is 0.3", () => {
    const sum = add(parseDecimal("0.1", "x"), parseDecimal("0.2", "x"));
    expect(sum).toEqual(parseDecimal("0.3", "x"));
    expect(formatRational(parseDecimal("1e-6", "x"))).toBe("0.000001");
    expect(formatRational(parseDecimal("2.50", "x"))).toBe("2.5");
    expect(formatRational(rational(1n, 3n))).toBe("1/3");
    expect(fromNumber(0.1)).toEqual(rational(3602879701896397n, 36028797018963968n));
    expect(() => parseDecimal("abc", "--epsilon")).toThrow(/not a decimal/);
  });
});

const table = tableOf(
  ["age", "volume"],
  [[34, 10], [50, 20], [61, 35], [70, 500], [45, -3]],
);

describe("DP queries", () => {
  it("parses the query forms and refuses bad bounds", () => {
    expect(parseQuery("mean:a:b:0:10")).toMatchObject({ kind: "mean", column: "a:b", lo: 0, hi: 10 });
    expect(parseQuery("histogram:age:0,40,60")).toMatchObject({ kind: "histogram", column: "age", edges: [0, 40, 60] });
    expect(parseQuery("histogram:age:0:40:60")).toMatchObject({ kind: "histogram", column: "age", edges: [0, 40, 60] });
    expect(parseQuery("histogram:a:b:1,2")).toMatchObject({ column: "a:b", edges: [1, 2] });
    expect(() => parseQuery("histogram:age")).toThrow(/expected histogram/);
    expect(() => parseQuery("mean:age:10:10")).toThrow(/LO < HI/);
    expect(() => parseQuery("mean:age:10:5")).toThrow(/LO < HI/);
    expect(() => parseQuery("histogram:age:5,1")).toThrow(/increase/);
    expect(() => parseQuery("median:age")).toThrow(/expected count/);
  });

  it("with a huge ε the answers are the clamped statistics (noise scale ~0)", () => {
    const queries: Query[] = ["count", "mean:volume:0:100", "histogram:age:0,40,60,80"].map(parseQuery);
    const r = answerQueries(table, queries, { epsilon: parseDecimal("1e12", "e"), delta: rational(0n), mechanism: "laplace" }, seededSource(1));
    expect(r.answers[0].value).toBe(5);
    // volumes clamped to [0, 100]: 10, 20, 35, 100, 0 -> mean 33
    expect(r.answers[1].value).toBeCloseTo(33, 3);
    expect(r.answers[2].value).toEqual([1, 2, 2]);
    expect(r.answers[2].bins).toEqual(["[0,40)", "[40,60)", "[60,80]"]);
    // the budget split equally: ε/3 per query; the mean's sum and count get half each
    expect(r.answers[1].epsilon).toBe("1000000000000/3");
    expect(r.answers[1].noise.map((n) => n.sensitivity)).toEqual([100, 1]);
  });

  it("noise scales follow the budget: Laplace Δ/ε; Gaussian through zCDP", () => {
    const r = answerQueries(table, [parseQuery("count")], { epsilon: parseDecimal("0.5", "e"), delta: rational(0n), mechanism: "laplace" }, seededSource(2));
    expect(r.answers[0].noise[0].scale).toBe(2);
    const g = answerQueries(table, [parseQuery("count")], { epsilon: parseDecimal("1", "e"), delta: parseDecimal("1e-6", "d"), mechanism: "gaussian" }, seededSource(3));
    const note = g.answers[0].noise[0];
    // σ = 1/√(2ρ), and ρ is the largest whose (ε, δ) conversion stays within (1, 1e-6)
    expect(note.scale).toBeCloseTo(1 / Math.sqrt(2 * note.rho!), 6);
    expect(zcdpEpsilon(note.rho!, 1e-6)).toBeLessThanOrEqual(1);
    expect(zcdpEpsilon(note.rho!, 1e-6)).toBeGreaterThan(1 - 1e-6);
  });

  it("refuses ε ≤ 0, unknown columns, non-numeric cells and δ with Laplace", () => {
    const q = [parseQuery("mean:volume:0:100")];
    expect(() => answerQueries(table, q, { epsilon: rational(0n), delta: rational(0n), mechanism: "laplace" }, seededSource(1))).toThrow(/epsilon must be > 0/);
    expect(() => answerQueries(table, [parseQuery("mean:weight:0:1")], { epsilon: rational(1n), delta: rational(0n), mechanism: "laplace" }, seededSource(1))).toThrow(/no query column "weight"/);
    const bad = tableOf(["v"], [["1"], ["n/a"]]);
    expect(() => answerQueries(bad, [parseQuery("mean:v:0:1")], { epsilon: rational(1n), delta: rational(0n), mechanism: "laplace" }, seededSource(1))).toThrow(/row 2.*not a number/);
    expect(() => answerQueries(table, q, { epsilon: rational(1n), delta: parseDecimal("1e-6", "d"), mechanism: "laplace" }, seededSource(1))).toThrow(/pure/);
  });

  it("the noisy mean is unbiased over many releases", () => {
    const rng = seededSource(5);
    const big = tableOf(["v"], Array.from({ length: 2000 }, (_, i) => [i % 100]));
    let sum = 0;
    const n = 300;
    for (let i = 0; i < n; i++) {
      const r = answerQueries(big, [parseQuery("mean:v:0:100")], { epsilon: parseDecimal("1", "e"), delta: rational(0n), mechanism: "laplace" }, rng);
      sum += r.answers[0].value as number;
    }
    expect(sum / n).toBeCloseTo(49.5, 0);
  });
});

describe("ledger", () => {
  it("adds spends exactly and refuses one that would pass the budget", () => {
    const ledger = newLedger(parseDecimal("1", "b"), parseDecimal("1e-6", "b"));
    for (let i = 0; i < 10; i++) {
      expect(admit(ledger, parseDecimal("0.1", "e"), rational(0n)).ok).toBe(true);
      ledger.releases.push({ time: "", table: "t", table_sha256: "", mechanism: "laplace", epsilon: "0.1", delta: "0", queries: [], answers: [] });
    }
    expect(spent(ledger).epsilon).toEqual(rational(1n));
    const refused = admit(ledger, parseDecimal("0.0001", "e"), rational(0n));
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.reason).toMatch(/over the budget of 1/);
    const small = newLedger(parseDecimal("5", "b"), parseDecimal("1e-6", "b"));
    expect(admit(small, rational(1n), parseDecimal("2e-6", "d")).ok).toBe(false);
    expect(() => parseLedger({ tool: "x" }, "l.json")).toThrow(/not a deface-impact privacy ledger/);
  });
});
