import { usageError } from "../core/errors.js";
import { classMeasures } from "./classMeasures.js";
import { classKey, describeKey, equivalenceClasses } from "./equivalenceClasses.js";
import { reidentificationRisk, type ReidentificationRisk } from "./risk.js";
import { sensitiveAttribute } from "./sensitiveAttribute.js";
import { column, requireRows, type DataTable } from "./table.js";

export type LForm = "distinct" | "entropy" | "recursive";

export interface ReleaseCheckOptions {
  quasi: string[];
  /** the sensitive attribute; without it only k and the risks are computed. */
  sensitive?: string;
  /** columns that are numeric or ordinal: t of such a sensitive attribute is the ordered EMD. */
  numeric?: string[];
  /** c of recursive (c,ℓ)-diversity. */
  c?: number;
  /** a population table with the same quasi-identifier columns: journalist and marketer risks. */
  population?: DataTable;
  thresholds?: { k?: number; l?: number; lForm?: LForm; t?: number };
}

export interface ClassReport {
  key: Record<string, string>;
  size: number;
  l_distinct: number | null;
  l_entropy: number | null;
  l_recursive: number | null;
  t: number | null;
}

/** A requested threshold that is not met, with the classes that miss it. */
export interface Violation {
  model: "k" | "l" | "t";
  /** the class measure compared with the threshold. */
  measure: "size" | "l_distinct" | "l_entropy" | "l_recursive" | "t";
  message: string;
  classes: ClassReport[];
}

/** What `privacy check --json` writes (the field names are a published interface). */
export interface ReleaseCheck {
  records: number;
  quasi: string[];
  sensitive: string | null;
  /** "tvd" (categorical) or "ordered-emd" (numeric, --numeric). */
  t_measure: "tvd" | "ordered-emd" | null;
  k: number;
  l_distinct: number | null;
  l_entropy: number | null;
  l_recursive: number | null;
  c: number;
  t: number | null;
  classes: ClassReport[];
  risk: ReidentificationRisk;
  violations: Violation[];
}

export const DEFAULT_RECURSIVE_C = 2;

export function checkRelease(table: DataTable, o: ReleaseCheckOptions): ReleaseCheck {
  requireRows(table);
  if (o.quasi.length === 0) throw usageError("give at least one quasi-identifier (--quasi)");
  if (o.sensitive !== undefined && o.quasi.includes(o.sensitive)) throw usageError(`"${o.sensitive}" cannot be both a quasi-identifier and the sensitive attribute`);
  const c = o.c ?? DEFAULT_RECURSIVE_C;
  const classes = equivalenceClasses(table, o.quasi);
  const sensitive = o.sensitive === undefined ? undefined : sensitiveAttribute(table, o.sensitive, (o.numeric ?? []).includes(o.sensitive));
  const measures = sensitive ? classMeasures(classes.classOf, classes.sizes, sensitive, c) : undefined;
  const reports: ClassReport[] = classes.sizes.map((size, j) => ({
    key: classKey(table, classes, j),
    size,
    l_distinct: measures ? measures.lDistinct[j] : null,
    l_entropy: measures ? measures.lEntropy[j] : null,
    l_recursive: measures ? measures.lRecursive[j] : null,
    t: measures ? measures.t[j] : null,
  }));
  const min = (f: (r: ClassReport) => number) => reports.reduce((m, r) => Math.min(m, f(r)), Infinity);
  const populationSizes = o.population ? populationClassSizes(table, classes.firstRow, o.quasi, o.population) : undefined;
  const check: ReleaseCheck = {
    records: table.rows,
    quasi: o.quasi,
    sensitive: o.sensitive ?? null,
    t_measure: sensitive ? (sensitive.ordered ? "ordered-emd" : "tvd") : null,
    k: min((r) => r.size),
    l_distinct: measures ? min((r) => r.l_distinct!) : null,
    l_entropy: measures ? min((r) => r.l_entropy!) : null,
    l_recursive: measures ? min((r) => r.l_recursive!) : null,
    c,
    t: measures ? reports.reduce((m, r) => Math.max(m, r.t!), 0) : null,
    classes: reports,
    risk: reidentificationRisk(classes.sizes, populationSizes),
    violations: [],
  };
  check.violations = violations(check, o.thresholds ?? {});
  return check;
}

function violations(check: ReleaseCheck, th: NonNullable<ReleaseCheckOptions["thresholds"]>): Violation[] {
  const out: Violation[] = [];
  if (th.k !== undefined && check.k < th.k) {
    const classes = check.classes.filter((r) => r.size < th.k!);
    out.push({ model: "k", measure: "size", message: `k = ${check.k} < ${th.k}: ${classes.length} classes have fewer than ${th.k} records`, classes });
  }
  if (th.l !== undefined || th.t !== undefined) {
    if (check.sensitive === null) throw usageError("--l and --t need the sensitive attribute (--sensitive)");
  }
  if (th.l !== undefined) {
    const form = th.lForm ?? "distinct";
    const field = form === "distinct" ? "l_distinct" : form === "entropy" ? "l_entropy" : "l_recursive";
    const value = check[field]!;
    if (value < th.l) {
      const classes = check.classes.filter((r) => r[field]! < th.l!);
      const name = form === "recursive" ? `recursive (c=${check.c},ℓ)` : form;
      out.push({ model: "l", measure: field, message: `${name} ℓ = ${round(value)} < ${th.l}: ${classes.length} classes are less diverse`, classes });
    }
  }
  if (th.t !== undefined && check.t! > th.t) {
    const classes = check.classes.filter((r) => r.t! > th.t!);
    const what = check.t_measure === "tvd" ? "total variation distance" : "ordered EMD";
    out.push({ model: "t", measure: "t", message: `t = ${round(check.t!)} > ${th.t} (${what}): ${classes.length} classes are farther from the table's distribution`, classes });
  }
  return out;
}

const round = (x: number) => +x.toPrecision(4);

/** One line per offending class, the worst first, at most `limit`. */
export function describeViolation(v: Violation, limit = 10): string[] {
  // the worst first: the smallest size or ℓ, the largest t
  const sign = v.measure === "t" ? -1 : 1;
  const shown = [...v.classes].sort((a, b) => sign * (a[v.measure]! - b[v.measure]!)).slice(0, limit);
  const lines = shown.map((r) => {
    const parts = [`${r.size} record${r.size === 1 ? "" : "s"}`];
    if (r.l_distinct !== null) parts.push(`ℓ distinct ${r.l_distinct}, entropy ${round(r.l_entropy!)}, recursive ${r.l_recursive}`);
    if (r.t !== null) parts.push(`t ${round(r.t)}`);
    return `  ${describeKey(r.key)}: ${parts.join("; ")}`;
  });
  if (v.classes.length > limit) lines.push(`  … and ${v.classes.length - limit} more classes`);
  return lines;
}

/** F_j: the population's records with the quasi-identifier values of each class of the release. */
function populationClassSizes(table: DataTable, firstRows: number[], quasi: string[], population: DataTable): number[] {
  const popCols = quasi.map((q) => column(population, q, "quasi-identifier (population table)"));
  const counts = new Map<string, number>();
  for (let r = 0; r < population.rows; r++) {
    const key = popCols.map((c) => c[r]).join("\u001f");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const cols = quasi.map((q) => column(table, q));
  return firstRows.map((r) => counts.get(cols.map((c) => c[r]).join("\u001f")) ?? 0);
}
