import { describe, expect, it } from "vitest";
import { agreement } from "../../../analysis/impact/agreement.js";
import { cohortAgreement, robustShares } from "../../../analysis/impact/cohortAgreement.js";
import { iccAgreementMatrix, twoWayMeanSquares } from "../../../analysis/impact/icc.js";
import { relativeShift, type ShiftRow } from "../../../analysis/impact/shifts.js";

const row = (subject: string, condition: string, feature: string, original: number, defaced: number, family = "intensity_statistics"): ShiftRow => ({
  subject,
  condition,
  normalization: "zscore-global",
  config: "nodisc",
  family,
  feature,
  ibsi_code: feature.toUpperCase().slice(0, 4),
  aggregation_code: "DHQ4",
  original,
  defaced,
  abs_shift: defaced - original,
  rel_shift: relativeShift(original, defaced),
  predicted_defaced: NaN,
  behaviour: "unpredictable",
});

/** A synthetic 4-subject cohort: two tools, four features with different agreement. */
const subjects = ["s1", "s2", "s3", "s4"];
const original = { mean: [1.2, 2.5, 3.1, 4.8], sd: [0.5, 0.9, 0.7, 1.1], flat: [3, 3, 3, 3], same: [0.1, 0.7, 0.3, 0.2] };
const defaced: Record<string, Record<keyof typeof original, number[]>> = {
  toolA: { mean: [1.3, 2.4, 3.3, 4.7], sd: [0.8, 0.6, 1.2, 0.9], flat: [3, 3, 3, 3], same: [0.1, 0.7, 0.3, 0.2] },
  toolB: { mean: [2.2, 3.6, 4.0, 5.9], sd: [0.5, 0.9, 0.7, 1.1], flat: [3.5, 3.5, 3.5, 3.5], same: [0.1, 0.7, 0.3, 0.2] },
};
const shifts: ShiftRow[] = [];
for (const tool of Object.keys(defaced)) {
  subjects.forEach((s, i) => {
    for (const f of Object.keys(original) as (keyof typeof original)[]) {
      shifts.push(row(s, tool, f, original[f][i], defaced[tool][f][i], f === "same" ? "glcm" : "intensity_statistics"));
    }
  });
}

describe("cohortAgreement", () => {
  const stats = cohortAgreement(shifts);

  it("gives one line per tool x feature, in first-seen order, with the values of agreement() on the same pairs", () => {
    expect(stats.map((s) => `${s.condition}/${s.feature}`)).toEqual([
      "toolA/mean", "toolA/sd", "toolA/flat", "toolA/same", "toolB/mean", "toolB/sd", "toolB/flat", "toolB/same",
    ]);
    for (const s of stats.filter((x) => x.feature === "mean" || x.feature === "sd")) {
      const f = s.feature as "mean" | "sd";
      const direct = agreement(original[f], defaced[s.condition][f]);
      expect(s.n).toBe(4);
      expect(s.icc).toEqual(direct.icc);
      expect(s.ccc.value).toBe(direct.ccc.value);
      expect([s.ccc.lower, s.ccc.upper]).toEqual([direct.ccc.lower, direct.ccc.upper]);
      expect(s.blandAltman).toEqual(direct.blandAltman);
      expect(Number.isFinite(s.icc.lower)).toBe(true);
    }
    // toolB adds 1.1 ± 0.1 to every mean: a bias of about 1.1, poorer absolute agreement than toolA
    const b = stats.find((s) => s.condition === "toolB" && s.feature === "mean")!;
    const a = stats.find((s) => s.condition === "toolA" && s.feature === "mean")!;
    expect(b.blandAltman.bias).toBeCloseTo(1.025, 12);
    expect(b.icc.value).toBeLessThan(a.icc.value);
    // toolB leaves the SD untouched: perfect agreement
    expect(stats.find((s) => s.condition === "toolB" && s.feature === "sd")!.icc).toMatchObject({ value: 1, lower: 1, upper: 1 });
  });

  it("gives NaN with a reason for a feature constant across subjects, never an error", () => {
    const flatA = stats.find((s) => s.condition === "toolA" && s.feature === "flat")!;
    expect(flatA.icc.value).toBeNaN();
    expect(flatA.ccc.value).toBeNaN();
    expect(flatA.reason).toMatch(/ICC: no variance/);
    const flatB = stats.find((s) => s.condition === "toolB" && s.feature === "flat")!;
    expect(flatB.icc.lower).toBeNaN();
    expect(flatB.blandAltman.bias).toBeCloseTo(0.5, 14);
    expect(flatB.reason).not.toBe("");
  });

  it("treats exactly equal values as perfect agreement although the mean squares carry rounding residue", () => {
    const ratings = original.same.map((v) => [v, v]);
    expect(twoWayMeanSquares(ratings).mse).toBeGreaterThan(0); // the residue this guards against
    expect(iccAgreementMatrix(ratings)).toMatchObject({ value: 1, lower: 1, upper: 1 });
    expect(stats.find((s) => s.condition === "toolA" && s.feature === "same")!.icc).toMatchObject({ value: 1, lower: 1, upper: 1 });
  });

  it("leaves out non-finite pairs and gives NaN below 3 subjects", () => {
    const some = shifts.filter((s) => s.condition === "toolA" && s.feature === "mean").map((s, i) => (i < 2 ? { ...s, defaced: NaN } : s));
    const [s] = cohortAgreement(some);
    expect(s.n).toBe(2);
    expect(s.icc.value).toBeNaN();
    expect(s.reason).toMatch(/2 of 4 subjects left out: non-finite value; only 2 subjects with finite values \(need 3\)/);
  });

  it("counts robust features (ICC lower bound above the threshold) per tool x normalisation x family", () => {
    const shares = robustShares(stats, 0.9);
    const share = (tool: string, family: string) => shares.find((s) => s.condition === tool && s.family === family)!;
    const expected = (tool: string, features: string[]) => features.filter((f) => stats.find((s) => s.condition === tool && s.feature === f)!.icc.lower > 0.9).length;
    expect(share("toolA", "intensity_statistics")).toMatchObject({ features: 3, robust: expected("toolA", ["mean", "sd", "flat"]) });
    expect(share("toolB", "intensity_statistics")).toMatchObject({ features: 3, defined: 2, robust: 1, share: 1 / 3 }); // sd only; flat has no ICC
    expect(share("toolB", "glcm")).toMatchObject({ features: 1, robust: 1, share: 1 });
  });
});
