import { describe, expect, it } from "vitest";
import type { Vec3 } from "../../../analysis/core/volume.js";
import { maskBoundingBox } from "../../../analysis/processing/crop.js";

/** The box by definition: every voxel looked at. */
function naiveBox(mask: Uint8Array, [nx, ny, nz]: Vec3) {
  const lo = [nx, ny, nz];
  const hi = [-1, -1, -1];
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++)
        if (mask[v]) [i, j, k].forEach((c, a) => ((lo[a] = Math.min(lo[a], c)), (hi[a] = Math.max(hi[a], c))));
  return hi[0] < 0 ? null : { lo, hi };
}

describe("maskBoundingBox", () => {
  it("equals looking at every voxel, for sparse masks on odd grids, at any byte offset", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 60; trial++) {
      const dims: Vec3 = [1 + Math.floor(random() * 23), 1 + Math.floor(random() * 9), 1 + Math.floor(random() * 7)];
      const n = dims[0] * dims[1] * dims[2];
      // views starting at offsets 0..3 of a larger buffer: the word-wise scan's alignment varies
      const offset = trial % 4;
      const mask = new Uint8Array(new ArrayBuffer(n + 8), offset, n);
      const ones = trial % 5 === 0 ? 0 : 1 + Math.floor(random() * 4);
      for (let o = 0; o < ones; o++) mask[Math.floor(random() * n)] = 1 + Math.floor(random() * 255);
      expect(maskBoundingBox(mask, dims)).toEqual(naiveBox(mask, dims));
    }
  });
});
