import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { inputError, usageError } from "../../analysis/core/errors.js";
import { makeTable, type DataTable } from "../../analysis/privacy/table.js";
import { FEATURE_COLUMNS } from "../report/csv.js";
import { parseCsv } from "../validate/ibsiReferenceCsv.js";

/**
 * Reads a table for the release checks: CSV or TSV (by extension, or tabs in the header), the tidy
 * features.csv this project writes (pivoted to one row per subject), or a run/compare report.json
 * (one row per subject, its scalar fields as columns).
 */
export interface ReadTableOptions {
  /** features.csv: the condition whose values are kept (default "original", else the first one). */
  condition?: string;
  /** features.csv: the normalisation kept (default "none" when present, else the first one). */
  normalization?: string;
}

export function readTable(path: string, options: ReadTableOptions = {}): DataTable {
  let text: string;
  try {
    text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  } catch (err) {
    throw inputError(`cannot read the table (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, path, err);
  }
  if (extname(path).toLowerCase() === ".json") return reportTable(text, path);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const tsv = [".tsv", ".tab"].includes(extname(path).toLowerCase()) || (firstLine.includes("\t") && !firstLine.includes(","));
  const records = parseCsv(text, tsv ? "\t" : ",").filter((r) => r.some((c) => c.trim() !== ""));
  if (records.length === 0) throw inputError("the table is empty: expected a header row and one row per record", path);
  const header = records[0].map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (h === "") throw inputError("the header has an empty column name", path);
    if (seen.has(h)) throw inputError(`the header repeats the column "${h}"`, path);
    seen.add(h);
  }
  const columns = header.map(() => [] as string[]);
  for (let r = 1; r < records.length; r++) {
    const record = records[r];
    if (record.length !== header.length) throw inputError(`record ${r + 1} has ${record.length} cells, the header ${header.length}`, path);
    for (let c = 0; c < header.length; c++) columns[c].push(record[c]);
  }
  const table = makeTable(path, header, columns);
  return FEATURE_COLUMNS.every((c) => header.includes(c)) ? pivotFeatures(table, options) : table;
}

/**
 * features.csv (one row per subject × condition × normalisation × configuration × feature) as one
 * row per subject: a column `subject`, then one column per feature named
 * <ibsi_code>.<config>.<aggregation_code> (e.g. RNU0.nodisc.DHQ4, the mesh volume).
 */
function pivotFeatures(tidy: DataTable, options: ReadTableOptions): DataTable {
  const col = (name: string) => tidy.columns[tidy.names.indexOf(name)];
  const [subject, condition, normalization, config, code, aggregation, value, feature] = ["subject", "condition", "normalization", "config", "ibsi_code", "aggregation_code", "value", "feature"].map(col);
  // features that share an IBSI code (V10/V90: BC2M, I10/I90: GBPN) get their name after a colon, as in regress' keys
  const base = (r: number) => `${code[r]}.${config[r]}.${aggregation[r]}`;
  const featuresOf = new Map<string, Set<string>>();
  for (let r = 0; r < tidy.rows; r++) {
    let set = featuresOf.get(base(r));
    if (!set) featuresOf.set(base(r), (set = new Set()));
    set.add(feature[r]);
  }
  const pick = (cells: string[], wanted: string | undefined, preferred: string, what: string) => {
    const present = [...new Set(cells)];
    if (wanted !== undefined && !present.includes(wanted)) throw usageError(`${tidy.source}: no ${what} "${wanted}" (the file has ${present.join(", ")})`);
    return wanted ?? (present.includes(preferred) ? preferred : present[0]);
  };
  const keepCondition = pick(condition, options.condition, "original", "condition");
  const keepNormalization = pick(normalization, options.normalization, "none", "normalisation");
  const subjects: string[] = [];
  const rowOf = new Map<string, number>();
  const features = new Map<string, string[]>();
  for (let r = 0; r < tidy.rows; r++) {
    if (condition[r] !== keepCondition || normalization[r] !== keepNormalization) continue;
    let row = rowOf.get(subject[r]);
    if (row === undefined) {
      rowOf.set(subject[r], (row = subjects.length));
      subjects.push(subject[r]);
    }
    const name = featuresOf.get(base(r))!.size > 1 ? `${base(r)}:${feature[r]}` : base(r);
    let cells = features.get(name);
    if (!cells) features.set(name, (cells = []));
    if (cells[row] !== undefined) throw inputError(`subject ${subject[r]} has two values of ${name}`, tidy.source);
    cells[row] = value[r];
  }
  const names = ["subject", ...features.keys()];
  const columns = [subjects, ...[...features.values()].map((cells) => Array.from({ length: subjects.length }, (_, i) => cells[i] ?? ""))];
  return makeTable(tidy.source, names, columns);
}

/** A report.json: compare's `subjects` (one row each) or run's single subject, scalar fields only. */
function reportTable(text: string, path: string): DataTable {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw inputError(`not valid JSON (${(err as Error).message})`, path, err);
  }
  let records: Record<string, unknown>[];
  if (Array.isArray(json.subjects) && json.subjects.every((s) => s && typeof s === "object")) records = json.subjects as Record<string, unknown>[];
  else if (json.image && typeof json.image === "object") {
    const input = (json.settings as { input?: { subject?: string } } | undefined)?.input;
    records = [{ subject: input?.subject ?? "", ...(json.image as Record<string, unknown>) }];
  } else throw inputError("a report.json of run or compare was expected (with \"subjects\" or \"image\")", path);
  const rows = records.map((r) => flatten(r));
  const names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return makeTable(path, names, names.map((n) => rows.map((r) => r[n] ?? "")));
}

/** Scalars as they are, arrays of scalars joined with "x" (dims 114x114x114), objects one level down as a.b. */
function flatten(record: Record<string, unknown>, prefix = "", depth = 0): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    const name = prefix + key;
    if (value === null || value === undefined) out[name] = "";
    else if (["string", "number", "boolean"].includes(typeof value)) out[name] = String(value);
    else if (Array.isArray(value) && value.every((v) => typeof v === "number" || typeof v === "string")) out[name] = value.join("x");
    else if (!Array.isArray(value) && typeof value === "object" && depth < 2) Object.assign(out, flatten(value as Record<string, unknown>, `${name}.`, depth + 1));
  }
  return out;
}
