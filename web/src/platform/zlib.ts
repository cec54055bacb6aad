import { gunzipSync as fflateGunzip, gzipSync as fflateGzip } from "fflate";

/**
 * The browser's node:zlib, with the two calls the readers and writers make, on fflate (a pure
 * JavaScript port of zlib's formats). Vite puts it in place of node:zlib (web/vite.config.ts).
 */

export const constants = { Z_NO_FLUSH: 0, Z_SYNC_FLUSH: 2, Z_FINISH: 4 };

/** Decompresses a gzip stream; a corrupt or truncated one throws, as node:zlib does. */
export function gunzipSync(bytes: Uint8Array, options?: { finishFlush?: number }): Uint8Array {
  if (options?.finishFlush === constants.Z_SYNC_FLUSH) return gunzipPrefix(bytes);
  return fflateGunzip(bytes);
}

/** As much as a truncated stream holds (node:zlib's finishFlush: Z_SYNC_FLUSH): for reading a header from a file's start. */
function gunzipPrefix(bytes: Uint8Array): Uint8Array {
  try {
    return fflateGunzip(bytes);
  } catch {
    return new Uint8Array(0); // the callers then read the whole file
  }
}

export function gzipSync(bytes: Uint8Array, options?: { level?: number }): Uint8Array {
  const level = (options?.level ?? 6) as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  return fflateGzip(bytes, { level, mtime: 0 });
}

export default { constants, gunzipSync, gzipSync };
