import { describe, expect, it } from "vitest";
import { agreement } from "../../../analysis/impact/agreement.js";
import { blandAltman } from "../../../analysis/impact/blandAltman.js";
import { concordance } from "../../../analysis/impact/ccc.js";
import { fQuantile, normalQuantile, tCritical } from "../../../analysis/impact/distributions.js";
import { iccAgreement, iccAgreementMatrix, iccConsistencyMatrix } from "../../../analysis/impact/icc.js";

const round = (x: number, d: number) => Number(x.toFixed(d));

describe("distribution quantiles against printed statistical tables", () => {
  it("normal, t and F critical values", () => {
    expect(round(normalQuantile(0.975), 6)).toBe(1.959964);
    expect(round(tCritical(0.05, 16), 3)).toBe(2.12);
    expect(round(tCritical(0.05, 1), 3)).toBe(12.706);
    expect(round(fQuantile(0.975, 5, 15), 3)).toBe(3.576);
    expect(round(fQuantile(0.95, 3, 10), 3)).toBe(3.708);
  });
});

// Shrout & Fleiss (1979), Psychological Bulletin 86:420-428, Table 2: 6 targets rated by 4 judges.
// Published: ICC(2,1) = .29, ICC(3,1) = .71 (their Table 4). The 95% intervals as printed by the
// R psych package's ICC() on the same data (help page example): ICC2 0.29 [0.019, 0.76],
// ICC3 0.71 [0.342, 0.95] (McGraw & Wong 1996 formulas).
const SHROUT_FLEISS = [
  [9, 2, 5, 8],
  [6, 1, 3, 2],
  [8, 4, 6, 8],
  [7, 1, 2, 6],
  [10, 5, 6, 9],
  [6, 2, 4, 7],
];

describe("ICC on Shrout & Fleiss (1979)", () => {
  it("ICC(A,1) = ICC(2,1) = .29 with 95% CI [0.019, 0.76]", () => {
    const e = iccAgreementMatrix(SHROUT_FLEISS);
    expect(round(e.value, 2)).toBe(0.29);
    expect(round(e.lower, 3)).toBe(0.019);
    expect(round(e.upper, 2)).toBe(0.76);
  });
  it("ICC(C,1) = ICC(3,1) = .71 with 95% CI [0.342, 0.95]", () => {
    const e = iccConsistencyMatrix(SHROUT_FLEISS);
    expect(round(e.value, 2)).toBe(0.71);
    expect(round(e.lower, 3)).toBe(0.342);
    expect(round(e.upper, 2)).toBe(0.95);
  });
  it("the paired form equals the 2-column matrix form", () => {
    const a = SHROUT_FLEISS.map((r) => r[0]);
    const b = SHROUT_FLEISS.map((r) => r[3]);
    expect(iccAgreement(a, b)).toEqual(iccAgreementMatrix(SHROUT_FLEISS.map((r) => [r[0], r[3]])));
  });
});

// Bland & Altman (1986), Lancet i:307-310, Table 1: PEFR (l/min) of 17 subjects, first reading
// with the Wright and the mini Wright peak flow meter. Published: r = 0.94, mean difference
// (Wright - mini) -2.1, SD of differences 38.8, limits of agreement
// -2.1 -/+ 2 x 38.8 = -79.7 to 75.5.
const WRIGHT = [494, 395, 516, 434, 476, 557, 413, 442, 650, 433, 417, 656, 267, 478, 178, 423, 427];
const MINI = [512, 430, 520, 428, 500, 600, 364, 380, 658, 445, 432, 626, 260, 477, 259, 350, 451];

describe("Bland-Altman on Bland & Altman (1986)", () => {
  const ba = blandAltman(MINI, WRIGHT, { multiplier: 2 }); // differences Wright - mini, as published
  it("bias -2.1, SD 38.8", () => {
    expect(round(ba.bias, 1)).toBe(-2.1);
    expect(round(ba.sdDiff, 1)).toBe(38.8);
  });
  it("limits of agreement -79.7 to 75.5 (from the rounded bias and SD, as printed)", () => {
    expect(Math.abs(ba.lowerLimit - -79.7)).toBeLessThan(0.1);
    expect(Math.abs(ba.upperLimit - 75.5)).toBeLessThan(0.1);
    expect(ba.upperLimit - ba.lowerLimit).toBeCloseTo(4 * ba.sdDiff, 12);
  });
  it("95% CI of the bias: bias -/+ t(0.975, 16) * SD / sqrt(n), t = 2.120 from the tables", () => {
    const half = ba.biasUpper - ba.bias;
    expect(ba.bias - ba.biasLower).toBeCloseTo(half, 12);
    expect(round(half / (ba.sdDiff / Math.sqrt(17)), 3)).toBe(2.12);
  });
  it("default multiplier is 1.96", () => {
    const d = blandAltman(MINI, WRIGHT);
    expect(d.upperLimit - d.bias).toBeCloseTo(1.959964 * d.sdDiff, 5);
  });
});

