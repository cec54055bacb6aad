import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { DefaceImpactError, inputError } from "../../analysis/core/errors.js";

/** Reads a whole file; a missing, unreadable or non-regular path becomes an input error naming it. */
export function readFileBytes(path: string): Uint8Array {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch (err) {
    throw fsError(err, path);
  }
  if (isDir) throw inputError("is a folder, expected a file", path);
  try {
    return readFileSync(path);
  } catch (err) {
    throw fsError(err, path);
  }
}

/** The first `n` bytes of a file (fewer if it is shorter), with the same errors as readFileBytes. */
export function readFileStart(path: string, n: number): Uint8Array {
  let fd: number | undefined;
  try {
    if (statSync(path).isDirectory()) throw inputError("is a folder, expected a file", path);
    fd = openSync(path, "r");
    const buf = new Uint8Array(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } catch (err) {
    if (err instanceof DefaceImpactError) throw err;
    throw fsError(err, path);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function fsError(err: unknown, path: string) {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return inputError("file not found", path, err);
  if (code === "EACCES" || code === "EPERM") return inputError("cannot read the file (permission denied)", path, err);
  return inputError(`cannot read the file (${code ?? (err as Error).message})`, path, err);
}

/** gzip streams start with 1f 8b: detect by content, not by the file name. */
export const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Decompresses gzip data if it is gzip; corrupt or truncated streams become input errors. */
export function gunzipIfNeeded(bytes: Uint8Array, path: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  return gunzipOrFail(bytes, path);
}

export function gunzipOrFail(bytes: Uint8Array, path: string, what = "gzip data"): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (err) {
    throw inputError(`corrupt or truncated ${what} (${(err as Error).message})`, path, err);
  }
}
