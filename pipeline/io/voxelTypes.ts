import type { VoxelArray } from "../../analysis/core/volume.js";

/** The voxel types deface-impact reads and writes, named as in NRRD/numpy. */
export type VoxelType = "uint8" | "int8" | "int16" | "uint16" | "int32" | "uint32" | "float32" | "float64";

export interface ReadVolumeOptions {
  /** put the voxels in a SharedArrayBuffer (for the worker pool), saving a later copy. */
  shared?: boolean;
}

type Ctor = { new (n: number): VoxelArray; new (buffer: ArrayBufferLike): VoxelArray; BYTES_PER_ELEMENT: number };

const CTORS: Record<VoxelType, Ctor> = {
  uint8: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
};

/**
 * A zeroed array of the type; with `shared`, backed by a SharedArrayBuffer so worker threads
 * read it without a copy (ARCHITECTURE.md: volumes live in SharedArrayBuffers).
 */
export function allocate(type: VoxelType, count: number, shared = false): VoxelArray {
  const ctor = CTORS[type];
  return shared ? new ctor(new SharedArrayBuffer(count * ctor.BYTES_PER_ELEMENT)) : new ctor(count);
}

export const bytesPerVoxel = (type: VoxelType): number => CTORS[type].BYTES_PER_ELEMENT;

export function voxelTypeOf(data: VoxelArray): VoxelType {
  if (data instanceof Uint8Array) return "uint8";
  if (data instanceof Int8Array) return "int8";
  if (data instanceof Int16Array) return "int16";
  if (data instanceof Uint16Array) return "uint16";
  if (data instanceof Int32Array) return "int32";
  if (data instanceof Uint32Array) return "uint32";
  if (data instanceof Float32Array) return "float32";
  return "float64";
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Copies `count` voxels starting at byte `offset` into a fresh typed array of the stored type,
 * swapping bytes when the file's byte order differs from the machine's. The caller has checked
 * that the bytes are there.
 */
export function decodeVoxels(
  bytes: Uint8Array,
  offset: number,
  count: number,
  type: VoxelType,
  littleEndian: boolean,
  shared = false,
): VoxelArray {
  const ctor = CTORS[type];
  const size = ctor.BYTES_PER_ELEMENT;
  const out = allocate(type, count, shared);
  const outBytes = new Uint8Array(out.buffer);
  outBytes.set(bytes.subarray(offset, offset + count * size));
  if (size > 1 && littleEndian !== HOST_LITTLE_ENDIAN) swapBytes(outBytes, size);
  return out;
}

/** The voxels as little-endian bytes (a view when the machine is little-endian). */
export function encodeVoxelsLittleEndian(data: VoxelArray): Uint8Array {
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (HOST_LITTLE_ENDIAN || data.BYTES_PER_ELEMENT === 1) return view;
  const copy = view.slice();
  swapBytes(copy, data.BYTES_PER_ELEMENT);
  return copy;
}

export function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i + size <= bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}

/**
 * Applies value = slope * stored + intercept. Float64 when the stored values need it (32-bit
 * integers, float64), Float32 otherwise.
 */
export function applyScaling(data: VoxelArray, slope: number, intercept: number, shared = false): Float32Array | Float64Array {
  const wide = data instanceof Float64Array || data instanceof Int32Array || data instanceof Uint32Array;
  const out = allocate(wide ? "float64" : "float32", data.length, shared) as Float32Array | Float64Array;
  for (let i = 0; i < data.length; i++) out[i] = data[i] * slope + intercept;
  return out;
}
