import { inputError, usageError } from "../core/errors.js";

/**
 * A table as the release checks see it: named columns of text cells, stored column by column (a
 * 100 000-row table is a few arrays, and every check reads one or two columns). `source` names the
 * file in messages.
 */
export interface DataTable {
  source: string;
  names: string[];
  /** columns[c][r]: the cell of row r in column names[c]. */
  columns: string[][];
  rows: number;
}

export function makeTable(source: string, names: string[], columns: string[][]): DataTable {
  const rows = columns.length ? columns[0].length : 0;
  return { source, names, columns, rows };
}

/** The cells of a named column; an unknown name is a usage error that lists the columns there are. */
export function column(table: DataTable, name: string, role = "column"): string[] {
  const i = table.names.indexOf(name);
  if (i < 0) {
    const shown = table.names.slice(0, 30).join(", ") + (table.names.length > 30 ? ", …" : "");
    throw usageError(`${table.source}: no ${role} "${name}" (the table has: ${shown})`);
  }
  return table.columns[i];
}

/** Refuses a table without rows: no statistic of an empty release means anything. */
export function requireRows(table: DataTable): void {
  if (table.rows === 0) throw inputError("the table has no rows", table.source);
}

/** The numbers of a column; a cell that is not a finite number is an input error naming its row. */
export function numericColumn(table: DataTable, name: string, role = "column"): Float64Array {
  const cells = column(table, name, role);
  const out = new Float64Array(cells.length);
  for (let r = 0; r < cells.length; r++) {
    const v = cells[r].trim() === "" ? NaN : Number(cells[r]);
    if (!Number.isFinite(v)) throw inputError(`row ${r + 1} of ${role} "${name}" is not a number: "${cells[r]}"`, table.source);
    out[r] = v;
  }
  return out;
}

/** A copy of the table with only the rows where keep[r] is 1 (suppressed records removed). */
export function keepRows(table: DataTable, keep: Uint8Array): DataTable {
  const columns = table.columns.map((cells) => cells.filter((_, r) => keep[r] === 1));
  return makeTable(table.source, [...table.names], columns);
}

/** A copy of the table without the named columns (each must exist). */
export function dropColumns(table: DataTable, names: readonly string[]): DataTable {
  for (const name of names) column(table, name, "column to drop");
  const keep = table.names.map((n) => !names.includes(n));
  return makeTable(table.source, table.names.filter((_, i) => keep[i]), table.columns.filter((_, i) => keep[i]));
}

/**
 * Each distinct cell (after `key`, e.g. a normalisation) as a small integer, numbered in order of first
 * appearance: codes[r] for every row, and the distinct values.
 */
export function dictionaryEncode(cells: readonly string[], key: (cell: string) => string = (c) => c): { codes: Int32Array; values: string[] } {
  const index = new Map<string, number>();
  const values: string[] = [];
  const codes = new Int32Array(cells.length);
  for (let r = 0; r < cells.length; r++) {
    const k = key(cells[r]);
    let id = index.get(k);
    if (id === undefined) {
      index.set(k, (id = values.length));
      values.push(k);
    }
    codes[r] = id;
  }
  return { codes, values };
}
