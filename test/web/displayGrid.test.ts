import { describe, expect, it } from "vitest";
import type { Volume } from "../../analysis/core/volume.js";
import { displayFactor, shrink } from "../../web/src/worker/displayGrid.js";

/** A voxel's world position through a row-major affine. */
const world = (a: number[], i: number, j: number, k: number) => [0, 1, 2].map((r) => a[4 * r] * i + a[4 * r + 1] * j + a[4 * r + 2] * k + a[4 * r + 3]);

describe("the viewer's copy of a volume", () => {
  it("keeps small grids; brings big ones to at most 128 voxels a side", () => {
    expect(displayFactor([64, 64, 64])).toBe(1);
    expect(displayFactor([128, 100, 20])).toBe(1);
    expect(displayFactor([256, 256, 108])).toBe(2);
    expect(displayFactor([512, 512, 300])).toBe(4);
    expect(displayFactor([129, 1, 1])).toBe(2);
  });

  it("averages the image and keeps any mask voxel, on a grid whose blocks sit where their voxels are", () => {
    // 5 x 2 x 1 voxels, an oblique affine: blocks of 2 (the last one partial)
    const affine = [0, -1.5, 0, 10, 2, 0, 0, -20, 0, 0, 3, 5, 0, 0, 0, 1];
    const image: Volume = { dims: [5, 2, 1], spacing: [2, 1.5, 3], affine, data: Int16Array.from([1, 3, 5, 7, 9, 2, 4, 6, 8, 10]) };
    const small = shrink(image, 2, "mean");
    expect(small.dims).toEqual([3, 1, 1]);
    expect(small.spacing).toEqual([4, 3, 6]);
    expect([...small.data]).toEqual([2.5, 6.5, 9.5]);
    // block (0,0,0) holds voxels (0..1, 0..1, 0): its centre is theirs, (0.5, 0.5, 0)
    expect(world(small.affine, 0, 0, 0)).toEqual(world(affine, 0.5, 0.5, 0.5));
    expect(world(small.affine, 1, 0, 0)).toEqual(world(affine, 2.5, 0.5, 0.5));

    const mask: Volume = { ...image, data: Uint8Array.from([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]) };
    const m = shrink(mask, 2, "max");
    expect(m.data).toBeInstanceOf(Uint8Array);
    expect([...m.data]).toEqual([0, 1, 0]);
    expect(shrink(image, 1, "mean")).toBe(image);
  });
});
