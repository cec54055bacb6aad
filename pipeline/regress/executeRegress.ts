import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { DefaceImpactError, usageError } from "../../analysis/core/errors.js";
import type { Settings } from "../../analysis/settings.js";
import { requireIbsiConventions } from "../settings/requirements.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { softwareVersions } from "../report/provenance.js";
import { projectRoot } from "../version.js";
import { makeBaseline, readBaseline, writeBaseline, type Baseline } from "./baselineFile.js";
import { compareWithBaseline, type Comparison } from "./baselineComparison.js";
import { driftPatterns, driftReport } from "./driftSummary.js";
import { suiteEntries } from "./entries.js";
import { junitXml } from "./junit.js";
import { manifestSuite } from "./manifestSuite.js";
import { DEFAULT_PHANTOM_SEED, phantomSuite } from "./phantomSuite.js";
import { settingsDifferences } from "./settingsDiff.js";
import { runSuite, selectSubjects, type RegressSuite, type SuiteHooks } from "./suite.js";
import { CohortFailures } from "../run/cohortFailures.js";
import { defaultTolerances, type Tolerances } from "./tolerances.js";

/** The baseline the project ships for the phantom suite (regenerate with `regress --update-baseline`). */
export const shippedBaselinePath = (): string => join(projectRoot(), "fixtures", "regression-baseline.json");

export interface RegressOptions {
  /** the settings the suite runs under (regress' own fills under the user's settings). */
  settings: Settings;
  /** "phantoms" or a manifest CSV. */
  suite: string;
  /** default: the shipped baseline for the phantom suite; required for a manifest suite. */
  baseline?: string;
  updateBaseline: boolean;
  /** default: the baseline's seed, else 1. */
  phantomSeed?: number;
  /** only these subjects (default: the baseline's selection, else all). */
  subjects?: string[];
  junit?: string;
  /** drifted features listed per group (Infinity: all). */
  details: number;
}

export interface RegressOutcome {
  ok: boolean;
  baselinePath: string;
  comparison?: Comparison;
  seconds: number;
  values: number;
  shifts: number;
}

export type RegressHooks = SuiteHooks & { out: (line: string) => void; now?: () => Date };

/**
 * `deface-impact regress`: runs a suite and compares every feature value and shift with the
 * baseline (or, with updateBaseline, writes a new one). A failed comparison throws a "check"
 * error (exit 1) after the report and the JUnit file are written.
 */
