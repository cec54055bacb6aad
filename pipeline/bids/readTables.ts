import { appendFileSync, writeFileSync } from "node:fs";
import { inputError } from "../../analysis/core/errors.js";
import type { FeatureRow } from "../../analysis/impact/featureRow.js";
import type { ShiftRow } from "../../analysis/impact/shifts.js";
import { MAX_TABLE_BYTES, readTsv, tsvNumber, MISSING } from "../report/tsv.js";
import { readTextFile } from "../io/readBytes.js";
import { BIDS_FEATURE_COLUMNS, BIDS_SHIFT_COLUMNS } from "./columnSidecars.js";

/**
 * A participant's features and shifts tables read back as rows (with their `units`), for the group
 * level: numbers come back as the same doubles (shortest round-trip form), n/a as NaN. Text cells go
 * through `strings`, one pool for the whole cohort: a cohort's few hundred distinct names are held
 * once, not once per row (a cell cut from a line would also keep its whole file alive).
 */

type WithUnits<T> = T & { units: string };

const NUMERIC_FEATURE = new Set(["value"]);
const NUMERIC_SHIFT = new Set(["original", "defaced", "abs_shift", "rel_shift", "predicted_defaced"]);

export type StringPool = Map<string, string>;

function pooled(strings: StringPool, text: string): string {
  let s = strings.get(text);
  if (s === undefined) {
    s = Buffer.from(text, "utf8").toString("utf8"); // a copy of its own, not a slice of the file's text
    strings.set(s, s);
  }
  return s;
}

function readRows(path: string, columns: readonly string[], numeric: Set<string>, strings: StringPool): Record<string, string | number>[] {
  const table = readTsv(path);
  const missing = columns.filter((c) => !table.columns.includes(c));
  if (missing.length) throw inputError(`not a deface-impact table: column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} missing`, path);
  return table.rows.map((row, n) => {
    const out: Record<string, string | number> = {};
    for (const c of columns) {
      const text = row[c];
      if (!numeric.has(c)) {
        out[c] = text === MISSING ? "" : pooled(strings, text);
        continue;
      }
      const value = tsvNumber(text);
      if (Number.isNaN(value) && text !== MISSING && text !== "NaN") throw inputError(`line ${n + 2}, column ${c}: "${text}" is not a number`, path);
      out[c] = value;
    }
    return out;
  });
}

export const readFeatureRows = (path: string, strings: StringPool = new Map()): WithUnits<FeatureRow>[] =>
  readRows(path, BIDS_FEATURE_COLUMNS, NUMERIC_FEATURE, strings) as unknown as WithUnits<FeatureRow>[];

export const readShiftRows = (path: string, strings: StringPool = new Map()): WithUnits<ShiftRow>[] =>
  readRows(path, BIDS_SHIFT_COLUMNS, NUMERIC_SHIFT, strings) as unknown as WithUnits<ShiftRow>[];

/**
 * Appends the rows of participants' tables (the header checked, then left out) to `target`, which
 * holds the header: the group's features.tsv and shifts.tsv without holding a cohort's rows in memory.
 */
export function appendTableBodies(target: string, sources: readonly string[], columns: readonly string[]): void {
  const header = columns.join("\t") + "\n";
  writeFileSync(target, header);
  for (const source of sources) {
    const text = readTextFile(source, "the table", MAX_TABLE_BYTES);
    if (!text.startsWith(header)) throw inputError(`not a deface-impact table: the header is not ${columns.join(", ")}`, source);
    appendFileSync(target, text.slice(header.length));
  }
}
