import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { constants as zlibConstants, gunzipSync } from "node:zlib";
import { DefaceImpactError, inputError } from "../../analysis/core/errors.js";
import { formatBytes, MAX_BUFFER_BYTES } from "./memoryLimit.js";

/** Reads a whole file; a missing, unreadable or non-regular path becomes an input error naming it. */
export function readFileBytes(path: string): Uint8Array {
  fileSize(path);
  try {
    return readFileSync(path);
  } catch (err) {
    throw fsError(err, path);
  }
}

/** Size of a regular file in bytes; a folder, a missing or unreadable path is an input error naming it. */
export function fileSize(path: string): number {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    throw fsError(err, path);
  }
  if (st.isDirectory()) throw inputError("is a folder, expected a file", path);
  return st.size;
}

/** The first `n` bytes of a file (fewer if it is shorter), with the same errors as readFileBytes. */
export function readFileStart(path: string, n: number): Uint8Array {
  return readFileRange(path, 0, n);
}

/** `length` bytes from byte `offset` of a file (fewer at its end), with the same errors as readFileBytes. */
export function readFileRange(path: string, offset: number, length: number): Uint8Array {
  const size = fileSize(path);
  const n = Math.max(0, Math.min(length, size - offset));
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const buf = new Uint8Array(n);
    let got = 0;
    // readSync may return fewer bytes than asked (large reads): loop until the end
    while (got < n) {
      const r = readSync(fd, buf, got, Math.min(n - got, 1 << 30), offset + got);
      if (r === 0) break;
      got += r;
    }
    return buf.subarray(0, got);
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

/**
 * The first `want` bytes of a file's content, inflated when the file is gzip (fewer when the content
 * is shorter), for reading a header before anything large is allocated. A gzip prefix is inflated
 * from growing compressed prefixes (1, 8, 64 KiB), so a bomb yields at most ~1000x the prefix read.
 */
export function readContentStart(path: string, want: number): { bytes: Uint8Array; gzip: boolean; fileSize: number } {
  const size = fileSize(path);
  const first = readFileStart(path, Math.max(want, 1024));
  if (!isGzip(first)) return { bytes: first.subarray(0, want), gzip: false, fileSize: size };
  let bytes = new Uint8Array(0);
  for (const prefix of [1024, 8192, 65536]) {
    const compressed = prefix <= first.length ? first.subarray(0, prefix) : readFileStart(path, prefix);
    try {
      bytes = gunzipSync(compressed, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    } catch (err) {
      throw inputError(`corrupt gzip data (${(err as Error).message})`, path, err);
    }
    if (bytes.length >= want || compressed.length < prefix) break;
  }
  return { bytes: bytes.subarray(0, want), gzip: true, fileSize: size };
}

/**
 * Inflates gzip data whose decompressed size a header declares, never beyond it: the inflation stops
 * as soon as the output passes `declared` bytes (a gzip bomb is refused after `declared` bytes, in
 * milliseconds and with memory bounded by `declared`). Shorter output is returned as it is (the
 * caller reports a truncated file); corrupt streams are input errors.
 */
export function gunzipBounded(bytes: Uint8Array, declared: number, path: string, what = "gzip data"): Uint8Array {
  if (declared > MAX_BUFFER_BYTES) {
    throw inputError(`the header declares ${formatBytes(declared)} of data, more than one buffer can hold (${formatBytes(MAX_BUFFER_BYTES)})`, path);
  }
  try {
    return gunzipSync(bytes, { maxOutputLength: Math.max(1, declared), chunkSize: 256 * 1024 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      throw inputError(
        `the ${what} decompresses past its declared size: the header declares ${declared} bytes (${formatBytes(declared)}) and the data go on beyond them (a gzip bomb or a lying header)`,
        path,
      );
    }
    throw inputError(`corrupt or truncated ${what} (${(err as Error).message})`, path, err);
  }
}

/**
 * A text file (manifest, settings) as UTF-8 without a byte-order mark; `what` names it in errors. Files
 * larger than `maxBytes` are refused before they are read (a manifest or settings file is kilobytes).
 */
export function readTextFile(path: string, what: string, maxBytes: number): string {
  const size = fileSize(path);
  if (size > maxBytes) throw inputError(`${what} is ${formatBytes(size)}, more than the ${formatBytes(maxBytes)} such a file can plausibly need; is it the right file?`, path);
  const bytes = readFileBytes(path);
  if (bytes.includes(0)) throw inputError(`${what} holds NUL bytes: a binary file, not text`, path);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8").replace(/^\uFEFF/, "");
}
