import { inputError } from "./errors.js";

/** Voxel storage: the stored type is kept (int16 CT stays int16) unless a step needs floats. */
export type VoxelArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

export type Vec3 = [number, number, number];

/**
 * 4x4 voxel-to-world matrix, row-major (16 numbers). World coordinates are RAS+ millimetres.
 * world = A · [i, j, k, 1]ᵀ.
 */
export type Affine = number[];

/** A regular voxel grid: what two volumes must share to be compared voxel by voxel. */
export interface Grid {
  /** [nx, ny, nz]; index = i + nx*(j + ny*k), x fastest, as in NIfTI. */
  dims: Vec3;
  /** voxel size in mm along i, j, k. */
  spacing: Vec3;
  affine: Affine;
}

/** An image: a typed array on a grid. Nothing more (as in nibabel). */
export interface Volume extends Grid {
  data: VoxelArray;
}

/** A binary mask on a Volume's grid: 1 inside, 0 outside. */
export type Mask = Uint8Array;

export const voxelCount = (g: Pick<Grid, "dims">): number => g.dims[0] * g.dims[1] * g.dims[2];

/** Diagonal affine for a grid without orientation information (pixdim only). */
export function scalingAffine(spacing: Vec3, origin: Vec3 = [0, 0, 0]): Affine {
  return [spacing[0], 0, 0, origin[0], 0, spacing[1], 0, origin[1], 0, 0, spacing[2], origin[2], 0, 0, 0, 1];
}

/** World position (mm, RAS+) of the centre of voxel (i, j, k). */
export function voxelToWorld(affine: Affine, i: number, j: number, k: number): Vec3 {
  return [
    affine[0] * i + affine[1] * j + affine[2] * k + affine[3],
    affine[4] * i + affine[5] * j + affine[6] * k + affine[7],
    affine[8] * i + affine[9] * j + affine[10] * k + affine[11],
  ];
}

/** Voxel size implied by an affine: the lengths of its first three columns. */
export function affineSpacing(affine: Affine): Vec3 {
  const col = (c: number) => Math.hypot(affine[c], affine[4 + c], affine[8 + c]);
  return [col(0), col(1), col(2)];
}

/** Relative tolerance for comparing geometry read from different files (float32 headers). */
const GRID_TOLERANCE = 1e-4;

/**
 * Fails with a clear error unless the two grids match in dims, spacing and affine (within a
 * tolerance, since headers store float32). `what` names the second input, e.g. the ROI file.
 */
export function assertSameGrid(reference: Grid, other: Grid, what: string, referenceName = "the image"): void {
  const same = (a: number, b: number, scale: number) => Math.abs(a - b) <= GRID_TOLERANCE * Math.max(1, scale);
  if (reference.dims.some((d, i) => d !== other.dims[i])) {
    throw inputError(
      `grid mismatch: dimensions ${other.dims.join("x")} differ from ${referenceName}'s ${reference.dims.join("x")}; resample it onto the image grid first`,
      what,
    );
  }
  if (reference.spacing.some((s, i) => !same(s, other.spacing[i], s))) {
    throw inputError(
      `grid mismatch: voxel size ${fmt(other.spacing)} mm differs from ${referenceName}'s ${fmt(reference.spacing)} mm`,
      what,
    );
  }
  const extent = Math.max(...reference.spacing) * Math.max(...reference.dims);
  if (reference.affine.some((v, i) => !same(v, other.affine[i], extent))) {
    throw inputError(
      `grid mismatch: its position/orientation (affine) differs from ${referenceName}'s; both must be on the same voxel grid`,
      what,
    );
  }
}

const fmt = (v: readonly number[]) => v.map((x) => +x.toFixed(4)).join(" x ");

/** Checks that a mask holds only 0 and 1. */
export function assertBinary(mask: ArrayLike<number>, what: string): void {
  for (let i = 0; i < mask.length; i++) {
    const v = mask[i];
    if (v !== 0 && v !== 1) {
      throw inputError(`mask is not binary: found value ${v} (expected only 0 and 1)`, what);
    }
  }
}

/** Converts any numeric array to a 0/1 mask (non-zero -> 1). */
export function toMask(values: ArrayLike<number>): Mask {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0;
  return out;
}

export function countMask(mask: Mask): number {
  // four voxels at a time where the mask's memory allows: a word's count is its bytes' sum (each 0
  // or 1, so the sum never carries), and a mask is mostly zero words
  const words = maskWords(mask);
  let n = 0;
  for (let w = 0; w < words.length; w++) if (words[w] !== 0) n += Math.imul(words[w], 0x01010101) >>> 24;
  for (let i = 4 * words.length; i < mask.length; i++) n += mask[i];
  return n;
}

/** The mask's bytes as 4-byte words, as many whole words as it holds, when its memory starts on a word (else none). */
export function maskWords(mask: Mask): Uint32Array {
  return mask.byteOffset % 4 === 0 ? new Uint32Array(mask.buffer, mask.byteOffset, mask.length >> 2) : new Uint32Array(0);
}

/**
 * The first index in [from, to) whose voxel is not `value` (as 0/1), or `to`. `words` is the mask's
 * maskWords: whole words of four such voxels are skipped (all zero bytes for 0, all one bytes for 1;
 * a word that is neither, or a mask without words, is read byte by byte).
 */
export function endOfStretch(mask: Mask, words: Uint32Array, from: number, to: number, value: 0 | 1): number {
  let i = from;
  for (; i < to && (i & 3) !== 0; i++) if ((mask[i] ? 1 : 0) !== value) return i;
  const same = value === 1 ? 0x01010101 : 0;
  let w = i >> 2;
  const lastWord = Math.min(to >> 2, words.length);
  while (w < lastWord && words[w] === same) w++;
  for (i = Math.max(i, w << 2); i < to; i++) if ((mask[i] ? 1 : 0) !== value) return i;
  return to;
}

/** A typed array of the same type backed by a SharedArrayBuffer, so worker threads read it without copying. */
export function toShared<T extends VoxelArray>(data: T): T {
  if (data.buffer instanceof SharedArrayBuffer) return data;
  const Ctor = data.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(data.byteLength));
  out.set(data as never);
  return out;
}
