import { describe, expect, it } from "vitest";
import { makeBaseline, readBaseline, serialiseBaseline, writeBaseline } from "../../../pipeline/regress/baselineFile.js";
import { compareWithBaseline } from "../../../pipeline/regress/baselineComparison.js";
import { suiteEntries, type SuiteOutput } from "../../../pipeline/regress/entries.js";
import { driftPatterns, driftReport } from "../../../pipeline/regress/driftSummary.js";
import { junitXml } from "../../../pipeline/regress/junit.js";
import { defaultTolerances, toleranceFor, type Tolerances } from "../../../pipeline/regress/tolerances.js";
import type { FeatureRow } from "../../../analysis/impact/featureRow.js";
import { computeShifts } from "../../../analysis/impact/shifts.js";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { descendants, parseXml } from "./xml.js";

const FAMILIES: [string, string[]][] = [
  ["intensity_statistics", ["Q4LE", "KE2A", "IPH6"]],
  ["glszm", ["5QRC", "48P8", "XMSY", "5GN9"]],
  ["glcm", ["GYBY", "60VM"]],
];
const NORMS = ["none", "zscore-global", "zscore-roi"];

/** Synthetic suite output: two subjects, an original and a defaced condition, three families and normalisations. */
function output(perturb: (r: FeatureRow) => number = (r) => r.value): SuiteOutput {
  const features: FeatureRow[] = [];
  let v = 1;
  for (const subject of ["s1", "s2"])
    for (const condition of ["original", "defaced-zero"])
      for (const normalization of NORMS)
        for (const [family, codes] of FAMILIES)
          for (const code of codes) {
            v = (v * 1.37) % 97;
            const row: FeatureRow = {
              subject,
              condition,
              normalization,
              config: "fbn32",
              family,
              feature: `feature ${code}`,
              ibsi_code: code,
              aggregation: "3D merged",
              aggregation_code: family === "intensity_statistics" ? "DHQ4" : "IAZD",
              value: 1000 + v + (condition === "original" ? 0 : 0.5),
            };
            features.push({ ...row, value: perturb(row) });
          }
  const shifts = ["s1", "s2"].flatMap((s) =>
    computeShifts(
      features.filter((r) => r.subject === s && r.condition === "original"),
      features.filter((r) => r.subject === s && r.condition === "defaced-zero"),
    ),
  );
  return { features, shifts };
}

function baselineOf(out: SuiteOutput, tolerances: Tolerances = defaultTolerances()) {
  const { entries, catalogue } = suiteEntries(out);
  return makeBaseline({ software: { deface_impact: "test" }, date: new Date(0), suite: "synthetic", settings: { seed: 1 }, tolerances, catalogue, entries });
}

describe("tolerances", () => {
  it("applies matching overrides in file order, each replacing only the fields it sets", () => {
    const t: Tolerances = {
      default: { abs: 1e-12, rel: 1e-9 },
      overrides: [
        { family: "glszm", rel: 1e-6 },
        { family: "glszm", normalization: "zscore-global", abs: 0.5 },
        { ibsi_code: "48P8", rel: 0 },
      ],
    };
    const at = (family: string, normalization: string, ibsi_code: string) =>
      toleranceFor({ kind: "value", subject: "s", condition: "original", normalization, config: "fbn32", family, ibsi_code, aggregation_code: "IAZD" }, t);
    expect(at("glcm", "zscore-global", "GYBY")).toEqual({ abs: 1e-12, rel: 1e-9 });
    expect(at("glszm", "none", "5QRC")).toEqual({ abs: 1e-12, rel: 1e-6 });
    expect(at("glszm", "zscore-global", "5QRC")).toEqual({ abs: 0.5, rel: 1e-6 });
    expect(at("glszm", "zscore-global", "48P8")).toEqual({ abs: 0.5, rel: 0 });
  });
});

