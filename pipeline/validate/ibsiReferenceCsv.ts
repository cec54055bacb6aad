import { readFileSync } from "node:fs";
import { inputError } from "../../analysis/core/errors.js";
import type { ReferenceValue } from "../../analysis/ibsi/matchReferences.js";

/**
 * Splits CSV text into records (RFC 4180: quoted fields may hold commas, quotes and newlines); with
 * `delimiter` "\t", TSV.
 */
export function parseCsv(text: string, delimiter = ","): string[][] {
  const records: string[][] = [];
  let field = "",
    record: string[] = [],
    quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

const REQUIRED = ["feature_family", "feature_name", "ibsi_code", "compliance_tag", "phantom_or_config", "aggregation_code", "reference_value", "tolerance"];

/**
 * Reads the IBSI 1 consensus table (reference_values.csv). Rows without a reference value are
 * skipped (the table has one); a missing tolerance counts as 0.
 */
export function readReferenceValues(path: string): ReferenceValue[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw inputError(`cannot read the IBSI reference table (${(err as NodeJS.ErrnoException).code ?? err})`, path, err);
  }
  const [header, ...rows] = parseCsv(text).filter((r) => r.length > 1 || r[0] !== "");
  const col = new Map(header?.map((h, i) => [h.trim(), i]) ?? []);
  const missing = REQUIRED.filter((c) => !col.has(c));
  if (missing.length) throw inputError(`not an IBSI reference table: missing column(s) ${missing.join(", ")}`, path);
  const get = (r: string[], c: string) => (r[col.get(c)!] ?? "").trim();
  const out: ReferenceValue[] = [];
  for (const r of rows) {
    const raw = get(r, "reference_value");
    if (raw === "" || !Number.isFinite(Number(raw))) continue;
    const tol = get(r, "tolerance");
    out.push({
      family: get(r, "feature_family"),
      feature: get(r, "feature_name"),
      ibsiCode: get(r, "ibsi_code"),
      complianceTag: get(r, "compliance_tag"),
      config: get(r, "phantom_or_config"),
      aggregationCode: get(r, "aggregation_code"),
      value: Number(raw),
      tolerance: tol === "" ? 0 : Number(tol),
    });
  }
  return out;
}
