import { existsSync } from "node:fs";
import { inputError } from "../../analysis/core/errors.js";
import { parseDefaceFill } from "../../masks/defaceFill.js";
import { MANIFEST_COLUMNS, MAX_MANIFEST_BYTES, parseManifestTable, type ManifestRow } from "../io/manifest.js";
import { readTextFile } from "../io/readBytes.js";

/**
 * The cohort manifest of `compare`: the manifest of `regress` (pipeline/io/manifest.ts: columns
 * subject, image, roi, optional brain_mask, head_mask, face_mask; every other column a tool, named
 * by its header), whose tool cells may also be built-in specs `builtin:shear[:FILL]` (the shear
 * defacer) or `builtin:mask[:FILL]` (the row's face_mask), FILL as in `run --fill` (default min).
 * An empty cell: the tool has no output for this subject. `regress --suite FILE` reads the same
 * manifest (pipeline/regress/manifestSuite.ts).
 */
export const KNOWN_COLUMNS = MANIFEST_COLUMNS;

/** One tool's version of a subject: another tool's image, or a built-in defacer with a fill. */
export type DefacedVersion =
  | { tool: string; kind: "file"; path: string }
  | { tool: string; kind: "builtin"; defacer: "shear" | "mask"; fill: string };

/** A manifest row (subject, image, ROI, optional masks, line) with its tools' versions parsed. */
export interface CompareRow extends Omit<ManifestRow, "defaced"> {
  versions: DefacedVersion[];
}

export interface CompareManifest {
  path: string;
  /** the tool columns, in header order. */
  tools: string[];
  rows: CompareRow[];
}

export function readCompareManifest(path: string): CompareManifest {
  const manifest = parseCompareManifest(readTextFile(path, "the manifest", MAX_MANIFEST_BYTES), path);
  for (const row of manifest.rows) checkFilesExist(row, path);
  return manifest;
}

/** Parses manifest text (no file access); relative paths resolve against the folder of `path`. */
export function parseCompareManifest(text: string, path: string): CompareManifest {
  const { tools, rows } = parseManifestTable(text, path);
  if (tools.length === 0) {
    throw inputError("no tool column: add one column per defaced version (a path, builtin:shear[:FILL] or builtin:mask[:FILL])", path);
  }
  if (rows.length === 0) throw inputError("the manifest has a header but no subject lines", path);
  return {
    path,
    tools,
    rows: rows.map(({ defaced, ...row }): CompareRow => {
      const versions = defaced.map((d): DefacedVersion =>
        d.cell.startsWith("builtin:") ? parseBuiltin(d.name, d.cell, row.line, path) : { tool: d.name, kind: "file", path: d.path },
      );
      if (versions.length === 0) throw inputError(`line ${row.line} (${row.subject}): every tool cell is empty: nothing to compare`, path);
      const needsMask = versions.find((v) => v.kind === "builtin" && v.defacer === "mask");
      if (needsMask && !row.faceMask) {
        throw inputError(`line ${row.line} (${row.subject}): column "${needsMask.tool}" uses builtin:mask but the face_mask cell is empty`, path);
      }
      return { ...row, versions };
    }),
  };
}

function parseBuiltin(tool: string, text: string, line: number, path: string): DefacedVersion {
  const m = /^builtin:(shear|mask)(?::(.+))?$/.exec(text);
  if (!m) throw inputError(`line ${line}, column "${tool}": "${text}" is not builtin:shear[:FILL] or builtin:mask[:FILL]`, path);
  const fill = m[2] ?? "min";
  try {
    parseDefaceFill(fill);
  } catch (err) {
    throw inputError(`line ${line}, column "${tool}": ${(err as Error).message}`, path);
  }
  return { tool, kind: "builtin", defacer: m[1] as "shear" | "mask", fill };
}

/** Every file a row names, as [column, path] (absent optional files as undefined). */
export function rowFiles(row: CompareRow): [string, string | undefined][] {
  return [
    ["image", row.image],
    ["roi", row.roi],
    ["brain_mask", row.brainMask],
    ["head_mask", row.headMask],
    ["face_mask", row.faceMask],
    ...row.versions.map((v): [string, string | undefined] => [v.tool, v.kind === "file" ? v.path : undefined]),
  ];
}

function checkFilesExist(row: CompareRow, manifest: string): void {
  const files = rowFiles(row);
  for (const [column, file] of files) {
    if (file !== undefined && !existsSync(file)) {
      throw inputError(`line ${row.line} (${row.subject}), column "${column}": file not found: ${file}`, manifest);
    }
  }
}
