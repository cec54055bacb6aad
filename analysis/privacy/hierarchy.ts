import { inputError, usageError } from "../core/errors.js";
import { datePeriod, dayInterval, parseDay, DATE_PERIODS, type DatePeriod } from "./dates.js";
import { column, dictionaryEncode, type DataTable } from "./table.js";
import * as portable from "../core/portableMath.js";

/**
 * Generalisation hierarchies for full-domain generalisation: each quasi-identifier has levels 0 (the
 * value as written) … h (everything "*"), and every level generalises the one below it (a tree), so
 * generalising one step never splits a class. A hierarchy is
 * - map: explicit levels, each mapping the labels of the level below (site → region → "*");
 * - intervals: numeric bands of growing widths, each a multiple of the one before (age 5 → 10 → 20);
 * - date: calendar periods (week, month, quarter, year) of ISO dates.
 */
export type HierarchySpec =
  | { kind: "map"; levels: Record<string, string>[] }
  | { kind: "intervals"; widths: number[]; origin?: number }
  | { kind: "date"; levels: DatePeriod[] };

export const SUPPRESSED = "*";

/** A quasi-identifier's levels, evaluated on the table's distinct values. */
export interface ColumnLevels {
  column: string;
  /** valueOf[r]: the distinct value of row r. */
  valueOf: Int32Array;
  /** one name per level: "as written", "width 10", "month", "level 1", "*". */
  names: string[];
  /** labels[level][v]: the generalised label of distinct value v. */
  labels: string[][];
  /** codes[level][v]: the label as a dense integer (0 … cardinality − 1). */
  codes: Int32Array[];
  cardinality: number[];
  /**
   * loss[level][v]: the information lost by generalising v to that level, 0 … 1 (Iyengar's loss
   * metric): for a category, (leaves under the label − 1)/(distinct values − 1); for a band of numbers
   * or days, the part of the column's range it covers.
   */
  loss: Float64Array[];
  /** Σ over rows of loss[level][valueOf[r]]. */
  totalLoss: Float64Array;
}

/** The hierarchy used when none is given: bands for numbers, periods for dates, else only "*". */
export function automaticHierarchy(distinct: string[], numeric: boolean): HierarchySpec {
  if (numeric) return { kind: "intervals", widths: automaticWidths(distinct.map(Number)) };
  if (distinct.length > 0 && distinct.every((v) => !Number.isNaN(parseDay(v)))) return { kind: "date", levels: ["month", "year"] };
  return { kind: "map", levels: [] };
}

/**
 * Widths 1, 5, 10, 50, 100, … × 10^k (each a multiple of the one before): from the largest that still
 * gives about 20 bands over the range, up to the last that gives at least 2.
 */
export function automaticWidths(values: number[]): number[] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const range = hi - lo;
  if (!(range > 0)) return [];
  let w = portable.pow(10, Math.floor(portable.log10(range / 20)));
  if (5 * w <= range / 20) w *= 5;
  const widths: number[] = [];
  for (let step = 0; w < range / 2 && step < 30; step++) {
    widths.push(+w.toPrecision(12));
    w *= String(w.toExponential()).startsWith("1") ? 5 : 2;
  }
  return widths;
}

export function buildLevels(table: DataTable, name: string, spec: HierarchySpec): ColumnLevels {
  const { codes: valueOf, values: distinct } = dictionaryEncode(column(table, name, "quasi-identifier"));
  const built = spec.kind === "map" ? mapLevels(table.source, name, distinct, spec.levels)
    : spec.kind === "intervals" ? intervalLevels(table.source, name, distinct, spec.widths, spec.origin ?? 0)
    : dateLevels(table.source, name, distinct, spec.levels);
  // drop levels that change nothing (a band of width 1 on whole numbers), then end with "*" once
  const labels: string[][] = [distinct];
  const loss: Float64Array[] = [new Float64Array(distinct.length)];
  const names = ["as written"];
  for (let l = 0; l < built.labels.length; l++) {
    if (new Set(built.labels[l]).size === new Set(labels[labels.length - 1]).size && !built.labels[l].every((x) => x === SUPPRESSED)) continue;
    labels.push(built.labels[l]);
    loss.push(built.loss[l]);
    names.push(built.names[l]);
  }
  if (!labels[labels.length - 1].every((x) => x === SUPPRESSED) || labels.length === 1) {
    labels.push(distinct.map(() => SUPPRESSED));
    loss.push(new Float64Array(distinct.length).fill(1));
    names.push(SUPPRESSED);
  }
  const encoded = labels.map((level) => dictionaryEncode(level));
  const counts = new Float64Array(distinct.length);
  for (let r = 0; r < table.rows; r++) counts[valueOf[r]]++;
  const totalLoss = Float64Array.from(loss, (lv) => lv.reduce((s, x, v) => s + x * counts[v], 0));
  return { column: name, valueOf, names, labels, codes: encoded.map((e) => e.codes), cardinality: encoded.map((e) => e.values.length), loss, totalLoss };
}

