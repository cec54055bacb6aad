import type { CaseResult } from "./runCase.js";
import { FAILURES, OUTCOMES, type Outcome } from "./types.js";

export const caseFailed = (r: CaseResult): boolean => r.results.some((x) => FAILURES.includes(x.outcome));

/**
 * The summary: command runs per outcome, then per reader (cases, command runs per outcome, the
 * slowest run and the largest peak memory), and the last line "fuzz: N passed, N failed" (cases).
 */
export function summaryLines(results: CaseResult[], seconds: number): string[] {
  const runs = results.flatMap((r) => r.results.map((x) => ({ ...x, reader: r.reader })));
  const count = (list: { outcome: Outcome }[], o: Outcome) => list.filter((x) => x.outcome === o).length;
  const lines = [`fuzz: ${results.length} cases, ${runs.length} command runs in ${seconds.toFixed(0)} s`];
  lines.push(`outcomes (command runs): ${OUTCOMES.map((o) => `${o} ${count(runs, o)}`).join(", ")}`);
  const readers = [...new Set(results.map((r) => r.reader))];
  const shown = OUTCOMES.filter((o) => runs.some((x) => x.outcome === o) || FAILURES.includes(o));
  lines.push(["reader", "cases", ...shown, "slowest s", "peak MB"].join(" | "));
  for (const reader of readers) {
    const mine = runs.filter((x) => x.reader === reader);
    const slowest = Math.max(...mine.map((x) => x.ms)) / 1000;
    const peak = Math.max(...mine.map((x) => x.peakRssMb ?? 0));
    lines.push([reader, results.filter((r) => r.reader === reader).length, ...shown.map((o) => count(mine, o)), slowest.toFixed(1), peak.toFixed(0)].join(" | "));
  }
  const failed = results.filter(caseFailed).length;
  lines.push(`fuzz: ${results.length - failed} passed, ${failed} failed`);
  return lines;
}
