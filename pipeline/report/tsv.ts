import { DefaceImpactError, inputError } from "../../analysis/core/errors.js";
import { readTextFile } from "../io/readBytes.js";
import { formatNumber } from "./csv.js";

/**
 * BIDS tabular files: tab-separated, a header line, "n/a" for a missing value (here also NaN: an
 * undefined feature), numbers in their shortest round-trip form as in the CSV files, so a value
 * read back is the same double.
 */
export const MISSING = "n/a";

function cell(v: unknown, column: string): string {
  if (v === null || v === undefined || v === "" || (typeof v === "number" && Number.isNaN(v))) return MISSING;
  const s = typeof v === "number" ? formatNumber(v) : String(v);
  // BIDS tabular files have no quoting: a tab or a line break inside a value would break the table
  if (/[\t\n\r]/.test(s)) throw new DefaceImpactError("internal", `column ${column}: a value holds a tab or line break: ${JSON.stringify(s)}`);
  return s;
}

/** A TSV table with the given columns, "\n" line ends. */
export function toTsv(rows: readonly object[], columns: readonly string[]): string {
  const lines = [columns.join("\t")];
  for (const row of rows) lines.push(columns.map((c) => cell((row as Record<string, unknown>)[c], c)).join("\t"));
  return lines.join("\n") + "\n";
}

export interface Table {
  columns: string[];
  /** one record per line, by column name ("n/a" kept as is). */
  rows: Record<string, string>[];
}

/** A table larger than this is refused before it is read (a participant's features are a few MB). */
export const MAX_TABLE_BYTES = 256 * 2 ** 20;

/** Reads a TSV file; a missing or unreadable file, or a line whose cell count differs from the header's, is an input error naming the file and line. */
export function readTsv(path: string): Table {
  const text = readTextFile(path, "the table", MAX_TABLE_BYTES);
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  if (lines.length === 0) throw inputError("empty table: expected a header line", path);
  const columns = lines[0].split("\t");
  const rows = lines.slice(1).map((line, n) => {
    const cells = line.split("\t");
    if (cells.length !== columns.length) throw inputError(`line ${n + 2}: ${cells.length} cells, the header has ${columns.length}`, path);
    return Object.fromEntries(columns.map((c, i) => [c, cells[i]]));
  });
  return { columns, rows };
}

/** A numeric cell as written by toTsv: "n/a" is NaN, "inf"/"-inf" infinities. */
export function tsvNumber(text: string): number {
  if (text === MISSING || text === "NaN") return NaN;
  if (text === "inf") return Infinity;
  if (text === "-inf") return -Infinity;
  return Number(text);
}
