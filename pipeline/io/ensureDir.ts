import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { inputError } from "../../analysis/core/errors.js";

/**
 * Creates a folder and its missing parents, one level at a time. (Node 20's mkdirSync with
 * `recursive: true` loops forever on some unwritable trees such as /proc; this fails instead.)
 */
export function ensureDir(path: string): void {
  const dir = resolve(path);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw inputError("exists and is not a folder", dir);
    return;
  }
  const parent = dirname(dir);
  if (parent !== dir) ensureDir(parent);
  try {
    mkdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return;
    throw inputError(`cannot create the folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, dir, err);
  }
}
