import { usageError } from "../analysis/core/errors.js";
import { countMask, maskWords, type Mask, type Volume, type VoxelArray } from "../analysis/core/volume.js";

/**
 * How defaced voxels are filled. `zero`: I·(1−M); `constant`: a given value; `min`: the image
 * minimum (air for CT). Fills that depend on position (noise, blur) are added in masks/ beside this.
 */
export type Fill = { kind: "zero" } | { kind: "constant"; value: number } | { kind: "min" };

/** Parses the CLI form: zero | min | constant:VALUE. */
export function parseFill(text: string): Fill {
  if (text === "zero" || text === "min") return { kind: text };
  const m = /^constant:(-?\d+(\.\d+)?([eE][-+]?\d+)?)$/.exec(text);
  if (m) return { kind: "constant", value: Number(m[1]) };
  throw usageError(`unknown fill "${text}": use zero, min or constant:VALUE (e.g. constant:-1000)`);
}

export const fillName = (fill: Fill): string => (fill.kind === "constant" ? `constant:${fill.value}` : fill.kind);

/** The value written into every masked voxel for a uniform fill. */
export function uniformFillValue(fill: Fill, volume: Volume): number {
  switch (fill.kind) {
    case "zero":
      return 0;
    case "constant":
      return fill.value;
    case "min": {
      const d = volume.data;
      let min = Infinity;
      for (let i = 0; i < d.length; i++) if (d[i] < min) min = d[i];
      return min;
    }
  }
}

/**
 * Indices of the masked voxels (0/1), in increasing order: defacing work is O(|mask|) from here on.
 * A mask is mostly zeros (a face, an ROI): both passes skip four voxels at a time where they can.
 */
export function maskIndices(mask: Mask): Uint32Array {
  const words = maskWords(mask);
  const out = new Uint32Array(countMask(mask));
  let o = 0;
  for (let w = 0; w < words.length; w++) {
    if (words[w] === 0) continue;
    for (let i = 4 * w; i < 4 * w + 4; i++) if (mask[i]) out[o++] = i;
  }
  for (let i = 4 * words.length; i < mask.length; i++) if (mask[i]) out[o++] = i;
  return out;
}

/**
 * The defaced image as a new array of the same type: the input is never modified. `fillValues`
 * holds the value of each masked voxel, in the order of `indices`.
 */
export function applyFill(volume: Volume, indices: Uint32Array, fillValues: Float64Array): VoxelArray {
  const out = volume.data.slice() as VoxelArray;
  for (let n = 0; n < indices.length; n++) out[indices[n]] = fillValues[n];
  return out;
}

/** The fill values of a uniform fill (one value for every masked voxel). */
export function uniformFillValues(fill: Fill, volume: Volume, count: number): Float64Array {
  return new Float64Array(count).fill(uniformFillValue(fill, volume));
}
