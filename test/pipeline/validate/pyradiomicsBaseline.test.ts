import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readPyradiomicsBaselines } from "../../../pipeline/validate/pyradiomicsBaseline.js";
import { relativeDifference, RELATIVE_TOLERANCE } from "../../../pipeline/validate/pyradiomics.js";
import { parsePythonLiteral } from "../../../pipeline/validate/pythonLiteral.js";

describe("Python literals (PyRadiomics' settings dicts and tuples)", () => {
  it("dicts, lists, tuples, strings, numbers, True/False/None", () => {
    const text = "{'distances': [1], 'voxelArrayShift': 2000, 'force2D': False, 'interpolator': 'sitkBSpline', 'resampledPixelSpacing': None, 'normalizeScale': 1e2, 'resegmentRange': [-3, 3.5], 'flag': True}";
    expect(parsePythonLiteral(text)).toEqual({
      distances: [1],
      voxelArrayShift: 2000,
      force2D: false,
      interpolator: "sitkBSpline",
      resampledPixelSpacing: null,
      normalizeScale: 100,
      resegmentRange: [-3, 3.5],
      flag: true,
    });
    expect(parsePythonLiteral("(162, 84, 11, 47, 70, 7)")).toEqual([162, 84, 11, 47, 70, 7]);
    expect(parsePythonLiteral('{"a": (0.78, -99.6)}')).toEqual({ a: [0.78, -99.6] });
  });
  it("anything else is an error naming the position", () => {
    expect(() => parsePythonLiteral("{'a': numpy.float64(1)}")).toThrow(/character 6/);
    expect(() => parsePythonLiteral("[1, 2")).toThrow(/Python literal/);
    expect(() => parsePythonLiteral("1 2")).toThrow(/trailing/);
  });
});

describe("PyRadiomics' baseline tables", () => {
  const dir = mkdtempSync(join(tmpdir(), "pyr-baseline-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const settings = `"{'binWidth': 25, 'label': 1}"`;
  writeFileSync(
    join(dir, "baseline_firstorder.csv"),
    [
      "featureName,caseA,caseA_variant,lung1",
      "diagnostics_Configuration_TestCase,caseA,caseA,lung1",
      `diagnostics_Configuration_Settings,${settings},"{'binCount': 8}",${settings}`,
      `diagnostics_Mask-original_BoundingBox,"(1, 2, 3, 4, 5, 6)",,`,
      "original_firstorder_Mean,10.5,11,12",
      "original_firstorder_Kurtosis,3.25,,4",
    ].join("\n") + "\n",
  );
  writeFileSync(
    join(dir, "baseline_glcm.csv"),
    ["featureName,caseA", "diagnostics_Configuration_TestCase,caseA", `diagnostics_Configuration_Settings,${settings}`, "original_glcm_Contrast,2.5"].join("\n") + "\n",
  );
  const tests = readPyradiomicsBaselines(dir);
  it("one test per column, merged across the class files, with its settings parsed", () => {
    expect([...tests.keys()].sort()).toEqual(["caseA", "caseA_variant", "lung1"]);
    const a = tests.get("caseA")!;
    expect(a.testCase).toBe("caseA");
    expect(a.settings).toEqual({ binWidth: 25, label: 1 });
    expect(Object.fromEntries(a.features)).toEqual({ original_firstorder_Mean: 10.5, original_firstorder_Kurtosis: 3.25, original_glcm_Contrast: 2.5 });
    expect(a.diagnostics.get("Mask-original_BoundingBox")).toBe("(1, 2, 3, 4, 5, 6)");
    const v = tests.get("caseA_variant")!;
    expect(v.settings).toEqual({ binCount: 8 });
    expect([...v.features.keys()]).toEqual(["original_firstorder_Mean"]); // empty cells are not baselines
  });
  it("a folder without baseline files is an input error", () => {
    expect(() => readPyradiomicsBaselines(join(dir, "missing"))).toThrow(/not found/);
  });
});

describe("PyRadiomics' test criterion", () => {
  it("|1 − value/baseline| < 3 %; a baseline of 0 needs exactly 0", () => {
    expect(relativeDifference(102.9, 100) < RELATIVE_TOLERANCE).toBe(true);
    expect(relativeDifference(103, 100) < RELATIVE_TOLERANCE).toBe(false);
    expect(relativeDifference(-97.5, -100) < RELATIVE_TOLERANCE).toBe(true);
    expect(relativeDifference(0, 0)).toBe(0);
    expect(relativeDifference(1e-20, 0)).toBe(1);
  });
});
