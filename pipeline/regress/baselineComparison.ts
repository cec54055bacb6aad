import { baselineEntries, type Baseline } from "./baselineFile.js";
import { locationId, type CatalogueEntry, type Entry } from "./entries.js";
import { allowedDifference, toleranceFor, withinTolerance, type Tolerance, type Tolerances } from "./tolerances.js";

/** ok: within tolerance; drift: outside; missing: in the baseline only; added: computed now only. */
export type CheckStatus = "ok" | "drift" | "missing" | "added";

/** One compared number, with everything a person needs to judge it. */
export interface Check {
  kind: "value" | "shift";
  subject: string;
  condition: string;
  normalization: string;
  config: string;
  key: string;
  family: string;
  feature: string;
  ibsi_code: string;
  aggregation_code: string;
  status: CheckStatus;
  baseline?: number;
  current?: number;
  tolerance: Tolerance;
  /** the largest allowed |current − baseline| (abs + rel·scale). */
  allowed: number;
}

/** A feature family in one normalisation: the unit of the drift summary and of a JUnit test case. */
export interface CheckGroup {
  family: string;
  normalization: string;
  checks: Check[];
  failures: Check[];
}

export interface Comparison {
  checks: Check[];
  failures: Check[];
  groups: CheckGroup[];
}

const kindId = (e: Pick<Entry, "kind">) => (e.kind === "value" ? "v" : "s");
const fallbackCatalogue = (key: string): CatalogueEntry => {
  const [code, rest = ""] = key.split(".");
  return { family: "unknown", feature: key, ibsi_code: code, aggregation_code: rest.split(":")[0] };
};

/**
 * Compares every entry computed now with the baseline. A value's tolerance scales with |baseline|;
 * a shift's with the larger of the baseline's original and defaced values (the shift inherits
 * their rounding noise). Entries present on only one side fail as missing or added.
 */
export function compareWithBaseline(
  baseline: Baseline,
  current: { entries: readonly Entry[]; catalogue: Record<string, CatalogueEntry> },
  tolerances: Tolerances = baseline.tolerances,
): Comparison {
  const before = baselineEntries(baseline);
  const byId = new Map<string, Entry>();
  const baselineValues = new Map<string, number>();
  for (const e of before) {
    byId.set(kindId(e) + locationId(e), e);
    if (e.kind === "value") baselineValues.set(locationId(e), e.value);
  }
  const describe = (key: string) => current.catalogue[key] ?? baseline.catalogue[key] ?? fallbackCatalogue(key);
  const scaleOf = (e: Entry, base: number | undefined): number => {
    if (e.kind === "value") return base ?? 0;
    const original = baselineValues.get(locationId({ ...e, condition: "original" })) ?? 0;
    const defaced = baselineValues.get(locationId(e)) ?? 0;
    return Math.max(finiteAbs(original), finiteAbs(defaced));
  };

  const checks: Check[] = [];
  const seen = new Set<string>();
  const check = (e: Entry, base: number | undefined, now: number | undefined): Check => {
    const d = describe(e.key);
    const tolerance = toleranceFor({ ...e, family: d.family, ibsi_code: d.ibsi_code, aggregation_code: d.aggregation_code }, tolerances);
    const allowed = allowedDifference(tolerance, scaleOf(e, base));
    const status: CheckStatus =
      base === undefined ? "added" : now === undefined ? "missing" : withinTolerance(base, now, allowed) ? "ok" : "drift";
    return {
      kind: e.kind,
      subject: e.subject,
      condition: e.condition,
      normalization: e.normalization,
      config: e.config,
      key: e.key,
      family: d.family,
      feature: d.feature,
      ibsi_code: d.ibsi_code,
      aggregation_code: d.aggregation_code,
      status,
      ...(base !== undefined ? { baseline: base } : {}),
      ...(now !== undefined ? { current: now } : {}),
      tolerance,
      allowed,
    };
  };
  for (const e of current.entries) {
    const id = kindId(e) + locationId(e);
    seen.add(id);
    checks.push(check(e, byId.get(id)?.value, e.value));
  }
  for (const e of before) if (!seen.has(kindId(e) + locationId(e))) checks.push(check(e, e.value, undefined));

  const failures = checks.filter((c) => c.status !== "ok");
  return { checks, failures, groups: groupChecks(checks) };
}

function finiteAbs(v: number): number {
  return Number.isFinite(v) ? Math.abs(v) : 0;
}

/** Groups checks by family and normalisation, in order of first appearance. */
export function groupChecks(checks: readonly Check[]): CheckGroup[] {
  const groups = new Map<string, CheckGroup>();
  for (const c of checks) {
    const id = `${c.family}\u0000${c.normalization}`;
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { family: c.family, normalization: c.normalization, checks: [], failures: [] }));
    g.checks.push(c);
    if (c.status !== "ok") g.failures.push(c);
  }
  return [...groups.values()];
}
