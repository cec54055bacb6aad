import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { inputError } from "../../analysis/core/errors.js";
import { parseLedger, type Ledger } from "../../analysis/privacy/dp/ledger.js";
import { writeFileAtomic } from "../io/atomicWrite.js";

/**
 * The ledger file of `privacy release`: read, changed and written back under a lock file
 * (LEDGER.lock, created exclusively), so two releases at once cannot both spend the same budget.
 * The ledger itself is replaced atomically.
 */
export function withLedgerLock<T>(path: string, work: () => T): T {
  const lock = `${path}.lock`;
  try {
    writeFileSync(lock, `${process.pid}\n`, { flag: "wx" });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw inputError(`the ledger is locked by another release (${lock} exists; remove it if no release is running)`, path, err);
    throw inputError(`cannot lock the ledger (${code ?? (err as Error).message})`, path, err);
  }
  try {
    return work();
  } finally {
    rmSync(lock, { force: true });
  }
}

/** The ledger in the file, or undefined when the file does not exist yet. */
export function readLedger(path: string): Ledger | undefined {
  if (!existsSync(path)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw inputError(`cannot read the ledger (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, path, err);
  }
  return parseLedger(json, path);
}

export const writeLedger = (path: string, ledger: Ledger): void => writeFileAtomic(path, JSON.stringify(ledger, null, 2) + "\n");
