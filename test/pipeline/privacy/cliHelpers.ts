import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../../../pipeline/version.js";
import { csvCell } from "../../../pipeline/report/csv.js";
import type { DataTable } from "../../../analysis/privacy/table.js";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (dist/, built by `npm test`'s pretest). */
export function cli(args: string[], cwd?: string): CliResult {
  const r = spawnSync(process.execPath, [join(projectRoot(), "dist", "pipeline", "cli", "main.js"), ...args], { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A table as CSV text (or TSV with sep "\t"). */
export function csvText(table: DataTable, sep = ","): string {
  const lines = [table.names.join(sep)];
  for (let r = 0; r < table.rows; r++) lines.push(table.columns.map((c) => (sep === "," ? csvCell(c[r]) : c[r])).join(sep));
  return lines.join("\n") + "\n";
}
