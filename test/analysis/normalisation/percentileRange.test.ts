import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../../analysis/core/random.js";
import type { VoxelArray } from "../../../analysis/core/volume.js";
import { percentileWithout, sortedRegionValues, sortedValuesAt } from "../../../analysis/normalisation/percentileRange.js";

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

  it("the values a condition takes out of the region come sorted, whatever the voxel type", () => {
    const random = mulberry32(16);
    const n = 5000;
    const region = Uint8Array.from({ length: n }, () => (random() < 0.5 ? 1 : 0));
    const indices = Uint32Array.from({ length: n }, (_, i) => i).filter(() => random() < 0.3);
    for (const data of [
      Int16Array.from({ length: n }, () => Math.round(random() * 60 - 20)), // counted
      Int32Array.from({ length: n }, () => Math.round(random() * 1e6)), // too wide to count: sorted
      Float32Array.from({ length: n }, () => random() * 10),
    ] as VoxelArray[]) {
      const plain = Float64Array.from([...indices].filter((v) => region[v]).map((v) => data[v])).sort();
      expect([...sortedValuesAt(data, indices, region)]).toEqual([...plain]);
    }
  });

  it("percentiles without the removed values equal those of the values left, ties included", () => {
    const random = mulberry32(17);
    for (let trial = 0; trial < 40; trial++) {
      const n = 1 + Math.floor(random() * 300);
      // few distinct values, so ties at the percentiles are common
      const all = Float64Array.from({ length: n }, () => Math.floor(random() * (trial % 2 ? 5 : 50))).sort();
      const removed = all.filter(() => random() < 0.4);
      const kept = [...all];
      for (const v of removed) kept.splice(kept.indexOf(v), 1);
      for (const p of [0, 1, 37.5, 50, 99, 100]) {
        const got = percentileWithout(all, removed, p);
        if (kept.length === 0) {
          expect(got).toBeNaN();
          continue;
        }
        const h = (kept.length - 1) * (p / 100);
        const lo = Math.floor(h);
        const want = h === lo ? kept[lo] : kept[lo] + (h - lo) * (kept[lo + 1] - kept[lo]);
        expect(got, `trial ${trial}, p ${p}`).toBe(want);
      }
    }
  });
});
