import type { FeatureRow } from "../../analysis/impact/featureRow.js";
import type { ShiftRow } from "../../analysis/impact/shifts.js";

export const FEATURE_COLUMNS = [
  "subject",
  "condition",
  "normalization",
  "config",
  "family",
  "feature",
  "ibsi_code",
  "aggregation",
  "aggregation_code",
  "value",
] as const;

export const SHIFT_COLUMNS = [
  "subject",
  "condition",
  "normalization",
  "config",
  "family",
  "feature",
  "ibsi_code",
  "aggregation_code",
  "original",
  "defaced",
  "abs_shift",
  "rel_shift",
  "predicted_defaced",
  "behaviour",
  "prediction",
  "discretisation",
] as const;

/** Numbers in their shortest round-trip form (deterministic); non-finite as NaN, inf, -inf. */
export function formatNumber(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return String(x);
}

/** One CSV cell: quoted when it holds a comma, quote or line break. */
export function csvCell(v: unknown): string {
  const s = typeof v === "number" ? formatNumber(v) : String(v ?? "");
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with the given columns, "\n" line ends. */
export function toCsv<T extends object>(rows: readonly T[], columns: readonly (keyof T & string)[]): string {
  const lines = [columns.join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(","));
  return lines.join("\n") + "\n";
}

export const featuresCsv = (rows: readonly FeatureRow[]) => toCsv(rows, FEATURE_COLUMNS);
export const shiftsCsv = (rows: readonly ShiftRow[]) => toCsv(rows, SHIFT_COLUMNS);
