import { describe, expect, it } from "vitest";
import { pyradiomicsAggregations, pyradiomicsFeatures, pyradiomicsShapeMask } from "../../../analysis/conventions/pyradiomicsFeatures.js";
import { mccOf, pyradiomicsMcc } from "../../../analysis/conventions/pyradiomicsMcc.js";
import { pyradiomicsNgtdm } from "../../../analysis/conventions/pyradiomicsNgtdm.js";
import { settingsFromPyradiomics, type PyradiomicsOptions } from "../../../analysis/conventions/pyradiomicsSettings.js";
import type { PyradiomicsValue } from "../../../analysis/conventions/pyradiomicsValues.js";
import type { Vec3 } from "../../../analysis/core/volume.js";
import { computeFeatures } from "../../../analysis/features/registry.js";
import { CooccurrenceMatrix } from "../../../analysis/features/texture/cooccurrence.js";
import type { PreparedRoi } from "../../../analysis/features/types.js";

/** A ROI of the given intensities (mask: non-null values), grey levels = intensities. */
function roiOf(dims: Vec3, values: (number | null)[], spacing: Vec3 = [1, 1, 1]): PreparedRoi {
  const mask = Uint8Array.from(values, (v) => (v === null ? 0 : 1));
  const intensity = Float64Array.from(values, (v) => v ?? 0);
  const levels = Int32Array.from(values, (v) => v ?? 0);
  return { dims, spacing, intensity, intensityMask: mask, morphMask: mask.slice(), levels, nLevels: Math.max(...levels) };
}

const options = (setting: Record<string, unknown> = {}): PyradiomicsOptions => settingsFromPyradiomics({ setting }, "test.yaml").options;
const valueOf = (rows: PyradiomicsValue[], column: string) => {
  const r = rows.find((x) => x.column === column);
  if (!r) throw new Error(`no ${column}`);
  return r.value;
};

describe("first-order conventions on [1, 2, 3, 4] (voxels 2 mm³)", () => {
  const roi = roiOf([4, 1, 1], [1, 2, 3, 4], [2, 1, 1]);
  const names = ["Energy", "TotalEnergy", "RootMeanSquared", "Kurtosis", "Variance", "StandardDeviation", "Mean", "Skewness"];
  const rows = pyradiomicsFeatures(roi, { firstorder: names }, options({ voxelArrayShift: 10, binWidth: 1 }));
  it("Energy = Σ (x + c)², TotalEnergy = voxel volume · Energy, RMS = √(Energy / N) with c = voxelArrayShift", () => {
    const energy = 11 ** 2 + 12 ** 2 + 13 ** 2 + 14 ** 2;
    expect(valueOf(rows, "original_firstorder_Energy")).toBeCloseTo(energy, 9);
    expect(valueOf(rows, "original_firstorder_TotalEnergy")).toBeCloseTo(2 * energy, 9);
    expect(valueOf(rows, "original_firstorder_RootMeanSquared")).toBeCloseTo(Math.sqrt(energy / 4), 12);
  });
  it("Kurtosis = m4/m2² (IBSI's excess kurtosis + 3); StandardDeviation = √ population variance", () => {
    const m2 = (2.25 * 2 + 0.25 * 2) / 4, m4 = (2.25 ** 2 * 2 + 0.25 ** 2 * 2) / 4;
    expect(valueOf(rows, "original_firstorder_Kurtosis")).toBeCloseTo(m4 / (m2 * m2), 12);
    expect(valueOf(rows, "original_firstorder_Variance")).toBeCloseTo(m2, 12);
    expect(valueOf(rows, "original_firstorder_StandardDeviation")).toBeCloseTo(Math.sqrt(m2), 12);
    expect(valueOf(rows, "original_firstorder_Mean")).toBe(2.5);
    expect(valueOf(rows, "original_firstorder_Skewness")).toBeCloseTo(0, 12);
  });
  it("names each value as PyRadiomics does, with the IBSI feature it equals", () => {
    const kurtosis = rows.find((r) => r.feature === "Kurtosis")!;
    expect(kurtosis).toMatchObject({ column: "original_firstorder_Kurtosis", pyClass: "firstorder", ibsiCode: "IPH6", aggregationCode: "DHQ4" });
    expect(rows.map((r) => r.feature)).toEqual(names);
  });
  it("without a shift, Energy is IBSI's Σ x²", () => {
    const plain = pyradiomicsFeatures(roi, { firstorder: ["Energy"] }, options());
    expect(valueOf(plain, "original_firstorder_Energy")).toBe(1 + 4 + 9 + 16);
  });
});

