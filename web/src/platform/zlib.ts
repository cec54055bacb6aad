import { Gunzip, gunzipSync as fflateGunzip, gzipSync as fflateGzip } from "fflate";

/**
 * The browser's node:zlib, with the calls the readers and writers make, on fflate (a pure
 * JavaScript port of zlib's formats). Vite puts it in place of node:zlib (web/vite.config.ts).
 */

export const constants = { Z_NO_FLUSH: 0, Z_SYNC_FLUSH: 2, Z_FINISH: 4 };

interface GunzipOptions {
  /** Z_SYNC_FLUSH: as much as a truncated stream holds (reading a header from a file's start). */
  finishFlush?: number;
  /** more output than this throws an error with code ERR_BUFFER_TOO_LARGE, as node:zlib does (a gzip bomb). */
  maxOutputLength?: number;
  chunkSize?: number;
}

/** Decompresses a gzip stream; a corrupt or truncated one throws, as node:zlib does (but see finishFlush). */
export function gunzipSync(bytes: Uint8Array, options: GunzipOptions = {}): Uint8Array {
  try {
    return inflate(bytes, options);
  } catch (err) {
    // a truncated file in node:zlib's words, so the page says what the CLI says
    if ((err as Error).message === "unexpected EOF") (err as Error).message = "unexpected end of file";
    throw err;
  }
}

function inflate(bytes: Uint8Array, options: GunzipOptions): Uint8Array {
  const partial = options.finishFlush === constants.Z_SYNC_FLUSH;
  if (!partial && options.maxOutputLength === undefined) return fflateGunzip(bytes);
  const limit = options.maxOutputLength ?? Infinity;
  const pieces: Uint8Array[] = [];
  let length = 0;
  const stream = new Gunzip((piece) => {
    length += piece.length;
    if (length > limit) throw Object.assign(new RangeError(`Cannot create a Buffer larger than ${limit} bytes`), { code: "ERR_BUFFER_TOO_LARGE" });
    pieces.push(piece);
  });
  // fed in slices, so a bomb is stopped soon after the limit rather than once wholly inflated
  const slice = 64 * 1024;
  for (let at = 0; at < bytes.length; at += slice) stream.push(bytes.subarray(at, at + slice), !partial && at + slice >= bytes.length);
  if (bytes.length === 0 && !partial) stream.push(bytes, true);
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function gzipSync(bytes: Uint8Array, options?: { level?: number }): Uint8Array {
  const level = (options?.level ?? 6) as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  return fflateGzip(bytes, { level, mtime: 0 });
}

export default { constants, gunzipSync, gzipSync };
