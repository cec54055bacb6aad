import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { inputError } from "../../analysis/core/errors.js";
import { parseDefaceFill } from "../../masks/defaceFill.js";
import { parseCsv } from "../validate/ibsiReferenceCsv.js";

/**
 * The cohort manifest of `compare` (CSV, one row per subject). Known columns: subject, image, roi
 * (required), brain_mask, head_mask, face_mask (optional). Every other column is a defacing tool:
 * the header names it (the `condition` in every output), each cell is either that tool's defaced
 * image (a path, relative to the manifest's folder) or a built-in spec `builtin:shear[:FILL]` /
 * `builtin:mask[:FILL]` (the row's face_mask), FILL as in `run --fill` (default zero). An empty cell:
 * the tool has no output for this subject.
 * `regress --suite FILE` reads the same manifest (pipeline/regress/manifestSuite.ts).
 */
export const KNOWN_COLUMNS = ["subject", "image", "roi", "brain_mask", "head_mask", "face_mask"] as const;
const REQUIRED = ["subject", "image", "roi"] as const;
const TOOL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.+-]*$/;

/** One tool's version of a subject: another tool's image, or a built-in defacer with a fill. */
export type DefacedVersion =
  | { tool: string; kind: "file"; path: string }
  | { tool: string; kind: "builtin"; defacer: "shear" | "mask"; fill: string };

export interface CompareRow {
  subject: string;
  image: string;
  roi: string;
  brainMask?: string;
  headMask?: string;
  faceMask?: string;
  versions: DefacedVersion[];
  /** 1-based line of the manifest, for messages. */
  line: number;
}

export interface CompareManifest {
  path: string;
  /** the tool columns, in header order. */
  tools: string[];
  rows: CompareRow[];
}

export function readCompareManifest(path: string): CompareManifest {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw inputError(`cannot read the manifest (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, path, err);
  }
  const manifest = parseCompareManifest(text.replace(/^\uFEFF/, ""), path);
  for (const row of manifest.rows) checkFilesExist(row, path);
  return manifest;
}

/** Parses manifest text (no file access); relative paths resolve against the folder of `path`. */
export function parseCompareManifest(text: string, path: string): CompareManifest {
  // Line numbers count every record (one per line unless a quoted cell holds a line break).
  const records = parseCsv(text)
    .map((cells, i) => ({ cells, line: i + 1 }))
    .filter((r) => r.cells.some((cell) => cell.trim() !== ""));
  if (records.length === 0) {
    throw inputError("the manifest is empty: expected a header line subject,image,roi[,brain_mask,head_mask,face_mask],TOOL...", path);
  }
  const header = records[0].cells.map((h) => h.trim());
  const h1 = `line ${records[0].line}`;
  for (const column of REQUIRED) {
    if (!header.includes(column)) throw inputError(`${h1}: the manifest has no "${column}" column (header: ${header.join(",")})`, path);
  }
  const known = KNOWN_COLUMNS as readonly string[];
  const seen = new Set<string>();
  for (const h of header) {
    if (h === "") throw inputError(`${h1}: the header has an empty column name`, path);
    if (seen.has(h)) throw inputError(`${h1}: the header repeats the column "${h}"`, path);
    seen.add(h);
    if (h === "original") throw inputError(`${h1}: the column "original" would clash with the original condition: name the tool instead`, path);
    if (!known.includes(h) && !TOOL_NAME.test(h)) {
      throw inputError(`${h1}: the column "${h}" is not a valid tool name (letters, digits, _ . + -)`, path);
    }
  }
  const tools = header.filter((h) => !known.includes(h));
  if (tools.length === 0) {
    throw inputError(`${h1}: no tool column: add one column per defaced version (a path, builtin:shear[:FILL] or builtin:mask[:FILL])`, path);
  }

  const base = dirname(path);
  const subjects = new Set<string>();
  const rows = records.slice(1).map(({ cells: record, line }): CompareRow => {
    if (record.length !== header.length) throw inputError(`line ${line} has ${record.length} cells, the header ${header.length}`, path);
    const cell = (column: string): string | undefined => {
      const i = header.indexOf(column);
      const v = i < 0 ? "" : record[i].trim();
      return v === "" ? undefined : v;
    };
    const file = (column: string) => {
      const v = cell(column);
      return v === undefined ? undefined : resolve(base, v);
    };
    for (const column of REQUIRED) if (cell(column) === undefined) throw inputError(`line ${line}: the "${column}" cell is empty`, path);
    const subject = cell("subject")!;
    if (subjects.has(subject)) throw inputError(`line ${line}: subject "${subject}" appears twice`, path);
    subjects.add(subject);
    const versions = tools.flatMap((tool): DefacedVersion[] => {
      const v = cell(tool);
      if (v === undefined) return [];
      if (!v.startsWith("builtin:")) return [{ tool, kind: "file", path: resolve(base, v) }];
      return [parseBuiltin(tool, v, line, path)];
    });
    if (versions.length === 0) throw inputError(`line ${line} (${subject}): every tool cell is empty: nothing to compare`, path);
    const faceMask = file("face_mask");
    const needsMask = versions.find((v) => v.kind === "builtin" && v.defacer === "mask");
    if (needsMask && !faceMask) {
      throw inputError(`line ${line} (${subject}): column "${needsMask.tool}" uses builtin:mask but the face_mask cell is empty`, path);
    }
    return {
      subject,
      image: file("image")!,
      roi: file("roi")!,
      ...(cell("brain_mask") ? { brainMask: file("brain_mask") } : {}),
      ...(cell("head_mask") ? { headMask: file("head_mask") } : {}),
      ...(faceMask ? { faceMask } : {}),
      versions,
      line,
    };
  });
  if (rows.length === 0) throw inputError("the manifest has a header but no subject lines", path);
  return { path, tools, rows };
}

function parseBuiltin(tool: string, text: string, line: number, path: string): DefacedVersion {
  const m = /^builtin:(shear|mask)(?::(.+))?$/.exec(text);
  if (!m) throw inputError(`line ${line}, column "${tool}": "${text}" is not builtin:shear[:FILL] or builtin:mask[:FILL]`, path);
  const fill = m[2] ?? "zero";
  try {
    parseDefaceFill(fill);
  } catch (err) {
    throw inputError(`line ${line}, column "${tool}": ${(err as Error).message}`, path);
  }
  return { tool, kind: "builtin", defacer: m[1] as "shear" | "mask", fill };
}

function checkFilesExist(row: CompareRow, manifest: string): void {
  const files: [string, string | undefined][] = [
    ["image", row.image],
    ["roi", row.roi],
    ["brain_mask", row.brainMask],
    ["head_mask", row.headMask],
    ["face_mask", row.faceMask],
    ...row.versions.map((v): [string, string | undefined] => [v.tool, v.kind === "file" ? v.path : undefined]),
  ];
  for (const [column, file] of files) {
    if (file !== undefined && !existsSync(file)) {
      throw inputError(`line ${row.line} (${row.subject}), column "${column}": file not found: ${file}`, manifest);
    }
  }
}
