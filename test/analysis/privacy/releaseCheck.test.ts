import { describe, expect, it } from "vitest";
import { DefaceImpactError } from "../../../analysis/core/errors.js";
import { orderedEmd, tableDistribution, totalVariation } from "../../../analysis/privacy/closeness.js";
import { classEntropy, recursiveL } from "../../../analysis/privacy/diversity.js";
import { checkRelease } from "../../../analysis/privacy/releaseCheck.js";
import { mulberry32 } from "../../../analysis/core/random.js";
import { PAPER_TABLE_5, tableOf } from "./helpers.js";

describe("t-closeness: the salary example of Li, Li & Venkatasubramanian (2007)", () => {
  // Q: the nine salaries 3k … 11k, once each
  const q = tableDistribution(new Float64Array(9).fill(1));
  it("ordered EMD of {3k,4k,5k} is 0.375 and of {6k,8k,11k} is 0.167 (section 4.2)", () => {
    // codes are ranks: 3k -> 0, …, 11k -> 8
    expect(orderedEmd([0, 1, 2], [1, 1, 1], 3, q)).toBeCloseTo(0.375, 12);
    expect(orderedEmd([3, 5, 8], [1, 1, 1], 3, q)).toBeCloseTo(1 / 6, 12);
  });
  it("their Table 5 is 0.167-close with respect to salary", () => {
    const check = checkRelease(PAPER_TABLE_5, { quasi: ["zip", "age"], sensitive: "salary", numeric: ["salary"] });
    expect(check.t_measure).toBe("ordered-emd");
    expect(check.t).toBeCloseTo(1 / 6, 12);
    // the three classes: {3,5,9}k and {6,11,8}k at 1/6, {4,7,10}k at 1/12
    expect(check.classes.map((c) => c.t)).toEqual([expect.closeTo(1 / 6, 12), expect.closeTo(1 / 6, 12), expect.closeTo(1 / 12, 12)]);
    expect(check.k).toBe(3);
  });
});

/** The definitions, term by term over every value (what the fast forms must equal). */
function bruteEmd(p: number[], q: number[]): number {
  let cumulative = 0, sum = 0;
  for (let i = 0; i < p.length; i++) {
    cumulative += p[i] - q[i];
    sum += Math.abs(cumulative);
  }
  return sum / (p.length - 1);
}
const bruteTvd = (p: number[], q: number[]) => p.reduce((s, pi, i) => s + Math.abs(pi - q[i]), 0) / 2;

describe("distances against their definitions on random classes", () => {
  it("ordered EMD and TVD of sparse class histograms equal the full sums", () => {
    const rnd = mulberry32(7);
    for (let trial = 0; trial < 200; trial++) {
      const m = 1 + Math.floor(rnd() * 30);
      const table = Array.from({ length: m }, () => 1 + Math.floor(rnd() * 20));
      const dist = tableDistribution(Float64Array.from(table));
      const codes = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * m) }, () => Math.floor(rnd() * m)))].sort((a, b) => a - b);
      const counts = codes.map(() => 1 + Math.floor(rnd() * 5));
      const size = counts.reduce((s, c) => s + c, 0);
      const p = new Array(m).fill(0);
      codes.forEach((c, i) => (p[c] = counts[i] / size));
      const qArr = Array.from(dist.q);
      expect(totalVariation(codes, counts, size, dist)).toBeCloseTo(bruteTvd(p, qArr), 12);
      if (m > 1) expect(orderedEmd(codes, counts, size, dist)).toBeCloseTo(bruteEmd(p, qArr), 12);
    }
  });
});

describe("ℓ-diversity", () => {
  it("entropy uses the natural log; recursive (c,ℓ) compares r1 with c times the tail", () => {
    expect(classEntropy([1, 1])).toBeCloseTo(Math.LN2, 15);
    expect(classEntropy([2, 1, 1])).toBeCloseTo(-(0.5 * Math.log(0.5) + 2 * 0.25 * Math.log(0.25)), 15);
    // counts 5,3,2: ℓ=1: 5 < 2·10 yes; ℓ=2: 5 < 2·5 yes; ℓ=3: 5 < 2·2 no
    expect(recursiveL([3, 5, 2], 2)).toBe(2);
    // c=3: ℓ=3: 5 < 3·2 = 6 yes
    expect(recursiveL([3, 5, 2], 3)).toBe(3);
    expect(recursiveL([4], 1)).toBe(0);
  });
});

