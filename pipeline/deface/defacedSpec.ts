import { basename } from "node:path";
import { usageError } from "../../analysis/core/errors.js";

/**
 * `--defaced NAME=FILE` (repeatable, to compare tools): NAME labels the condition (letters, digits,
 * `-`, `_`, `.`); without `NAME=` the file name without extension is used.
 */
export interface DefacedSpec {
  name: string;
  path: string;
}

export function parseDefacedSpec(text: string): DefacedSpec {
  const eq = text.indexOf("=");
  const name = eq > 0 ? text.slice(0, eq) : basename(text).replace(/\.(nii\.gz|nii|nrrd|nhdr)$/i, "");
  const path = eq > 0 ? text.slice(eq + 1) : text;
  if (!path) throw usageError(`--defaced "${text}": expected NAME=FILE or FILE`);
  if (!/^[A-Za-z0-9._-]+$/.test(name))
    throw usageError(`--defaced "${text}": the name "${name}" may hold only letters, digits, '.', '_' and '-'`);
  return { name, path };
}

/** Several --defaced options: names must be distinct, so each is one condition. */
export function parseDefacedSpecs(texts: readonly string[]): DefacedSpec[] {
  const specs = texts.map(parseDefacedSpec);
  const seen = new Set<string>();
  for (const s of specs) {
    if (seen.has(s.name)) throw usageError(`--defaced: the name "${s.name}" is used twice; label them NAME=FILE`);
    seen.add(s.name);
  }
  return specs;
}
