import { usageError } from "../../core/errors.js";
import { numericColumn, requireRows, type DataTable } from "../table.js";
import { gaussianSigma2, laplaceScale } from "./calibration.js";
import { discreteGaussian, discreteLaplace } from "./discreteSamplers.js";
import { div, formatRational, rational, toNumber, type Rational } from "./rational.js";
import type { RandomSource } from "./randomSource.js";

/**
 * Differentially private answers to a table's queries. Neighbouring tables differ by adding or
 * removing one record; the total budget (ε, δ) is split equally over the queries (basic
 * composition), a mean's share again between its noisy sum and its noisy count. Values are clamped
 * to the declared bounds, which fix the sensitivity; every answer is an integer statistic plus noise
 * from an exact discrete sampler, rescaled afterwards (post-processing).
 */
export type Query =
  | { kind: "count"; text: string }
  | { kind: "mean"; text: string; column: string; lo: number; hi: number }
  | { kind: "histogram"; text: string; column: string; edges: number[] };

export type Mechanism = "laplace" | "gaussian";

/** Steps of the grid a mean's values are rounded to: (HI − LO)/2^16 apart. */
export const MEAN_GRID_STEPS = 1 << 16;

const finite = (text: string, what: string): number => {
  const v = text.trim() === "" ? NaN : Number(text);
  if (!Number.isFinite(v)) throw usageError(`${what}: "${text}" is not a number`);
  return v;
};

/** "count", "mean:COL:LO:HI", "histogram:COL:E0,E1,…" (the column name may hold ':'). */
export function parseQuery(text: string): Query {
  if (text === "count") return { kind: "count", text };
  if (text.startsWith("mean:")) {
    const parts = text.slice(5).split(":");
    if (parts.length < 3) throw usageError(`--query "${text}": expected mean:COLUMN:LO:HI`);
    const hi = finite(parts.pop()!, `--query "${text}" HI`);
    const lo = finite(parts.pop()!, `--query "${text}" LO`);
    if (!(lo < hi)) throw usageError(`--query "${text}": the bounds need LO < HI (got ${lo} and ${hi})`);
    return { kind: "mean", text, column: parts.join(":"), lo, hi };
  }
  if (text.startsWith("histogram:")) {
    // the edges are the numbers after the column, separated by commas or colons: histogram:age:0,40,60 = histogram:age:0:40:60
    const parts = text.slice(10).split(":");
    const isNumberList = (p: string) => p.split(",").every((e) => e.trim() !== "" && Number.isFinite(Number(e)));
    let first = 1;
    while (first < parts.length && !parts.slice(first).every(isNumberList)) first++;
    if (first >= parts.length) throw usageError(`--query "${text}": expected histogram:COLUMN:E0,E1,...`);
    const edges = parts.slice(first).join(",").split(",").map((e) => finite(e, `--query "${text}" edge`));
    if (edges.length < 2) throw usageError(`--query "${text}": a histogram needs at least two edges`);
    for (let i = 1; i < edges.length; i++) if (!(edges[i] > edges[i - 1])) throw usageError(`--query "${text}": the edges must increase`);
    return { kind: "histogram", text, column: parts.slice(0, first).join(":"), edges };
  }
  throw usageError(`--query "${text}": expected count, mean:COLUMN:LO:HI or histogram:COLUMN:E0,E1,...`);
}

export interface NoiseNote {
  /** what was noised: "count", "sum", "bin". */
  statistic: string;
  sensitivity: number;
  /** Laplace: its scale; Gaussian: its σ. In the statistic's unit. */
  scale: number;
  /** Gaussian: the zCDP ρ of this part. */
  rho?: number;
}

export interface Answer {
  query: string;
  value: number | number[];
  /** histogram: the bins as [lo, hi) labels. */
  bins?: string[];
  epsilon: string;
  delta: string;
  noise: NoiseNote[];
  /** why a value is a fallback (a mean whose noisy count is not positive). */
  note?: string;
}

export interface ReleaseAnswers {
  mechanism: Mechanism;
  epsilon: string;
  delta: string;
  answers: Answer[];
}

/** Checks the queries against the table before any noise is drawn (unknown columns, non-numbers). */
export function checkQueries(table: DataTable, queries: readonly Query[]): void {
  requireRows(table);
  if (queries.length === 0) throw usageError("give at least one --query");
  for (const q of queries) if (q.kind !== "count") numericColumn(table, q.column, "query column");
}