interface BuiltLevels {
  names: string[];
  labels: string[][];
  loss: Float64Array[];
}

function mapLevels(source: string, name: string, distinct: string[], maps: Record<string, string>[]): BuiltLevels {
  const out: BuiltLevels = { names: [], labels: [], loss: [] };
  let current = distinct;
  maps.forEach((map, i) => {
    const missing = [...new Set(current.filter((v) => !(v in map) && !(SUPPRESSED in map)))];
    if (missing.length) {
      throw inputError(
        `hierarchy of "${name}", level ${i + 1}: no generalisation for ${missing.slice(0, 5).map((v) => `"${v}"`).join(", ")}${missing.length > 5 ? ` and ${missing.length - 5} more` : ""}`,
        source,
      );
    }
    current = current.map((v) => (v in map ? String(map[v]) : String(map[SUPPRESSED])));
    // leaves under a label: how many distinct original values it covers
    const leaves = new Map<string, number>();
    for (const label of current) leaves.set(label, (leaves.get(label) ?? 0) + 1);
    const d = Math.max(1, distinct.length - 1);
    out.labels.push(current);
    out.loss.push(Float64Array.from(current, (label) => (distinct.length === 1 ? 0 : (leaves.get(label)! - 1) / d)));
    out.names.push(`level ${i + 1}`);
  });
  return out;
}

function intervalLevels(source: string, name: string, distinct: string[], widths: number[], origin: number): BuiltLevels {
  const values = distinct.map((v) => (v.trim() === "" ? NaN : Number(v)));
  const bad = distinct.find((_, i) => !Number.isFinite(values[i]));
  if (bad !== undefined) throw inputError(`the numeric quasi-identifier "${name}" holds "${bad}", not a number`, source);
  for (let i = 0; i < widths.length; i++) {
    if (!(widths[i] > 0)) throw usageError(`hierarchy of "${name}": interval widths must be positive, got ${widths[i]}`);
    if (i > 0) {
      const ratio = widths[i] / widths[i - 1];
      if (!(ratio > 1) || Math.abs(ratio - Math.round(ratio)) > 1e-9) {
        throw usageError(`hierarchy of "${name}": each interval width must be a multiple of the one before (${widths[i - 1]} → ${widths[i]}), so that bands nest`);
      }
    }
  }
  const lo = Math.min(...values), hi = Math.max(...values);
  const range = hi - lo;
  const out: BuiltLevels = { names: [], labels: [], loss: [] };
  for (const w of widths) {
    const starts = values.map((v) => origin + Math.floor((v - origin) / w + 1e-12) * w);
    out.labels.push(starts.map((a) => `[${num(a)},${num(a + w)})`));
    out.loss.push(Float64Array.from(starts, (a) => (range > 0 ? (Math.min(a + w, hi) - Math.max(a, lo)) / range : 0)));
    out.names.push(`bands of ${num(w)}`);
  }
  return out;
}

const num = (x: number) => String(+x.toPrecision(12));

function dateLevels(source: string, name: string, distinct: string[], periods: DatePeriod[]): BuiltLevels {
  const days = distinct.map(parseDay);
  const bad = distinct.find((_, i) => Number.isNaN(days[i]));
  if (bad !== undefined) throw inputError(`the date quasi-identifier "${name}" holds "${bad}", not a date (YYYY-MM-DD)`, source);
  let last = -1;
  for (const p of periods) {
    const i = DATE_PERIODS.indexOf(p);
    if (i < 0) throw usageError(`hierarchy of "${name}": unknown date level "${p}" (use ${DATE_PERIODS.join(", ")})`);
    if (i <= last) throw usageError(`hierarchy of "${name}": date levels must go from fine to coarse (${DATE_PERIODS.join(" → ")})`);
    if (last === 0) throw usageError(`hierarchy of "${name}": a week can straddle two months or years, so nothing but "*" can follow "week"`);
    last = i;
  }
  const lo = Math.min(...days), hi = Math.max(...days);
  const range = hi - lo;
  const out: BuiltLevels = { names: [], labels: [], loss: [] };
  for (const p of periods) {
    const labels = days.map((d) => datePeriod(d, p));
    out.labels.push(labels);
    out.loss.push(
      Float64Array.from(labels, (label) => {
        const [a, b] = dayInterval(label);
        return range > 0 ? Math.max(0, Math.min(b, hi) - Math.max(a, lo)) / range : 0;
      }),
    );
    out.names.push(p);
  }
  return out;
}
