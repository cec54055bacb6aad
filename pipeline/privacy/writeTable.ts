import type { DataTable } from "../../analysis/privacy/table.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { csvCell } from "../report/csv.js";

/** A table as RFC 4180 CSV ("\n" line ends), written atomically. */
export function writeTableCsv(path: string, table: DataTable): void {
  const lines = [table.names.map(csvCell).join(",")];
  for (let r = 0; r < table.rows; r++) lines.push(table.columns.map((c) => csvCell(c[r])).join(","));
  writeFileAtomic(path, lines.join("\n") + "\n");
}
