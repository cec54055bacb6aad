import type { Check, CheckGroup } from "./baselineComparison.js";

const TEXTURE = new Set(["glcm", "glrlm", "glszm", "gldzm", "ngtdm", "ngldm"]);

/** How a family is named to people: texture matrices in capitals (GLSZM), others in words. */
export const familyLabel = (family: string): string => (TEXTURE.has(family) ? family.toUpperCase() : family.replace(/_/g, " "));

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

/** A subject whose values (or shifts) moved at least this fraction at once: its input or everything changed (a new phantom seed moves ~90 %; some features, e.g. grey-level counts, stay put). */
const SUBJECT_WIDE = 0.75;

/**
 * The pattern of the drift, coarsest first, so a person sees it at a glance: "ct-phantom: 5600 of
 * 5820 feature values moved", "every feature in zscore-global moved", "all GLSZM features moved,
 * in every normalisation", "all GLSZM features in zscore-global moved", or "GLCM in zscore-roi:
 * 3 of 400 moved (only ct-phantom; only shifts)".
 */
export function driftPatterns(groups: readonly CheckGroup[]): string[] {
  const failing = groups.filter((g) => g.failures.length > 0);
  if (failing.length === 0) return [];
  const full = (g: CheckGroup) => g.failures.length === g.checks.length;
  const count = (gs: readonly CheckGroup[]) => gs.reduce((n, g) => n + g.checks.length, 0);
  if (groups.every(full)) {
    return [`everything moved: all ${count(groups)} feature values and shifts, in every family and normalisation`];
  }
  const lines: string[] = [];
  const checks = groups.flatMap((g) => g.checks);

  const explainedChecks = new Set<Check>();

  // Conditions that appeared or disappeared as a whole: the suite changed shape, not the numbers.
  for (const condition of unique(checks.map((c) => c.condition))) {
    const of = checks.filter((c) => c.condition === condition);
    for (const [status, text] of [["added", "new condition"], ["missing", "condition gone"]] as const) {
      if (of.every((c) => c.status === status)) {
        lines.push(`${text} ${condition} (${unique(of.map((c) => c.subject)).join(", ")}): ${of.length} values and shifts ${status === "added" ? "not in the baseline" : "in the baseline, not computed now"}`);
        of.forEach((c) => explainedChecks.add(c));
      }
    }
  }
  // Subject-wide drift: a changed input moves nearly everything of that subject.
  for (const subject of unique(checks.map((c) => c.subject))) {
    for (const kind of ["value", "shift"] as const) {
      const of = checks.filter((c) => c.subject === subject && c.kind === kind && !explainedChecks.has(c));
      const moved = of.filter((c) => c.status !== "ok");
      if (of.length > 0 && moved.length >= SUBJECT_WIDE * of.length) {
        const what = kind === "value" ? "feature values" : "shifts";
        const n = moved.length === of.length ? "all" : `${moved.length} of`;
        lines.push(`${subject}: ${n} ${of.length} ${what} moved, across every family and normalisation (its input, or everything it goes through, changed)`);
        moved.forEach((c) => explainedChecks.add(c));
      }
    }
  }
  const explained = (g: CheckGroup) => g.failures.every((c) => explainedChecks.has(c));
  const covered = new Set<CheckGroup>(failing.filter(explained));
  const normalisations = unique(groups.map((g) => g.normalization));
  const families = unique(groups.map((g) => g.family));

  for (const n of normalisations) {
    const gs = groups.filter((g) => g.normalization === n);
    if (gs.length > 1 && gs.every(full) && gs.some((g) => !covered.has(g))) {
      lines.push(`every feature in ${n} moved (${plural(gs.length, "family", "families")}, ${count(gs)} values and shifts)`);
      gs.forEach((g) => covered.add(g));
    }
  }
  for (const f of families) {
    const gs = groups.filter((g) => g.family === f);
    if (gs.length > 1 && gs.every(full) && gs.some((g) => !covered.has(g))) {
      lines.push(`all ${familyLabel(f)} features moved, in every normalisation (${gs.map((g) => g.normalization).join(", ")})`);
      gs.forEach((g) => covered.add(g));
    }
  }
  for (const g of failing) {
    if (covered.has(g)) continue;
    const rest = g.failures.filter((c) => !explainedChecks.has(c));
    const label = `${familyLabel(g.family)} in ${g.normalization}`;
    if (full(g) && rest.length === g.failures.length) {
      lines.push(`all ${familyLabel(g.family)} features in ${g.normalization} moved (${g.checks.length} values and shifts)`);
    } else if (rest.length === g.failures.length) lines.push(`${label}: ${rest.length} of ${g.checks.length} moved${where(g, rest, explainedChecks)}`);
    else lines.push(`${label}: besides the above, ${rest.length} of ${g.checks.length} moved${where(g, rest, explainedChecks)}`);
  }
  return lines;
}

