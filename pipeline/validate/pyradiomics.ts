import { existsSync } from "node:fs";
import { join } from "node:path";
import { runPyradiomics } from "../../analysis/conventions/pyradiomicsPipeline.js";
import type { PyradiomicsClass } from "../../analysis/conventions/pyradiomicsRegistry.js";
import { settingsFromPyradiomics } from "../../analysis/conventions/pyradiomicsSettings.js";
import type { Mask, Volume } from "../../analysis/core/volume.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { readPyradiomicsBaselines, type BaselineTest } from "./pyradiomicsBaseline.js";
import { parsePythonLiteral } from "./pythonLiteral.js";
import type { CheckResult, ValidationSection } from "./types.js";

/**
 * PyRadiomics' own test cases (brain1, brain2, breast1) and every variant of them in its baseline
 * tables, run through `--conventions pyradiomics` and compared with PyRadiomics' test criterion:
 * a value passes when |1 − value/baseline| < 3 % (exactly equal when the baseline is 0).
 */

export const PYRADIOMICS_TEST_CASES = ["brain1", "brain2", "breast1"] as const;
/** PyRadiomics' tolerance (tests/testUtils.py checkResult). */
export const RELATIVE_TOLERANCE = 0.03;

export interface FeatureComparison {
  column: string;
  value: number;
  baseline: number;
  /** |1 − value/baseline| (0 or 1 when the baseline is 0). */
  difference: number;
  ok: boolean;
  ibsiCode: string | null;
  note?: string;
}

export interface DiagnosticComparison {
  name: string;
  value: string;
  baseline: string;
  ok: boolean;
}

export interface TestOutcome {
  test: string;
  testCase: string;
  features: FeatureComparison[];
  /** every diagnostics_* value of this column that we compute (image/ROI, before and after resampling). */
  diagnostics: DiagnosticComparison[];
  /** why the test could not run (settings we cannot honour, a failed ROI check). */
  error?: string;
  seconds: number;
}

export function relativeDifference(value: number, baseline: number): number {
  if (baseline === 0) return value === 0 ? 0 : 1;
  return Math.abs(1 - value / baseline);
}

/** The baseline's features of a test as a featureClass selection. */
function selectionOf(test: BaselineTest): Partial<Record<PyradiomicsClass, string[]>> {
  const out: Partial<Record<PyradiomicsClass, string[]>> = {};
  for (const column of test.features.keys()) {
    const [, cls, name] = /^original_([^_]+)_(.+)$/.exec(column) ?? [];
    if (!cls) continue;
    (out[cls as PyradiomicsClass] ??= []).push(name);
  }
  return out;
}

/** Runs one baseline test on its image and label map. */
export function runBaselineTest(test: BaselineTest, image: Volume, mask: Mask, maskName: string): TestOutcome {
  const started = performance.now();
  const done = (o: Omit<TestOutcome, "seconds" | "test" | "testCase">): TestOutcome => ({
    test: test.test,
    testCase: test.testCase,
    ...o,
    seconds: (performance.now() - started) / 1000,
  });
  try {
    const selection = selectionOf(test);
    const settings = settingsFromPyradiomics({ setting: test.settings, featureClass: selection }, `baseline ${test.test}`);
    const { values, diagnostics } = runPyradiomics(image, mask, settings, maskName);
    const features = values.map((v) => {
      const baseline = test.features.get(v.column)!;
      const difference = relativeDifference(v.value, baseline);
      return { column: v.column, value: v.value, baseline, difference, ok: difference < RELATIVE_TOLERANCE, ibsiCode: v.ibsiCode, ...(v.note ? { note: v.note } : {}) };
    });
    const ours = { ...diagnostics.original, ...diagnostics.interpolated } as Record<string, number | number[]>;
    return done({ features, diagnostics: compareDiagnostics(test, ours) });
  } catch (err) {
    return done({ features: [], diagnostics: [], error: (err as Error).message });
  }
}

/**
 * The baseline's diagnostics of a test against ours, where we compute them: counts, sizes and
 * indices exactly, intensities and physical points to 1e-6 (relative).
 */
