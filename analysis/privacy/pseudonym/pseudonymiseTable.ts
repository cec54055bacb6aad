import { inputError } from "../../core/errors.js";
import { column, makeTable, type DataTable } from "../table.js";
import type { Pseudonymiser } from "./pseudonym.js";

/** A copy of the table with the cells of the ID columns replaced by their pseudonyms (empty cells stay empty). */
export function pseudonymiseColumns(table: DataTable, idColumns: readonly string[], pseudonymiser: Pseudonymiser): DataTable {
  const replaced = new Set(idColumns);
  for (const name of idColumns) column(table, name, "ID column");
  const columns = table.columns.map((cells, c) => {
    const name = table.names[c];
    if (!replaced.has(name)) return cells;
    return cells.map((cell, r) => {
      if (cell === "") return cell;
      try {
        return pseudonymiser.pseudonymise(cell);
      } catch (err) {
        throw inputError(`row ${r + 1} of the ID column "${name}": ${(err as Error).message}`, table.source, err);
      }
    });
  });
  return makeTable(table.source, [...table.names], columns);
}
