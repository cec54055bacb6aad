import { dirname, resolve } from "node:path";
import { inputError } from "../../analysis/core/errors.js";
import { parseCsv } from "../validate/ibsiReferenceCsv.js";
import { readTextFile } from "./readBytes.js";

/**
 * A cohort manifest (CSV, one row per subject), read by `regress --suite FILE` and `compare
 * --manifest FILE`. Known columns: subject, image, roi (required), brain_mask, head_mask,
 * face_mask (optional). Every other column is a defaced version of the image: its header names
 * the condition (e.g. `pydeface`), its cells are that tool's defaced image. Paths are relative to
 * the manifest's folder; an empty cell means "not available for this subject".
 */
export const MANIFEST_COLUMNS = ["subject", "image", "roi", "brain_mask", "head_mask", "face_mask"] as const;
const REQUIRED = ["subject", "image", "roi"] as const;

export interface ManifestRow {
  subject: string;
  image: string;
  roi: string;
  brainMask?: string;
  headMask?: string;
  faceMask?: string;
  /** other tools' defaced images: condition name (the column header), file, and the cell as written
   * (`compare` reads `builtin:...` specs from it). */
  defaced: { name: string; path: string; cell: string }[];
  /** 1-based line in the manifest, for messages. */
  line: number;
}

const CONDITION_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:+-]*$/;

/** A manifest larger than this is refused before it is read (a line per subject: kilobytes to a few MB). */
export const MAX_MANIFEST_BYTES = 64 * 2 ** 20;

export function readManifest(path: string): ManifestRow[] {
  return parseManifest(readTextFile(path, "the manifest", MAX_MANIFEST_BYTES), path);
}

/** Parses manifest text; relative paths are resolved against the folder of `path`. */
export function parseManifest(text: string, path: string): ManifestRow[] {
  return parseManifestTable(text, path).rows;
}

/** The rows and the tool (condition) columns in header order. */
export function parseManifestTable(text: string, path: string): { tools: string[]; rows: ManifestRow[] } {
  // Line numbers count every record, blank lines included (one line each unless a quoted cell holds a line break).
  const numbered = parseCsv(text)
    .map((cells, i) => ({ cells, line: i + 1 }))
    .filter((r) => r.cells.some((cell) => cell.trim() !== ""));
  const records = numbered.map((r) => r.cells);
  if (records.length === 0) throw inputError("the manifest is empty: expected a header row subject,image,roi[,brain_mask,head_mask,face_mask,<tool>...]", path);
  const header = records[0].map((h) => h.trim());
  for (const column of REQUIRED) if (!header.includes(column)) throw inputError(`the manifest has no "${column}" column (header: ${header.join(",")})`, path);
  const seenColumns = new Set<string>();
  for (const h of header) {
    if (h === "") throw inputError("the manifest header has an empty column name", path);
    if (seenColumns.has(h)) throw inputError(`the manifest header repeats the column "${h}"`, path);
    seenColumns.add(h);
    if (!(MANIFEST_COLUMNS as readonly string[]).includes(h) && !CONDITION_NAME.test(h)) {
      throw inputError(`the column "${h}" is not a valid condition name (letters, digits, _ . : + -)`, path);
    }
    if (h === "original") throw inputError(`the column "original" would clash with the original condition: name the tool instead`, path);
  }
  const base = dirname(path);
  const subjects = new Set<string>();
  const tools = header.filter((h) => !(MANIFEST_COLUMNS as readonly string[]).includes(h));
  const rows = records.slice(1).map((record, r) => {
    const line = numbered[r + 1].line;
    if (record.length !== header.length) {
      throw inputError(`line ${line} has ${record.length} cells, the header ${header.length}`, path);
    }
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
    const defaced = header
      .filter((h) => !(MANIFEST_COLUMNS as readonly string[]).includes(h))
      .flatMap((name) => (cell(name) === undefined ? [] : [{ name, path: file(name)!, cell: cell(name)! }]));
    return {
      subject,
      image: file("image")!,
      roi: file("roi")!,
      ...(cell("brain_mask") ? { brainMask: file("brain_mask") } : {}),
      ...(cell("head_mask") ? { headMask: file("head_mask") } : {}),
      ...(cell("face_mask") ? { faceMask: file("face_mask") } : {}),
      defaced,
      line,
    };
  });
  return { tools, rows };
}
