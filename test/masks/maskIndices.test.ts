import { describe, expect, it } from "vitest";
import { countMask } from "../../analysis/core/volume.js";
import { maskIndices } from "../../masks/uniformFill.js";

/** The definition: every index whose voxel is set, in increasing order. */
const everyIndex = (mask: Uint8Array): number[] => Array.from(mask.keys()).filter((i) => mask[i]);

describe("maskIndices and countMask", () => {
  let seed = 3;
  const random = (n: number, p: number) => Uint8Array.from({ length: n }, () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 1000 < p * 1000 ? 1 : 0));

  it("lists the set voxels in order, whether the mask's bytes start on a word or not, with a tail of any length", () => {
    for (const length of [0, 1, 3, 4, 5, 1001, 4096, 4099])
      for (const p of [0, 0.02, 0.5, 1]) {
        const mask = random(length, p);
        expect(Array.from(maskIndices(mask)), `aligned, ${length} voxels, p ${p}`).toEqual(everyIndex(mask));
        const shifted = new Uint8Array(length + 1).subarray(1); // byteOffset 1: read byte by byte
        shifted.set(mask);
        expect(Array.from(maskIndices(shifted)), `unaligned, ${length} voxels, p ${p}`).toEqual(everyIndex(mask));
        expect([countMask(mask), countMask(shifted)], `count, ${length} voxels, p ${p}`).toEqual([everyIndex(mask).length, everyIndex(mask).length]);
      }
  });

  it("counts a full word as four voxels", () => {
    const mask = new Uint8Array(16).fill(1, 4, 12);
    expect(Array.from(maskIndices(mask))).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    expect(countMask(mask)).toBe(8);
  });
});
