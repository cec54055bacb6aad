import { column, type DataTable } from "./table.js";

/**
 * Equivalence classes of a table on its quasi-identifiers: the groups of records that share every
 * quasi-identifier value (an attacker who knows those values cannot tell the records of a class apart).
 * Classes are numbered in the order of their first record.
 */
export interface EquivalenceClasses {
  quasi: string[];
  /** classOf[r]: the class of row r. */
  classOf: Int32Array;
  /** records per class. */
  sizes: number[];
  /** the first row of each class (its quasi-identifier values are the class's key). */
  firstRow: number[];
}

const SEPARATOR = "\u001f"; // unit separator: cannot occur in a CSV cell by accident

export function equivalenceClasses(table: DataTable, quasi: string[]): EquivalenceClasses {
  const cols = quasi.map((q) => column(table, q, "quasi-identifier"));
  const classOf = new Int32Array(table.rows);
  const sizes: number[] = [];
  const firstRow: number[] = [];
  const index = new Map<string, number>();
  for (let r = 0; r < table.rows; r++) {
    let key = cols.length ? cols[0][r] : "";
    for (let c = 1; c < cols.length; c++) key += SEPARATOR + cols[c][r];
    let id = index.get(key);
    if (id === undefined) {
      id = sizes.length;
      index.set(key, id);
      sizes.push(0);
      firstRow.push(r);
    }
    classOf[r] = id;
    sizes[id]++;
  }
  return { quasi, classOf, sizes, firstRow };
}

/** A class's quasi-identifier values, by name. */
export function classKey(table: DataTable, classes: EquivalenceClasses, id: number): Record<string, string> {
  const key: Record<string, string> = {};
  for (const q of classes.quasi) key[q] = column(table, q)[classes.firstRow[id]];
  return key;
}

/** "age=34, sex=F" for messages. */
export const describeKey = (key: Record<string, string>): string =>
  Object.entries(key)
    .map(([q, v]) => `${q}=${v}`)
    .join(", ");

/** Rows of each class, as one array of row indices per class (counting sort, O(n)). */
export function rowsByClass(classes: EquivalenceClasses): { start: Int32Array; rows: Int32Array } {
  const n = classes.sizes.length;
  const start = new Int32Array(n + 1);
  for (let c = 0; c < n; c++) start[c + 1] = start[c] + classes.sizes[c];
  const fill = start.slice(0, n);
  const rows = new Int32Array(classes.classOf.length);
  for (let r = 0; r < classes.classOf.length; r++) rows[fill[classes.classOf[r]]++] = r;
  return { start, rows };
}