export function compareDiagnostics(test: BaselineTest, ours: Record<string, number | number[]>): DiagnosticComparison[] {
  const out: DiagnosticComparison[] = [];
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
  for (const [name, text] of test.diagnostics) {
    if (!(name in ours)) continue;
    const expected = parsePythonLiteral(text);
    const value = ours[name];
    const ok = Array.isArray(value)
      ? Array.isArray(expected) && expected.length === value.length && value.every((v, i) => close(v, expected[i] as number))
      : typeof expected === "number" && close(value, expected);
    out.push({ name, value: JSON.stringify(value), baseline: text, ok });
  }
  return out;
}

/** Runs every baseline test of brain1, brain2 and breast1 (the cases whose images are in DATA/pyradiomics). */
export function runPyradiomicsValidation(dataDir: string, log: (line: string) => void): TestOutcome[] {
  const root = existsSync(join(dataDir, "baseline")) ? dataDir : join(dataDir, "pyradiomics");
  const baselines = [...readPyradiomicsBaselines(join(root, "baseline")).values()];
  const tests: TestOutcome[] = [];
  for (const testCase of PYRADIOMICS_TEST_CASES) {
    const imagePath = join(root, `${testCase}_image.nrrd`);
    const maskPath = join(root, `${testCase}_label.nrrd`);
    const caseTests = baselines.filter((t) => t.testCase === testCase);
    const image = readVolume(imagePath);
    const labels = new Set(caseTests.map((t) => (typeof t.settings.label === "number" ? t.settings.label : 1)));
    const masks = new Map([...labels].map((l) => [l, readMask(maskPath, image, { label: l })]));
    for (const t of caseTests) {
      const outcome = runBaselineTest(t, image, masks.get(typeof t.settings.label === "number" ? t.settings.label : 1)!, maskPath);
      tests.push(outcome);
      log(summaryLine(outcome));
    }
  }
  return tests;
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;

/** Features within 3 % per PyRadiomics class over every test: "firstorder 216/216, …". */
export function perClassLine(tests: readonly TestOutcome[]): string {
  const counts = new Map<string, [number, number]>();
  for (const o of tests)
    for (const f of o.features) {
      const cls = f.column.split("_")[1];
      const c = counts.get(cls) ?? [0, 0];
      counts.set(cls, [c[0] + (f.ok ? 1 : 0), c[1] + 1]);
    }
  return [...counts].map(([cls, [ok, n]]) => `${cls} ${ok}/${n}`).join(", ");
}

export function summaryLine(o: TestOutcome): string {
  if (o.error) return `${o.test.padEnd(24)} not run: ${o.error}`;
  const ok = o.features.filter((f) => f.ok).length;
  return `${o.test.padEnd(24)} ${ok}/${o.features.length} within 3 % (${o.seconds.toFixed(1)} s)`;
}

export function mismatchLines(o: TestOutcome): string[] {
  return o.features
    .filter((f) => !f.ok)
    .map((f) => `  ${o.test} ${f.column}: ${f.value.toPrecision(7)} vs baseline ${f.baseline.toPrecision(7)} (${pct(f.difference)})${f.note ? ` [${f.note}]` : ""}`);
}

/** The comparison as a section of `deface-impact validate --data DIR`. */
export const pyradiomicsSection: ValidationSection = {
  name: "pyradiomics",
  async run(dataDir: string, _workDir: string, log: (line: string) => void): Promise<CheckResult[]> {
    const tests = runPyradiomicsValidation(dataDir, log);
    log(`per class: ${perClassLine(tests)}`);
    const checks: CheckResult[] = [];
    for (const o of tests) {
      const bad = mismatchLines(o);
      checks.push({
        name: `PyRadiomics ${o.test} features`,
        ok: !o.error && bad.length === 0 && o.features.length > 0,
        detail: o.error ?? `${o.features.length - bad.length}/${o.features.length} within 3 % of the baseline${bad.length ? `; mismatches:\n${bad.join("\n")}` : ""}`,
      });
    }
    for (const o of tests) {
      const ds = o.diagnostics;
      if (ds.length === 0) continue;
      const bad = ds.filter((d) => !d.ok);
      checks.push({
        name: `PyRadiomics ${o.test} image/ROI diagnostics`,
        ok: bad.length === 0 && ds.length > 0,
        detail: `${ds.length - bad.length}/${ds.length} equal (${ds.map((d) => d.name).join(", ")})${bad.length ? `; differ: ${bad.map((d) => `${d.name} ${d.value} vs ${d.baseline}`).join("; ")}` : ""}`,
      });
    }
    return checks;
  },
};
