import { ensureDir } from "./ensureDir.js";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { inputError } from "../../analysis/core/errors.js";
import { removeLeftoversOfDeadProcesses } from "./leftovers.js";

/**
 * Writes a file atomically: the data go to a temporary name in the same folder, then a rename
 * replaces the target, so a reader never sees a half-written file and a crash leaves the old one.
 * Parent folders are created; a temporary of the same target left by a killed process is removed.
 * Failures become input errors naming the path.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  ensureDir(dir);
  removeLeftoversOfDeadProcesses(dir, `.${basename(path)}.`, ".tmp");
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code ?? "";
    throw inputError(`cannot write the file (${code || (err as Error).message}); check the folder exists and is writable`, path, err);
  }
}
