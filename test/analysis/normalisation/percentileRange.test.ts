import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../../analysis/core/random.js";
import type { VoxelArray } from "../../../analysis/core/volume.js";
import { sortedRegionValues } from "../../../analysis/normalisation/percentileRange.js";

describe("sorted values of a region", () => {
  it("counting (integer voxels) and sorting (the plain way) give the same array", () => {
    const random = mulberry32(15);
    const n = 20000;
    const region = Uint8Array.from({ length: n }, () => (random() < 0.6 ? 1 : 0));
    const cases: VoxelArray[] = [
      Int16Array.from({ length: n }, () => Math.round(random() * 4000 - 1024)),
      Uint8Array.from({ length: n }, () => Math.floor(random() * 256)),
      Uint16Array.from({ length: n }, () => Math.floor(random() * 65536)),
      Int32Array.from({ length: n }, () => Math.round(random() * 2e6 - 1e6)), // wider than counting takes: sorted
      Int32Array.from({ length: n }, () => Math.round(random() * 300)),
      Float32Array.from({ length: n }, () => random() * 10 - 5),
    ];
    for (const data of cases) {
      const plain = Float64Array.from(data.filter((_, i) => region[i] === 1)).sort();
      expect([...sortedRegionValues(data, region)]).toEqual([...plain]);
    }
    expect(sortedRegionValues(new Int16Array(5), new Uint8Array(5)).length).toBe(0);
  });
});
