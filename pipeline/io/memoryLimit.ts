import { freemem } from "node:os";
import { constants as bufferConstants } from "node:buffer";
import { inputError, usageError } from "../../analysis/core/errors.js";

/**
 * The memory guard of the readers: before a reader allocates a volume it asks whether the bytes it
 * needs fit under the limit, and refuses the file (saying how much it would need) when they do not,
 * instead of dying of an out-of-memory abort half-way. The limit comes from `--max-memory`, else the
 * environment variable DEFACE_IMPACT_MAX_MEMORY, else 75 % of the memory free when the command starts.
 */
export const MAX_MEMORY_ENV = "DEFACE_IMPACT_MAX_MEMORY";
export const DEFAULT_FREE_MEMORY_SHARE = 0.75;

/**
 * Bytes per voxel a command works with beyond the stored voxels: float copies of the image for the
 * statistics and fills, and one byte per mask (ROI, face, brain, head, skin and the morphology of the
 * defacers). Measured: `run` and `deface` peak at 30–45 bytes per voxel above Node's own ~60 MB on
 * the 160³ CT phantom; 32 keeps the refusal for volumes that clearly cannot be processed.
 */
export const WORKING_BYTES_PER_VOXEL = 32;

let configured: number | undefined;

/** "8G", "512M", "1.5GB", "2000000000": bytes. Undefined for text that is not a size. */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(k|m|g|t)?(i?b)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = { k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[(m[2] ?? "").toLowerCase() as "k"] ?? 1;
  const bytes = Math.floor(Number(m[1]) * unit);
  return bytes > 0 && Number.isFinite(bytes) ? bytes : undefined;
}

/** Sets the limit from `--max-memory` (a size, see parseByteSize); a bad value is a usage error. */
export function setMaxMemory(text: string | undefined): void {
  if (text === undefined) return;
  const bytes = parseByteSize(text);
  if (bytes === undefined) throw usageError(`--max-memory: "${text}" is not a size (e.g. 4G, 512M or a number of bytes)`);
  configured = bytes;
}

/** The limit in bytes (see the module comment). */
export function maxMemory(): number {
  if (configured !== undefined) return configured;
  const env = process.env[MAX_MEMORY_ENV];
  if (env !== undefined && env.trim() !== "") {
    const bytes = parseByteSize(env);
    if (bytes === undefined) throw usageError(`${MAX_MEMORY_ENV}: "${env}" is not a size (e.g. 4G, 512M or a number of bytes)`);
    return bytes;
  }
  return Math.floor(freemem() * DEFAULT_FREE_MEMORY_SHARE);
}

export const formatBytes = (bytes: number): string =>
  bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MiB` : `${Math.ceil(bytes / 2 ** 10)} KiB`;

/**
 * Refuses to go on when reading and processing `voxels` voxels needs more than the limit.
 * `readBytes` are the bytes held while reading (the file, or its decompressed data) besides the
 * decoded voxels of `bytesPerVoxel` each.
 */
export function assertVolumeFits(path: string, what: string, voxels: number, bytesPerVoxel: number, readBytes = 0): void {
  const needed = readBytes + voxels * (bytesPerVoxel + WORKING_BYTES_PER_VOXEL);
  const limit = maxMemory();
  if (!(needed <= limit)) {
    throw inputError(
      `${what} needs about ${formatBytes(needed)} of memory to read and process, more than the ${formatBytes(limit)} allowed ` +
        `(--max-memory or ${MAX_MEMORY_ENV}; default 75 % of the free memory)`,
      path,
    );
  }
}

/** Largest single buffer Node can hold (a decompressed file must fit in one). */
export const MAX_BUFFER_BYTES = bufferConstants.MAX_LENGTH;