export function answerQueries(
  table: DataTable,
  queries: readonly Query[],
  budget: { epsilon: Rational; delta: Rational; mechanism: Mechanism },
  rng: RandomSource,
): ReleaseAnswers {
  checkQueries(table, queries);
  if (budget.epsilon.num <= 0n) throw usageError("epsilon must be > 0");
  if (budget.mechanism === "gaussian" && budget.delta.num <= 0n) throw usageError("the Gaussian mechanism needs --delta > 0");
  if (budget.mechanism === "laplace" && budget.delta.num !== 0n) throw usageError("the Laplace mechanism is pure ε-DP: leave --delta out or use --mechanism gaussian");
  const eachEps = div(budget.epsilon, rational(BigInt(queries.length)));
  const eachDelta = div(budget.delta, rational(BigInt(queries.length)));
  // the Gaussian's σ² is found by a search: once per (sensitivity, ε, δ), not once per histogram bin
  const calibrated = new Map<string, ReturnType<typeof gaussianSigma2>>();
  const noisy = (value: bigint, sensitivity: bigint, eps: Rational, delta: Rational, statistic: string): { value: bigint; note: NoiseNote } => {
    if (budget.mechanism === "laplace") {
      const scale = laplaceScale(sensitivity, eps);
      return { value: value + discreteLaplace(scale, rng), note: { statistic, sensitivity: Number(sensitivity), scale: toNumber(scale) } };
    }
    const key = `${sensitivity}|${formatRational(eps)}|${formatRational(delta)}`;
    if (!calibrated.has(key)) calibrated.set(key, gaussianSigma2(sensitivity, eps, delta));
    const { sigma2, rho } = calibrated.get(key)!;
    return { value: value + discreteGaussian(sigma2, rng), note: { statistic, sensitivity: Number(sensitivity), scale: Math.sqrt(toNumber(sigma2)), rho } };
  };
  const answers = queries.map((q): Answer => {
    const base = { query: q.text, epsilon: formatRational(eachEps), delta: formatRational(eachDelta) };
    if (q.kind === "count") {
      const c = noisy(BigInt(table.rows), 1n, eachEps, eachDelta, "count");
      return { ...base, value: Math.max(0, Number(c.value)), noise: [c.note] };
    }
    const values = numericColumn(table, q.column, "query column");
    if (q.kind === "mean") {
      // shifted to LO and rounded to the grid: integer sums with sensitivity MEAN_GRID_STEPS
      const step = (q.hi - q.lo) / MEAN_GRID_STEPS;
      let sum = 0;
      for (const v of values) sum += Math.round((Math.min(q.hi, Math.max(q.lo, v)) - q.lo) / step);
      const halfEps = div(eachEps, rational(2n)), halfDelta = div(eachDelta, rational(2n));
      const s = noisy(BigInt(sum), BigInt(MEAN_GRID_STEPS), halfEps, halfDelta, "sum");
      const n = noisy(BigInt(table.rows), 1n, halfEps, halfDelta, "count");
      s.note.scale *= step;
      s.note.sensitivity *= step;
      if (n.value <= 0n) return { ...base, value: (q.lo + q.hi) / 2, noise: [s.note, n.note], note: "the noisy count was not positive: the midpoint of the bounds is reported" };
      const mean = q.lo + (step * Number(s.value)) / Number(n.value);
      return { ...base, value: Math.min(q.hi, Math.max(q.lo, mean)), noise: [s.note, n.note] };
    }
    const edges = q.edges;
    const counts = new Array<number>(edges.length - 1).fill(0);
    for (const v of values) {
      // the bin [e_b, e_{b+1}) holding v (binary search); values outside the edges go to the end bins
      let lo = 0, hi = counts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (v >= edges[mid]) lo = mid;
        else hi = mid - 1;
      }
      counts[lo]++;
    }
    let note: NoiseNote | undefined;
    const noisyCounts = counts.map((c) => {
      const r = noisy(BigInt(c), 1n, eachEps, eachDelta, "bin");
      note = r.note;
      return Math.max(0, Number(r.value));
    });
    const bins = counts.map((_, b) => `[${edges[b]},${edges[b + 1]}${b === counts.length - 1 ? "]" : ")"}`);
    return { ...base, value: noisyCounts, bins, noise: note ? [note] : [] };
  });
  return { mechanism: budget.mechanism, epsilon: formatRational(budget.epsilon), delta: formatRational(budget.delta), answers };
}
