/** Columns padded to a common width, for the terminal (two spaces between columns). */
export function plainTable(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, j) => (widths[j] = Math.max(widths[j] ?? 0, [...c].length)));
  return rows.map((r) => r.map((c, j) => (j === r.length - 1 ? c : c + " ".repeat(widths[j] - [...c].length))).join("  ").trimEnd());
}