describe("compareWithBaseline", () => {
  it("passes identical results and absorbs last-digit changes, but catches a 1e-7 relative drift", () => {
    const base = baselineOf(output());
    expect(compareWithBaseline(base, suiteEntries(output())).failures).toHaveLength(0);
    const ulp = compareWithBaseline(base, suiteEntries(output((r) => r.value * (1 + 4e-16))));
    expect(ulp.failures).toHaveLength(0);
    const drift = compareWithBaseline(base, suiteEntries(output((r) => (r.ibsi_code === "KE2A" ? r.value * (1 + 1e-7) : r.value))));
    const values = drift.failures.filter((c) => c.kind === "value");
    expect(values).toHaveLength(2 * 2 * NORMS.length);
    expect(values.every((c) => c.ibsi_code === "KE2A" && c.family === "intensity_statistics" && c.status === "drift")).toBe(true);
  });

  it("scales a shift's tolerance with the feature values, not the (small) shift", () => {
    const base = baselineOf(output());
    // Values ~1000 moving by 1e-12 relative change the 0.5 shifts by ~1e-9: rounding noise, not drift.
    const noisy = compareWithBaseline(base, suiteEntries(output((r) => (r.condition === "original" ? r.value * (1 + 1e-12) : r.value))));
    expect(noisy.failures).toHaveLength(0);
    // A shift that doubles while the original stays put is drift.
    const doubled = compareWithBaseline(base, suiteEntries(output((r) => (r.condition === "original" ? r.value : r.value + 0.5))));
    expect(doubled.failures.some((c) => c.kind === "shift")).toBe(true);
  });

  it("lets an override in the baseline widen the tolerance for one family in one normalisation", () => {
    const moved = output((r) => (r.family === "glszm" && r.normalization === "zscore-global" ? r.value * 1.001 : r.value));
    const strict = compareWithBaseline(baselineOf(output()), suiteEntries(moved));
    expect(strict.failures.length).toBeGreaterThan(0);
    const loose = baselineOf(output(), { default: { abs: 1e-12, rel: 1e-9 }, overrides: [{ family: "glszm", normalization: "zscore-global", rel: 0.01 }] });
    expect(compareWithBaseline(loose, suiteEntries(moved)).failures).toHaveLength(0);
    const otherNorm = baselineOf(output(), { default: { abs: 1e-12, rel: 1e-9 }, overrides: [{ family: "glszm", normalization: "zscore-roi", rel: 0.01 }] });
    expect(compareWithBaseline(otherNorm, suiteEntries(moved)).failures.length).toBe(strict.failures.length);
  });

  it("treats NaN as equal to NaN only, and reports missing and added features", () => {
    const withNaN = output((r) => (r.ibsi_code === "IPH6" ? NaN : r.value));
    const base = baselineOf(withNaN);
    expect(compareWithBaseline(base, suiteEntries(withNaN)).failures).toHaveLength(0);
    expect(compareWithBaseline(base, suiteEntries(output())).failures.some((c) => c.ibsi_code === "IPH6")).toBe(true);
    const fewer = output();
    fewer.features = fewer.features.filter((r) => r.ibsi_code !== "GYBY");
    fewer.shifts = fewer.shifts.filter((r) => r.ibsi_code !== "GYBY");
    const missing = compareWithBaseline(base, suiteEntries(fewer)).failures.filter((c) => c.ibsi_code === "GYBY");
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.every((c) => c.status === "missing")).toBe(true);
    const added = compareWithBaseline(baselineOf(fewer), suiteEntries(output())).failures;
    expect(added.length).toBeGreaterThan(0);
    expect(added.every((c) => c.status === "added" && c.ibsi_code === "GYBY")).toBe(true);
  });
});

