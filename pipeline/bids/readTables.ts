import { inputError } from "../../analysis/core/errors.js";
import type { FeatureRow } from "../../analysis/impact/featureRow.js";
import type { ShiftRow } from "../../analysis/impact/shifts.js";
import { readTsv, tsvNumber, MISSING } from "../report/tsv.js";
import { BIDS_FEATURE_COLUMNS, BIDS_SHIFT_COLUMNS } from "./columnSidecars.js";

/**
 * A participant's features and shifts tables read back as rows (with their `units`), for the group
 * level: numbers come back as the same doubles (shortest round-trip form), n/a as NaN.
 */

type WithUnits<T> = T & { units: string };

const NUMERIC_FEATURE = new Set(["value"]);
const NUMERIC_SHIFT = new Set(["original", "defaced", "abs_shift", "rel_shift", "predicted_defaced"]);

function readRows(path: string, columns: readonly string[], numeric: Set<string>): Record<string, string | number>[] {
  const table = readTsv(path);
  const missing = columns.filter((c) => !table.columns.includes(c));
  if (missing.length) throw inputError(`not a deface-impact table: column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} missing`, path);
  return table.rows.map((row, n) => {
    const out: Record<string, string | number> = {};
    for (const c of columns) {
      const text = row[c];
      if (!numeric.has(c)) {
        out[c] = text === MISSING ? "" : text;
        continue;
      }
      const value = tsvNumber(text);
      if (Number.isNaN(value) && text !== MISSING && text !== "NaN") throw inputError(`line ${n + 2}, column ${c}: "${text}" is not a number`, path);
      out[c] = value;
    }
    return out;
  });
}

export const readFeatureRows = (path: string): WithUnits<FeatureRow>[] =>
  readRows(path, BIDS_FEATURE_COLUMNS, NUMERIC_FEATURE) as unknown as WithUnits<FeatureRow>[];

export const readShiftRows = (path: string): WithUnits<ShiftRow>[] => readRows(path, BIDS_SHIFT_COLUMNS, NUMERIC_SHIFT) as unknown as WithUnits<ShiftRow>[];