describe("a flat ROI: PyRadiomics' values where IBSI's are 0 or undefined", () => {
  const roi = roiOf([3, 3, 1], Array(9).fill(100));
  const rows = pyradiomicsFeatures(
    roi,
    { firstorder: ["Kurtosis", "Skewness", "Entropy", "Uniformity"], glcm: ["Correlation", "Imc1", "Imc2", "MCC", "JointEntropy"], ngtdm: ["Busyness", "Coarseness"] },
    options({ binWidth: 25 }),
  );
  it("Kurtosis and Skewness 0 (not 3)", () => {
    expect(valueOf(rows, "original_firstorder_Kurtosis")).toBe(0);
    expect(valueOf(rows, "original_firstorder_Skewness")).toBe(0);
  });
  it("entropies −Σ p log2(p + ε) = −ε/ln 2 for a single value, uniformity 1", () => {
    const eps = -Math.log2(1 + 2 ** -52);
    expect(valueOf(rows, "original_firstorder_Entropy")).toBe(eps);
    expect(valueOf(rows, "original_glcm_JointEntropy")).toBe(eps);
    expect(eps).toBeCloseTo(-3.2034265e-16, 22);
    expect(valueOf(rows, "original_firstorder_Uniformity")).toBe(1);
  });
  it("GLCM Correlation 1, Imc1 0, Imc2 0, MCC 1; NGTDM Busyness 0, Coarseness 10⁶", () => {
    expect(valueOf(rows, "original_glcm_Correlation")).toBe(1);
    expect(valueOf(rows, "original_glcm_Imc1")).toBe(0);
    expect(valueOf(rows, "original_glcm_Imc2")).toBe(0);
    expect(valueOf(rows, "original_glcm_MCC")).toBe(1);
    expect(valueOf(rows, "original_ngtdm_Busyness")).toBe(0);
    expect(valueOf(rows, "original_ngtdm_Coarseness")).toBe(1e6);
    expect(rows.find((r) => r.feature === "Correlation")!.note).toContain("PyRadiomics defines 1");
  });
});

describe("shape conventions", () => {
  it("axis lengths from the covariance divided by N (IBSI divides by N − 1): a 2×2×2 cube has 4·√0.25 = 2", () => {
    const roi = roiOf([2, 2, 2], Array(8).fill(1));
    const rows = pyradiomicsFeatures(roi, { shape: ["MajorAxisLength", "LeastAxisLength", "Elongation", "VoxelVolume"] }, options());
    expect(valueOf(rows, "original_shape_MajorAxisLength")).toBeCloseTo(2, 12);
    expect(valueOf(rows, "original_shape_LeastAxisLength")).toBeCloseTo(2, 12);
    expect(valueOf(rows, "original_shape_Elongation")).toBeCloseTo(1, 12);
    const ibsi = computeFeatures(roi, {}, ["morphology"]).find((r) => r.ibsiCode === "TDIC")!;
    expect(ibsi.value).toBeCloseTo(4 * Math.sqrt((0.25 * 8) / 7), 12);
  });
  it("the shape mask: the original mask cropped to the re-segmented mask's box (or the re-segmented mask itself)", () => {
    const morphMask = Uint8Array.from([1, 1, 1, 1]);
    const intensityMask = Uint8Array.from([0, 1, 0, 1]);
    const dims: Vec3 = [4, 1, 1];
    expect(Array.from(pyradiomicsShapeMask({ dims, morphMask, intensityMask }, false))).toEqual([0, 1, 1, 1]);
    expect(Array.from(pyradiomicsShapeMask({ dims, morphMask, intensityMask }, true))).toEqual([0, 1, 0, 1]);
  });
});

describe("texture aggregation: the IBSI method PyRadiomics' matrices amount to", () => {
  it("directions averaged (3D ITBB, force2D JJUI) or merged with no_weighting (IAZD, ZW7Z); one volume matrix (KOBO, 62GR)", () => {
    expect(pyradiomicsAggregations({ force2D: false, weightingNorm: null })).toEqual({ none: "DHQ4", directions: "ITBB", volume: "KOBO" });
    expect(pyradiomicsAggregations({ force2D: false, weightingNorm: "no_weighting" })).toEqual({ none: "DHQ4", directions: "IAZD", volume: "KOBO" });
    expect(pyradiomicsAggregations({ force2D: true, weightingNorm: null })).toEqual({ none: "DHQ4", directions: "JJUI", volume: "62GR" });
    expect(pyradiomicsAggregations({ force2D: true, weightingNorm: "no_weighting" })).toEqual({ none: "DHQ4", directions: "ZW7Z", volume: "62GR" });
  });
  it("GLCM and GLRLM values are the chosen aggregation's IBSI values", () => {
    const values = [1, 2, 1, 3, 2, 2, 1, 3, 3, 1, 2, 2, 3, 1, 1, 2, 3, 1];
    const roi = roiOf([3, 3, 2], values);
    for (const setting of [{}, { weightingNorm: "no_weighting" }, { force2D: true }]) {
      const opts = options({ ...setting, binWidth: 1 });
      const code = pyradiomicsAggregations(opts).directions;
      const rows = pyradiomicsFeatures(roi, { glcm: ["Contrast"], glrlm: ["RunPercentage"] }, opts);
      const ibsi = computeFeatures(roi, { aggregations: [code] }, ["glcm", "glrlm"]);
      expect(valueOf(rows, "original_glcm_Contrast")).toBe(ibsi.find((r) => r.ibsiCode === "ACUI")!.value);
      expect(valueOf(rows, "original_glrlm_RunPercentage")).toBe(ibsi.find((r) => r.ibsiCode === "9ZK5")!.value);
    }
  });
});

