import { readFileSync } from "node:fs";

/** One row of ibsi/reference_values.csv (the IBSI 1 consensus values; see shared/data/README). */
export interface IbsiReferenceRow {
  family: string;
  feature: string;
  ibsiCode: string;
  complianceTag: string;
  /** "digital" or "A".."E". */
  config: string;
  aggregationCode: string;
  value: number;
  tolerance: number;
}

/** Splits one CSV line, honouring double-quoted fields with doubled quotes inside. */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = "",
    quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(field);
      field = "";
    } else field += ch;
  }
  out.push(field);
  return out;
}

/** Reads the reference rows that carry a value (diagnostic rows and unset values are skipped). */
export function readIbsiReference(path: string): IbsiReferenceRow[] {
  const lines = readFileSync(path, "utf8").split(/\r?\n/).filter((l) => l.length > 0);
  const header = splitCsvLine(lines[0]);
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${path}: no column ${name}`);
    return i;
  };
  const c = {
    family: col("feature_family"),
    feature: col("feature_name"),
    code: col("ibsi_code"),
    tag: col("compliance_tag"),
    config: col("phantom_or_config"),
    agg: col("aggregation_code"),
    value: col("reference_value"),
    tol: col("tolerance"),
  };
  const rows: IbsiReferenceRow[] = [];
  for (const line of lines.slice(1)) {
    const f = splitCsvLine(line);
    const value = Number(f[c.value]);
    if (f[c.value] === "" || !Number.isFinite(value)) continue;
    rows.push({
      family: f[c.family],
      feature: f[c.feature],
      ibsiCode: f[c.code],
      complianceTag: f[c.tag],
      config: f[c.config],
      aggregationCode: f[c.agg],
      value,
      tolerance: Number(f[c.tol] || 0),
    });
  }
  return rows;
}
