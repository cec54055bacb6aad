import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { inputError } from "../../analysis/core/errors.js";
import { parseCsv } from "./ibsiReferenceCsv.js";
import { parsePythonLiteral, type PythonValue } from "./pythonLiteral.js";

/**
 * PyRadiomics' baseline tables (data/baseline/baseline_<class>.csv): one row per feature
 * (original_<class>_<Feature>) or diagnostic (diagnostics_*), one column per test (a test case such
 * as brain1 and a variant such as brain1_resampling). The row diagnostics_Configuration_Settings
 * holds the test's PyRadiomics settings as a Python dict.
 */
export interface BaselineTest {
  /** column name, e.g. brain1_resampling. */
  test: string;
  /** the image and label pair, e.g. brain1. */
  testCase: string;
  /** PyRadiomics' settings of this test (the Python dict, parsed). */
  settings: Record<string, PythonValue>;
  /** baseline feature values by PyRadiomics column name, over every class file that has the test. */
  features: Map<string, number>;
  /** diagnostics_* rows (without the prefix), as written (Python literals). */
  diagnostics: Map<string, string>;
}

/** Reads every baseline_<class>.csv in `dir` and merges the tests across classes. */
export function readPyradiomicsBaselines(dir: string): Map<string, BaselineTest> {
  if (!existsSync(dir)) throw inputError("PyRadiomics baseline folder not found", dir);
  const files = readdirSync(dir).filter((f) => /^baseline_\w+\.csv$/.test(f)).sort();
  if (files.length === 0) throw inputError("no baseline_<class>.csv files here", dir);
  const tests = new Map<string, BaselineTest>();
  for (const file of files) {
    const path = join(dir, file);
    const [header, ...rows] = parseCsv(readFileSync(path, "utf8")).filter((r) => r.length > 1);
    if (header?.[0] !== "featureName") throw inputError("not a PyRadiomics baseline table (first column is not featureName)", path);
    const byName = new Map(rows.map((r) => [r[0], r]));
    for (let c = 1; c < header.length; c++) {
      const test = header[c];
      const settingsText = byName.get("diagnostics_Configuration_Settings")?.[c] ?? "";
      if (settingsText === "") continue;
      let entry = tests.get(test);
      if (!entry) {
        let settings: PythonValue;
        try {
          settings = parsePythonLiteral(settingsText);
        } catch (err) {
          throw inputError(`test ${test}: ${(err as Error).message}`, path, err);
        }
        if (typeof settings !== "object" || settings === null || Array.isArray(settings)) throw inputError(`test ${test}: settings are not a dict`, path);
        const testCase = byName.get("diagnostics_Configuration_TestCase")?.[c] || test.split("_")[0];
        entry = { test, testCase, settings, features: new Map(), diagnostics: new Map() };
        tests.set(test, entry);
      }
      for (const [name, r] of byName) {
        const cell = r[c] ?? "";
        if (cell === "") continue;
        if (name.startsWith("diagnostics_")) entry.diagnostics.set(name.slice("diagnostics_".length), cell);
        else if (name.startsWith("original_")) entry.features.set(name, Number(cell));
      }
    }
  }
  return tests;
}
