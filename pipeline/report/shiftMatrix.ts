import { pct } from "./html/format.js";
import { byNormalisation, defacedConditions, moved, shiftsOf, summariseCondition, type NormalisationSummary } from "./html/summary.js";
import type { RunReport } from "./runReport.js";

/**
 * The run at a glance: one row per normalisation, one column per defaced condition, each cell the
 * largest meaningful |rel_shift|. report.md's summary and the terminal summary print it.
 */
export interface ShiftMatrix {
  conditions: string[];
  rows: { normalization: string; cells: (NormalisationSummary | undefined)[] }[];
  /** whether some cell has degenerate shifts that moved (marked †). */
  anyDegenerate: boolean;
}

export function shiftMatrix(report: RunReport): ShiftMatrix {
  const shifts = shiftsOf(report);
  const conditions = defacedConditions(report).filter((c) => shifts.some((s) => s.condition === c));
  const summaries = conditions.map((c) => summariseCondition(shifts, c));
  const norms = [...new Set(summaries.flatMap((list) => list.map((s) => s.normalization)))].sort(byNormalisation);
  const rows = norms.map((normalization) => ({ normalization, cells: summaries.map((list) => list.find((s) => s.normalization === normalization)) }));
  return { conditions, rows, anyDegenerate: summaries.some((list) => list.some((s) => s.degenerateMoved > 0)) };
}

/** "+24.5 %", "0", "from 0" or "–"; † when degenerate shifts (not counted) moved there too. */
export function matrixCell(s: NormalisationSummary | undefined): string {
  if (!s || s.compared + s.degenerate === 0) return "–";
  const dagger = s.degenerateMoved > 0 ? " †" : "";
  if (!moved(s)) return `0${dagger}`;
  const value = Number.isNaN(s.maxAbs) ? "from 0" : pct(s.maxAbs, 3, false);
  return `${value}${dagger}`;
}

export const MATRIX_FOOTNOTE = "† features under a degenerate discretisation (fewer than 8 grey levels in the ROI, or fewer than 2 voxels per level) moved as well; they are not counted here.";