describe("Lin's concordance correlation coefficient", () => {
  it("decomposes into the published Pearson r = 0.94 times the bias correction C_b (PEFR data)", () => {
    const c = concordance(WRIGHT, MINI);
    expect(round(c.pearson, 2)).toBe(0.94);
    // C_b = 2 / (v + 1/v + u^2) with v = s_x/s_y, u = (mean_x - mean_y)/sqrt(s_x s_y), divisor n.
    const n = WRIGHT.length;
    const mx = WRIGHT.reduce((s, v) => s + v, 0) / n;
    const my = MINI.reduce((s, v) => s + v, 0) / n;
    const sx = Math.sqrt(WRIGHT.reduce((s, v) => s + (v - mx) ** 2, 0) / n);
    const sy = Math.sqrt(MINI.reduce((s, v) => s + (v - my) ** 2, 0) / n);
    const v = sx / sy,
      u = (mx - my) / Math.sqrt(sx * sy);
    expect(c.value).toBeCloseTo(c.pearson * (2 / (v + 1 / v + u * u)), 12);
    expect(c.lower).toBeLessThan(c.value);
    expect(c.upper).toBeGreaterThan(c.value);
  });

  it("its 95% interval covers the true rho_c about 95% of the time (simulation with a location shift)", () => {
    // Bivariate normal, sd 1 and 1.2, correlation 0.8, mean shift 0.5:
    // rho_c = 2 * 0.8 * 1.2 / (1 + 1.44 + 0.25).
    const truth = (2 * 0.8 * 1.2) / (1 + 1.44 + 0.25);
    let seed = 12345;
    const uniform = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed + 0.5) / 4294967296;
    };
    const gauss = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    const reps = 2000,
      n = 60;
    let covered = 0;
    for (let r = 0; r < reps; r++) {
      const x = new Float64Array(n),
        y = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const z1 = gauss(),
          z2 = gauss();
        x[i] = z1;
        y[i] = 0.5 + 1.2 * (0.8 * z1 + 0.6 * z2);
      }
      const c = concordance(x, y);
      if (c.lower <= truth && truth <= c.upper) covered++;
    }
    expect(covered / reps).toBeGreaterThan(0.93);
    expect(covered / reps).toBeLessThan(0.97);
  });
});

describe("degenerate inputs give NaN with a reason", () => {
  it("n < 2, unequal lengths, zero variance", () => {
    for (const e of [iccAgreement([1], [1]), concordance([1], [2]), iccAgreement([1, 2], [1])]) {
      expect(e.value).toBeNaN();
      expect(e.reason).toBeDefined();
    }
    const flat = iccAgreement([3, 3, 3], [3, 3, 3]);
    expect(flat.value).toBeNaN();
    expect(flat.reason).toMatch(/variance/);
    const cflat = concordance([3, 3, 3], [3, 3, 3]);
    expect(cflat.value).toBeNaN();
    expect(cflat.reason).toBeDefined();
    const ba = blandAltman([1], [2]);
    expect(ba.bias).toBeNaN();
    expect(ba.reason).toBeDefined();
  });
  it("identical measurements: perfect agreement with a zero-width interval", () => {
    const e = iccAgreement([1, 2, 3], [1, 2, 3]);
    expect([e.value, e.lower, e.upper]).toEqual([1, 1, 1]);
    const c = concordance([1, 2, 3], [1, 2, 3]);
    expect(c.value).toBe(1);
  });
});

describe("agreement() bundles the three summaries", () => {
  it("equals the individual functions", () => {
    const a = agreement(WRIGHT, MINI);
    expect(a.icc).toEqual(iccAgreement(WRIGHT, MINI));
    expect(a.ccc).toEqual(concordance(WRIGHT, MINI));
    expect(a.blandAltman).toEqual(blandAltman(WRIGHT, MINI));
    expect(a.n).toBe(17);
  });
});