describe("drift patterns", () => {
  it('says "all GLSZM features in zscore-global moved" when exactly that group moved', () => {
    const moved = output((r) => (r.family === "glszm" && r.normalization === "zscore-global" ? r.value * (1 + 1e-3 * (r.condition === "original" ? 1 : 2)) : r.value));
    const c = compareWithBaseline(baselineOf(output()), suiteEntries(moved));
    expect(driftPatterns(c.groups)).toEqual(["all GLSZM features in zscore-global moved (24 values and shifts)"]);
    const report = driftReport(c.groups, 3).join("\n");
    expect(report).toContain("GLSZM in zscore-global: 24 of 24");
    expect(report).toMatch(/s1 · original · zscore-global · fbn32 · feature 5QRC \(5QRC, IAZD\) value: baseline [\d.]+, now [\d.]+, \|Δ\| .* > allowed/);
    expect(report).toContain("… and 21 more");
  });

  it("names a normalisation where every family moved, and a family that moved in every normalisation", () => {
    const norm = output((r) => (r.normalization === "zscore-roi" ? r.value + (r.condition === "original" ? 1 : 3) : r.value));
    expect(driftPatterns(compareWithBaseline(baselineOf(output()), suiteEntries(norm)).groups)).toEqual([
      "every feature in zscore-roi moved (3 families, 54 values and shifts)",
    ]);
    const fam = output((r) => (r.family === "glcm" ? r.value + (r.condition === "original" ? 1 : 3) : r.value));
    expect(driftPatterns(compareWithBaseline(baselineOf(output()), suiteEntries(fam)).groups)).toEqual([
      "all GLCM features moved, in every normalisation (none, zscore-global, zscore-roi)",
    ]);
  });

  it("narrows a partial drift to the subject and kind it touched", () => {
    const one = output((r) => (r.subject === "s2" && r.ibsi_code === "GYBY" && r.normalization === "none" && r.condition === "original" ? r.value + 1 : r.value));
    const lines = driftPatterns(compareWithBaseline(baselineOf(output()), suiteEntries(one)).groups);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^GLCM in none: 2 of 12 moved \(only s2; .*feature GYBY/);
  });
});

describe("drift patterns: structure", () => {
  it("reports a condition that appeared as a whole once, not as added features in every group", () => {
    const base = output();
    base.features = base.features.filter((r) => r.condition === "original");
    base.shifts = [];
    const c = compareWithBaseline(baselineOf(base), suiteEntries(output()));
    expect(c.failures.every((f) => f.status === "added")).toBe(true);
    expect(driftPatterns(c.groups)).toEqual(["new condition defaced-zero (s1, s2): 108 values and shifts not in the baseline"]);
  });
});

describe("baseline file", () => {
  it("round-trips every number bit for bit (NaN and infinities too), with sorted keys", () => {
    const special = output((r) => (r.ibsi_code === "IPH6" ? NaN : r.ibsi_code === "XMSY" ? -Infinity : r.value / 3));
    const b = baselineOf(special);
    const dir = mkdtempSync(join(tmpdir(), "regress-"));
    const file = join(dir, "b.json");
    writeBaseline(file, b);
    const back = readBaseline(file);
    expect(compareWithBaseline(back, suiteEntries(special), { default: { abs: 0, rel: 0 }, overrides: [] }).failures).toHaveLength(0);
    const text = readFileSync(file, "utf8");
    expect(text).toBe(serialiseBaseline(back));
    const top = Object.keys(JSON.parse(text));
    expect(top).toEqual([...top].sort());
    expect(text).toContain('"NaN"');
    expect(text).toContain('"-Infinity"');
  });

  it("rejects a file that is not a baseline, naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "regress-"));
    expect(() => readBaseline(join(dir, "absent.json"))).toThrow(/absent.json: no such baseline file/);
  });
});

describe("JUnit XML", () => {
  it("has one test case per family and normalisation, with failures carrying the drifted features", () => {
    const moved = output((r) => (r.family === "glszm" && r.normalization === "zscore-global" ? r.value * 1.01 : r.value));
    const c = compareWithBaseline(baselineOf(output()), suiteEntries(moved));
    const root = parseXml(junitXml("synthetic <&>", c.groups, 1.5));
    expect(root.name).toBe("testsuites");
    const cases = descendants(root, "testcase");
    expect(cases).toHaveLength(FAMILIES.length * NORMS.length);
    const failed = cases.filter((t) => descendants(t, "failure").length > 0);
    expect(failed.map((t) => t.attributes.name)).toEqual(["GLSZM in zscore-global"]);
    expect(descendants(root, "testsuite")[0].attributes).toMatchObject({ name: "synthetic <&>", tests: "9", failures: "1" });
    expect(descendants(failed[0], "failure")[0].text).toContain("s1 · original · zscore-global · fbn32 · feature 5QRC (5QRC, IAZD) value: baseline");
  });
});
