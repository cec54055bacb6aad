import { makeTable, type DataTable } from "../../../analysis/privacy/table.js";

/** A table from a header and rows of cells, as a CSV would give it. */
export function tableOf(header: string[], rows: (string | number)[][], source = "test.csv"): DataTable {
  return makeTable(source, header, header.map((_, c) => rows.map((r) => String(r[c]))));
}

/** The patient table of Li, Li & Venkatasubramanian (2007), Table 3, grouped as their Table 5 (0.167-closeness w.r.t. salary). */
export const PAPER_TABLE_5 = tableOf(
  ["zip", "age", "salary", "disease"],
  [
    ["4767*", "<=40", 3, "gastric ulcer"],
    ["4767*", "<=40", 5, "stomach cancer"],
    ["4767*", "<=40", 9, "pneumonia"],
    ["4790*", ">=40", 6, "gastritis"],
    ["4790*", ">=40", 11, "flu"],
    ["4790*", ">=40", 8, "bronchitis"],
    ["4760*", "<=40", 4, "gastritis"],
    ["4760*", "<=40", 7, "bronchitis"],
    ["4760*", "<=40", 10, "stomach cancer"],
  ],
);