/** Which subjects, conditions, configs, kinds or features the failures of a partly failing group share. */
function where(g: CheckGroup, failures: readonly Check[], explained: ReadonlySet<Check>): string {
  const parts: string[] = [];
  // shifts exist only for defaced conditions: compare with the checks of the failing kinds
  const kinds = new Set(failures.map((c) => c.kind));
  const open = g.checks.filter((c) => !explained.has(c));
  const sameKind = open.filter((c) => kinds.has(c.kind));
  const narrow = (name: string, of: (c: Check) => string, among: readonly Check[] = sameKind) => {
    const all = unique(among.map(of));
    const failed = unique(failures.map(of));
    if (failed.length < all.length) parts.push(`${failed.length === 1 ? "only" : name} ${failed.join(", ")}`);
  };
  narrow("subjects", (c) => c.subject);
  narrow("conditions", (c) => c.condition);
  narrow("configs", (c) => c.config);
  narrow("", (c) => (c.kind === "value" ? "values" : "shifts"), open);
  const features = unique(failures.map((c) => c.feature));
  if (features.length <= 4) parts.push(features.join("; "));
  else parts.push(`${features.length} features`);
  const statuses = unique(failures.map((c) => c.status));
  if (statuses.some((s) => s !== "drift")) parts.push(statuses.join("/"));
  return parts.length ? ` (${parts.map((p) => p.trim()).join("; ")})` : "";
}

const fmt = (v: number | undefined) => (v === undefined ? "—" : String(v));
const short = (v: number) => (v === 0 ? "0" : v.toPrecision(2));

/** `ct-phantom · defaced-zero · zscore-global · fbn32 · Small zone emphasis (5QRC, IAZD) shift: …` */
export function checkLine(c: Check): string {
  const where = `${c.subject} · ${c.condition} · ${c.normalization} · ${c.config} · ${c.feature} (${c.ibsi_code}, ${c.aggregation_code}) ${c.kind}`;
  switch (c.status) {
    case "missing":
      return `${where}: in the baseline (${fmt(c.baseline)}), not computed now`;
    case "added":
      return `${where}: computed now (${fmt(c.current)}), not in the baseline`;
    default: {
      const diff = c.baseline !== undefined && c.current !== undefined ? Math.abs(c.current - c.baseline) : NaN;
      const tol = `abs ${c.tolerance.abs} + rel ${c.tolerance.rel}`;
      return `${where}: baseline ${fmt(c.baseline)}, now ${fmt(c.current)}, |Δ| ${Number.isNaN(diff) ? "NaN" : short(diff)} > allowed ${short(c.allowed)} (${tol})`;
    }
  }
}

/**
 * The report printed after a comparison: the patterns, then each failing group with its drifted
 * features (at most `perGroup` lines each; Infinity for all).
 */
export function driftReport(groups: readonly CheckGroup[], perGroup: number): string[] {
  const failing = groups.filter((g) => g.failures.length > 0);
  if (failing.length === 0) return [];
  const lines = ["drift pattern:", ...driftPatterns(groups).map((l) => `  ${l}`), "", "drifted features (baseline, now, tolerance):"];
  for (const g of failing) {
    lines.push(`  ${familyLabel(g.family)} in ${g.normalization}: ${g.failures.length} of ${g.checks.length}`);
    for (const c of byStatus(g.failures).slice(0, perGroup)) lines.push(`    ${checkLine(c)}`);
    if (g.failures.length > perGroup) lines.push(`    … and ${g.failures.length - perGroup} more (--details all lists every one; --junit FILE records them)`);
  }
  return lines;
}

const STATUS_ORDER = { drift: 0, missing: 1, added: 2, ok: 3 };

/** Drifted numbers first, then structural changes (stable within each). */
export const byStatus = (checks: readonly Check[]): Check[] => [...checks].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
