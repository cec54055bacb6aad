import type { VoxelArray } from "../core/volume.js";

/** Value range of each integer voxel type (float types keep every value). */
const INTEGER_RANGES: { ctor: Function; min: number; max: number }[] = [
  { ctor: Int8Array, min: -128, max: 127 },
  { ctor: Uint8Array, min: 0, max: 255 },
  { ctor: Int16Array, min: -32768, max: 32767 },
  { ctor: Uint16Array, min: 0, max: 65535 },
  { ctor: Int32Array, min: -2147483648, max: 2147483647 },
  { ctor: Uint32Array, min: 0, max: 4294967295 },
];

/** The [min, max] of `data`'s integer voxel type, or null for float data. */
export function integerRange(data: VoxelArray): { min: number; max: number } | null {
  const r = INTEGER_RANGES.find((t) => data instanceof (t.ctor as typeof Int8Array));
  return r ? { min: r.min, max: r.max } : null;
}

/**
 * Stores interpolated intensities back in the image's voxel type, as SimpleITK's
 * ResampleImageFilter does when the output pixel type is the input's (PyRadiomics' resampling):
 * values are clamped to the type's range and truncated toward zero (a C++ static_cast), so an
 * interpolated 99.7 in an int16 image becomes 99 and −0.4 becomes 0. Float images are left alone.
 * In place; returns `values`.
 */
export function castToVoxelType(values: Float64Array, like: VoxelArray): Float64Array {
  const range = integerRange(like);
  if (!range) return values;
  const { min, max } = range;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    values[i] = v < min ? min : v > max ? max : Math.trunc(v) || 0; // || 0: no −0
  }
  return values;
}
