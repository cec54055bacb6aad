import { ensureDir } from "../io/ensureDir.js";
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { inputError } from "../../analysis/core/errors.js";

/**
 * Writes a whole output folder atomically: files go into a hidden staging folder beside the
 * target, which replaces the target only when everything is written. A failure leaves the
 * previous output (or nothing) in place, never a half-written folder.
 */
export class StagedOutputDir {
  readonly target: string;
  readonly staging: string;
  private done = false;

  constructor(target: string) {
    this.target = resolve(target);
    if (existsSync(this.target) && !statSync(this.target).isDirectory()) {
      throw inputError("output path exists and is not a folder", target);
    }
    const parent = dirname(this.target);
    ensureDir(parent);
    this.staging = join(parent, `.${basename(this.target)}.partial-${process.pid}-${Date.now()}`);
    try {
      mkdirSync(this.staging);
    } catch (err) {
      throw inputError(`cannot write in the output's folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, parent, err);
    }
  }

  /** Path of a file inside the staging folder (subfolders are created). */
  path(name: string): string {
    const p = join(this.staging, name);
    ensureDir(dirname(p));
    return p;
  }

  write(name: string, data: string | Uint8Array): void {
    writeFileSync(this.path(name), data);
  }

  /** Moves the finished folder into place (replacing an earlier output). */
  commit(): void {
    if (existsSync(this.target)) {
      const old = `${this.staging}.old`;
      renameSync(this.target, old);
      renameSync(this.staging, this.target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(this.staging, this.target);
    }
    this.done = true;
  }

  /** Removes the staging folder after a failure. */
  abandon(): void {
    if (!this.done) rmSync(this.staging, { recursive: true, force: true });
  }
}

/** Runs `write` into a staged folder and commits it, or removes the staging folder on failure. */
export async function writeOutputDir<T>(target: string, write: (dir: StagedOutputDir) => Promise<T> | T): Promise<T> {
  const dir = new StagedOutputDir(target);
  try {
    const result = await write(dir);
    dir.commit();
    return result;
  } catch (err) {
    dir.abandon();
    throw err;
  }
}
