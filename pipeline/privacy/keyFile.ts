import { randomBytes } from "node:crypto";
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { inputError, usageError } from "../../analysis/core/errors.js";
import { KEY_BYTES } from "../../analysis/privacy/pseudonym/pseudonym.js";

/**
 * The pseudonym key file: a 256-bit AES key as 64 hexadecimal characters and a line break, readable
 * and writable by its owner only (mode 0600). The key's bytes never appear in a message.
 */
const KEY_HEX = new RegExp(`^[0-9a-fA-F]{${2 * KEY_BYTES}}$`);

/**
 * Writes a new random key. Never replaces a file: the key goes to a temporary file created with mode
 * 0600, then is hard-linked to its name, which fails if the name exists (no window in which another
 * process could create it in between).
 */
export function writeNewKey(path: string): void {
  if (existsSync(path)) throw usageError(`${path}: refusing to overwrite an existing file (a lost key makes its pseudonyms irreversible); choose a new name`);
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    // a new key's folder (e.g. ~/keys) is created for its owner alone
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(tmp, randomBytes(KEY_BYTES).toString("hex") + "\n", { mode: 0o600, flag: "wx" });
    linkSync(tmp, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "";
    if (code === "EEXIST") throw usageError(`${path}: refusing to overwrite an existing file; choose a new name`);
    throw inputError(`cannot write the key file (${code || (err as Error).message}); check the folder exists and is writable`, path, err);
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Reads a key file, refusing one that others may read or write, or that is not exactly one 256-bit key. */
export function readKey(path: string): Uint8Array {
  let mode: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw inputError("the key is not a regular file", path);
    mode = st.mode;
  } catch (err) {
    if (err instanceof Error && err.name === "DefaceImpactError") throw err;
    throw inputError(`cannot read the key file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, path, err);
  }
  if ((mode & 0o077) !== 0) {
    throw inputError(`the key file may be read or written by others (mode ${(mode & 0o777).toString(8).padStart(4, "0")}); a key must be its owner's alone: chmod 600 ${path}`, path);
  }
  const text = readFileSync(path, "utf8").trim();
  if (!KEY_HEX.test(text)) {
    throw inputError(`not a key file: expected ${2 * KEY_BYTES} hexadecimal characters (a ${8 * KEY_BYTES}-bit key, as \`privacy keygen\` writes), found ${text.length} characters`, path);
  }
  return Uint8Array.from(Buffer.from(text, "hex"));
}
