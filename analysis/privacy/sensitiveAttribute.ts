import { inputError } from "../core/errors.js";
import { column, type DataTable } from "./table.js";

/**
 * A sensitive attribute coded as small integers: categorical values in order of appearance, or, for a
 * numeric (ordered) attribute, the rank of the value among the table's distinct values, so that code
 * order is value order (the ordered distance of t-closeness needs it).
 */
export interface SensitiveAttribute {
  name: string;
  ordered: boolean;
  /** codes[r]: the value of row r. */
  codes: Int32Array;
  /** the value of each code, as written (numeric: ascending). */
  values: string[];
  /** records per code over the whole table. */
  counts: Float64Array;
}

export function sensitiveAttribute(table: DataTable, name: string, ordered: boolean): SensitiveAttribute {
  const cells = column(table, name, "sensitive attribute");
  const codes = new Int32Array(table.rows);
  let values: string[];
  if (ordered) {
    const numbers = new Float64Array(table.rows);
    for (let r = 0; r < table.rows; r++) {
      const v = cells[r].trim() === "" ? NaN : Number(cells[r]);
      if (!Number.isFinite(v)) {
        throw inputError(`row ${r + 1}: the numeric sensitive attribute "${name}" holds "${cells[r]}", not a number`, table.source);
      }
      numbers[r] = v;
    }
    const distinct = Float64Array.from(new Set(numbers)).sort();
    const rank = new Map<number, number>();
    distinct.forEach((v, i) => rank.set(v, i));
    for (let r = 0; r < table.rows; r++) codes[r] = rank.get(numbers[r])!;
    values = Array.from(distinct, (v) => String(v));
  } else {
    const index = new Map<string, number>();
    values = [];
    for (let r = 0; r < table.rows; r++) {
      let id = index.get(cells[r]);
      if (id === undefined) {
        id = values.length;
        index.set(cells[r], id);
        values.push(cells[r]);
      }
      codes[r] = id;
    }
  }
  const counts = new Float64Array(values.length);
  for (let r = 0; r < table.rows; r++) counts[codes[r]]++;
  return { name, ordered, codes, values, counts };
}