export async function executeRegress(opts: RegressOptions, hooks: RegressHooks): Promise<RegressOutcome> {
  requireIbsiConventions(opts.settings, "regress");
  const isPhantoms = opts.suite === "phantoms";
  if (!isPhantoms && opts.phantomSeed !== undefined) throw usageError("--phantom-seed applies to --suite phantoms only");
  if (!isPhantoms && !existsSync(opts.suite)) throw usageError(`--suite: "${opts.suite}" is neither "phantoms" nor an existing manifest file`);
  if (!isPhantoms && !opts.baseline) throw usageError("a manifest suite needs --baseline FILE (the project ships a baseline for the phantom suite only)");
  const baselinePath = opts.baseline ?? shippedBaselinePath();

  // The previous baseline: compared against, or (when updating) its tolerances kept.
  let previous: Baseline | undefined;
  if (!opts.updateBaseline || existsSync(baselinePath)) {
    try {
      previous = readBaseline(baselinePath);
    } catch (err) {
      if (!opts.updateBaseline) throw err;
      hooks.warn(`${baselinePath}: not a valid baseline, replacing it with default tolerances (${(err as Error).message})`);
    }
  }
  const seed = opts.phantomSeed ?? numberSetting(previous, "phantom_seed") ?? DEFAULT_PHANTOM_SEED;
  let suite: RegressSuite = isPhantoms ? phantomSuite(opts.settings, seed) : manifestSuite(opts.suite, opts.settings);
  const subjects = opts.subjects ?? stringsSetting(previous, "subjects");
  const selected = selectSubjects(suite, subjects);
  if (selected.unknown.length) {
    throw usageError(`unknown subject(s) ${selected.unknown.join(", ")}: the suite has ${suite.subjects.map((s) => s.name).join(", ")}`);
  }
  suite = selected.suite;

  const started = performance.now();
  // a failing subject is reported and skipped; the command fails at the end, naming it
  const failures = new CohortFailures(isPhantoms ? undefined : opts.suite, hooks.warn);
  const output = await runSuite(suite, hooks, failures);
  const total = suite.subjects.length;
  if (opts.updateBaseline) failures.throwIfAny(total, `no baseline was written (${baselinePath} is unchanged)`);
  suite = { ...suite, subjects: suite.subjects.filter((s) => !failures.failedSubjects.includes(s.name)) };
  const seconds = (performance.now() - started) / 1000;
  const current = suiteEntries(output);
  const counts = { values: output.features.length, shifts: output.shifts.length };
  const summary = `${counts.values} feature values and ${counts.shifts} shifts of ${suite.subjects.length} subject(s) in ${seconds.toFixed(1)} s`;

  if (opts.updateBaseline) {
    if (opts.junit) hooks.warn("--junit is ignored with --update-baseline (nothing is compared)");
    const tolerances: Tolerances = previous?.tolerances ?? defaultTolerances();
    const baseline = makeBaseline({
      software: softwareVersions(),
      date: hooks.now?.() ?? new Date(),
      suite: suite.name,
      settings: suite.settings,
      tolerances,
      catalogue: current.catalogue,
      entries: current.entries,
    });
    if (previous) {
      const changes = compareWithBaseline(previous, current, tolerances);
      const patterns = driftPatterns(changes.groups);
      hooks.out(patterns.length ? `changes from the previous baseline (${changes.failures.length}):` : "no change from the previous baseline");
      patterns.forEach((l) => hooks.out(`  ${l}`));
    }
    writeBaseline(baselinePath, baseline);
    hooks.out(`wrote ${baselinePath}: ${summary} (${(statSync(baselinePath).size / 1e6).toFixed(2)} MB)`);
    return { ok: true, baselinePath, seconds, ...counts };
  }

  const base = restrictToSubjects(previous!, suite.subjects.map((s) => s.name));
  const comparison = compareWithBaseline(base, current);
  hooks.out(`compared ${summary} with ${baselinePath} (recorded ${base.date} by deface-impact ${String(base.software.deface_impact ?? "?")})`);
  const differences = settingsDifferences(stripSelection(base.settings), stripSelection(suite.settings));
  if (differences.length) {
    hooks.out("settings differ from the baseline's:");
    differences.forEach((d) => hooks.out(`  ${d}`));
  }
  if (opts.junit) writeFileAtomic(opts.junit, junitXml(suite.name, comparison.groups, seconds));
  const ok = comparison.failures.length === 0;
  if (ok) hooks.out(`all ${comparison.checks.length} values and shifts within tolerance (${comparison.groups.length} family x normalisation groups)`);
  else driftReport(comparison.groups, opts.details).forEach((l) => hooks.out(l));
  failures.throwIfAny(total, `the other subjects were compared: ${ok ? "all within tolerance" : `${comparison.failures.length} values and shifts outside tolerance`}`);
  if (ok) return { ok, baselinePath, comparison, seconds, ...counts };
  const failedGroups = comparison.groups.filter((g) => g.failures.length > 0).length;
  throw new DefaceImpactError(
    "check",
    `regression: ${comparison.failures.length} of ${comparison.checks.length} feature values and shifts outside tolerance, in ${failedGroups} of ${comparison.groups.length} family x normalisation groups (if the change is intended, rerun with --update-baseline)`,
  );
}

function numberSetting(b: Baseline | undefined, key: string): number | undefined {
  const v = b?.settings[key];
  return typeof v === "number" ? v : undefined;
}

function stringsSetting(b: Baseline | undefined, key: string): string[] | undefined {
  const v = b?.settings[key];
  return Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined;
}

/** The subject selection is a choice of what to compare, not a setting that changes values. */
function stripSelection(settings: Record<string, unknown>): Record<string, unknown> {
  const { subjects: _ignored, ...rest } = settings;
  return rest;
}

/** The baseline without the subjects this run leaves out, so they are not reported missing. */
function restrictToSubjects(b: Baseline, subjects: readonly string[]): Baseline {
  const pick = (nested: Baseline["features"]) => Object.fromEntries(Object.entries(nested).filter(([s]) => subjects.includes(s)));
  return { ...b, features: pick(b.features), shifts: pick(b.shifts) };
}
