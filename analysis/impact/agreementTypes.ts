/** An agreement statistic with its confidence interval; NaN fields come with a reason. */
export interface Estimate {
  value: number;
  lower: number;
  upper: number;
  /** confidence level of [lower, upper], e.g. 0.95. */
  level: number;
  /** why value or interval is NaN (degenerate input), or how a limiting case was resolved. */
  reason?: string;
}

export const nanEstimate = (level: number, reason: string): Estimate => ({
  value: NaN,
  lower: NaN,
  upper: NaN,
  level,
  reason,
});

/** Checks paired arrays: same length; returns the reason they cannot be used, if any. */
export function pairedInputProblem(x: ArrayLike<number>, y: ArrayLike<number>): string | undefined {
  if (x.length !== y.length) return `paired arrays differ in length (${x.length} and ${y.length})`;
  if (x.length < 2) return `needs at least 2 subjects, got ${x.length}`;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) return `subject ${i} has a non-finite value`;
  }
  return undefined;
}