describe("checkRelease on a hand-computed table", () => {
  // classes on (age, sex): (30,F) 3 records grades A,A,B; (40,M) 2 records B,C; (50,F) 1 record A
  const t = tableOf(
    ["age", "sex", "grade"],
    [
      [30, "F", "A"],
      [40, "M", "B"],
      [30, "F", "A"],
      [50, "F", "A"],
      [40, "M", "C"],
      [30, "F", "B"],
    ],
  );
  const check = checkRelease(t, { quasi: ["age", "sex"], sensitive: "grade", thresholds: { k: 2, l: 2, t: 0.4 } });
  it("k, ℓ and TVD per class", () => {
    expect(check.classes.map((c) => c.size)).toEqual([3, 2, 1]);
    expect(check.k).toBe(1);
    expect(check.classes.map((c) => c.l_distinct)).toEqual([2, 2, 1]);
    expect(check.l_distinct).toBe(1);
    // entropy ℓ: exp of the smallest entropy (the single-record class: 0) = 1
    expect(check.l_entropy).toBe(1);
    expect(check.classes[0].l_entropy).toBeCloseTo(Math.exp(-(2 / 3) * Math.log(2 / 3) - (1 / 3) * Math.log(1 / 3)), 12);
    // Q = A 3/6, B 2/6, C 1/6. class (40,M): P = B 1/2, C 1/2 -> ½(|0-½| + |½-⅓| + |½-⅙|) = ½
    expect(check.classes[1].t).toBeCloseTo(0.5, 12);
    // class (30,F): P = A ⅔, B ⅓ -> ½(⅙ + 0 + ⅙) = ⅙
    expect(check.classes[0].t).toBeCloseTo(1 / 6, 12);
    // class (50,F): P = A 1 -> ½(½ + ⅓ + ⅙) = ½
    expect(check.t).toBeCloseTo(0.5, 12);
    expect(check.classes[0].key).toEqual({ age: "30", sex: "F" });
  });
  it("risks: prosecutor 1/f per record, marketer J/n without a population, uniques", () => {
    expect(check.risk.prosecutor_max).toBe(1);
    expect(check.risk.prosecutor_avg).toBeCloseTo(3 / 6, 15);
    expect(check.risk.marketer).toBeCloseTo(3 / 6, 15);
    expect(check.risk.uniques).toBe(1);
  });
  it("lists the classes that miss each threshold", () => {
    expect(check.violations.map((v) => v.model)).toEqual(["k", "l", "t"]);
    expect(check.violations[0].classes.map((c) => c.key)).toEqual([{ age: "50", sex: "F" }]);
    expect(check.violations[2].classes.map((c) => c.size)).toEqual([2, 1]);
  });
  it("journalist and marketer risk from a population table", () => {
    const population = tableOf(
      ["age", "sex"],
      [...Array(6).fill([30, "F"]), ...Array(4).fill([40, "M"]), [50, "F"], [60, "M"]],
      "population.csv",
    );
    const c = checkRelease(t, { quasi: ["age", "sex"], population });
    // F_j = 6, 4, 1: journalist max 1/1; marketer (1/n) Σ f_j/F_j = (3/6 + 2/4 + 1/1)/6
    expect(c.risk.journalist_max).toBe(1);
    expect(c.risk.marketer).toBeCloseTo((0.5 + 0.5 + 1) / 6, 15);
    expect(c.risk.population_uniques).toBe(1);
  });
  it("refuses unknown columns (usage) and empty tables (input)", () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as DefaceImpactError;
      }
      throw new Error("no error");
    };
    const unknown = err(() => checkRelease(t, { quasi: ["age", "postcode"] }));
    expect(unknown.kind).toBe("usage");
    expect(unknown.message).toMatch(/no quasi-identifier "postcode".*age, sex, grade/);
    expect(err(() => checkRelease(tableOf(["age"], []), { quasi: ["age"] })).kind).toBe("input");
    expect(err(() => checkRelease(t, { quasi: ["age"], sensitive: "grade", numeric: ["grade"] })).message).toMatch(/not a number/);
  });
});