describe("PyRadiomics' NGTDM counts voxels without a ROI neighbour", () => {
  // levels 1 2 · · 1 along x: the last voxel has no neighbour in the ROI.
  const roi = roiOf([5, 1, 1], [1, 2, null, null, 1]);
  it("n_1 = 2 (one isolated), s_1 = 1, n_2 = 1, s_2 = 1: contrast p1 p2 · Σs/N = 2/9 · 2/3, complexity 2/3", () => {
    const { rows, isolated } = pyradiomicsNgtdm(roi, false);
    expect(isolated).toBe(1);
    const v = (code: string) => rows.find((r) => r.ibsiCode === code)!.value;
    expect(v("65HE")).toBeCloseTo((2 / 9) * (2 / 3), 12);
    expect(v("HDEZ")).toBeCloseTo(2 / 3, 12);
    expect(v("QCDE")).toBeCloseTo(1, 12);
    // IBSI leaves the isolated voxel out: p = ½, ½, contrast ¼ · 2/2.
    const ibsi = computeFeatures(roi, { aggregations: ["KOBO"] }, ["ngtdm"]);
    expect(ibsi.find((r) => r.ibsiCode === "65HE")!.value).toBeCloseTo(0.25, 12);
    expect(rows[0].note).toContain("1 ROI voxel(s) without a ROI neighbour");
  });
  it("equals IBSI's NGTDM when every voxel has a neighbour", () => {
    const solid = roiOf([3, 2, 1], [1, 2, 3, 2, 2, 1]);
    const py = pyradiomicsNgtdm(solid, false);
    expect(py.isolated).toBe(0);
    const ibsi = computeFeatures(solid, { aggregations: ["KOBO"] }, ["ngtdm"]);
    for (const r of py.rows) expect(r.value).toBe(ibsi.find((x) => x.ibsiCode === r.ibsiCode)!.value);
  });
});

describe("GLCM MCC (PyRadiomics only)", () => {
  it("levels 1 1 2 along x: Q's eigenvalues 1 and 1/9 (computed from Q directly), MCC = 1/3", () => {
    // Symmetric pair counts (1,1)×2, (1,2)×1, (2,1)×1 → P = [[.5, .25], [.25, 0]], p = [.75, .25].
    const p = [[0.5, 0.25], [0.25, 0]], px = [0.75, 0.25];
    const q = [0, 1].map((i) => [0, 1].map((j) => [0, 1].reduce((s, k) => s + (p[i][k] * p[j][k]) / (px[i] * px[k]), 0)));
    const tr = q[0][0] + q[1][1], det = q[0][0] * q[1][1] - q[0][1] * q[1][0];
    const second = (tr - Math.sqrt(tr * tr - 4 * det)) / 2;
    expect(second).toBeCloseTo(1 / 9, 12);
    const roi = roiOf([3, 1, 1], [1, 1, 2]);
    expect(pyradiomicsMcc(roi, { force2D: false, merged: false })).toBeCloseTo(Math.sqrt(second), 12);
  });
  it("a level absent from one direction's matrix adds a zero eigenvalue", () => {
    const m = new CooccurrenceMatrix(3);
    m.increment(0 * 3 + 0, 2); // only level 1 pairs with itself
    expect(mccOf(m, 3)).toBe(0);
  });
  it("averaged over the directions that have pairs, or on the merged matrix", () => {
    const roi = roiOf([3, 2, 1], [1, 2, 2, 2, 1, 1]);
    const avg = pyradiomicsMcc(roi, { force2D: false, merged: false });
    const merged = pyradiomicsMcc(roi, { force2D: false, merged: true });
    expect(avg).toBeGreaterThan(0);
    expect(avg).toBeLessThanOrEqual(1);
    expect(merged).not.toBeCloseTo(avg, 6);
  });
});
