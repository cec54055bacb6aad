import { column, dictionaryEncode, numericColumn, type DataTable } from "./table.js";

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
  let codes: Int32Array, values: string[];
  if (ordered) {
    const numbers = numericColumn(table, name, "numeric sensitive attribute");
    const distinct = Float64Array.from(new Set(numbers)).sort();
    const rank = new Map<number, number>();
    distinct.forEach((v, i) => rank.set(v, i));
    codes = Int32Array.from(numbers, (v) => rank.get(v)!);
    values = Array.from(distinct, (v) => String(v));
  } else ({ codes, values } = dictionaryEncode(column(table, name, "sensitive attribute")));
  const counts = new Float64Array(values.length);
  for (let r = 0; r < table.rows; r++) counts[codes[r]]++;
  return { name, ordered, codes, values, counts };
}
