import { describe, expect, it } from "vitest";
import { countMask, type Volume } from "../../analysis/core/volume.js";
import { headMask } from "../../masks/headMask.js";
import { integerValueCounts, otsuOfCounts, otsuThreshold } from "../../masks/otsu.js";
import { foregroundThreshold } from "../../masks/headMask.js";
import * as portable from "../../analysis/core/portableMath.js";
import { mulberry32 } from "../../analysis/core/random.js";

function gaussian(random: () => number, mean: number, sd: number): number {
  const u = Math.max(1e-12, random());
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

describe("Otsu threshold", () => {
  it("separates a bimodal sample between its modes, near the midpoint for equal classes", () => {
    const random = mulberry32(7);
    const values = new Float64Array(20000);
    for (let i = 0; i < values.length; i++) values[i] = i % 2 ? gaussian(random, 20, 5) : gaussian(random, 100, 5);
    const t = otsuThreshold(values);
    expect(t).toBeGreaterThan(50);
    expect(t).toBeLessThan(70);
    let wrong = 0;
    for (let i = 0; i < values.length; i++) if ((values[i] > t) !== (i % 2 === 0)) wrong++;
    expect(wrong).toBe(0);
  });
  it("moves towards the larger class's far side when classes are unequal, still between the modes", () => {
    const random = mulberry32(3);
    const values: number[] = [];
    for (let i = 0; i < 30000; i++) values.push(gaussian(random, 0, 10));
    for (let i = 0; i < 5000; i++) values.push(gaussian(random, 200, 20));
    const t = otsuThreshold(values);
    expect(t).toBeGreaterThan(40);
    expect(t).toBeLessThan(150);
  });
});

describe("Otsu threshold of an integer image, counted per value", () => {
  const random = mulberry32(11);
  const sample = (n: number, draw: () => number) => Array.from({ length: n }, draw);
  const ct = Int16Array.from(sample(50000, () => Math.round(random() < 0.6 ? gaussian(random, -1000, 30) : gaussian(random, 40, 300))));
  const mr = Uint16Array.from(sample(50000, () => Math.max(0, Math.round(random() < 0.4 ? gaussian(random, 3, 2) : gaussian(random, 400, 120)))));
  const floats = Float32Array.from(ct); // a float image that holds integers (e.g. a NIfTI float32 CT)
  it("gives, bit for bit, the threshold of binning voxel by voxel", () => {
    for (const values of [ct, mr, floats, Uint8Array.from(mr, (v) => v & 0xff), Array.from(ct)]) {
      expect(integerValueCounts(values)).toBeDefined();
      expect(Object.is(otsuThreshold(values), otsuOfCounts(values, undefined))).toBe(true);
    }
  });
  it("counts each value once, in order, and bins an image that is not integer voxel by voxel", () => {
    expect(integerValueCounts(Int16Array.of(5, -3, 5, 0, -3, 5))).toEqual({ values: Float64Array.of(-3, 0, 5), counts: Float64Array.of(2, 1, 3) });
    for (const values of [Float32Array.of(1, 2.5, 3), Float64Array.of(1, NaN, 3), Float64Array.of(0, Infinity), Int32Array.of(0, 1 << 21)])
      expect(integerValueCounts(values)).toBeUndefined();
  });
  it("MR: the threshold on log(1 + value − min) is the one of every voxel's logarithm, integer voxels or not", () => {
    for (const data of [mr, Float32Array.from(mr, (v) => v + 0.25 * (v % 3))]) {
      const volume: Volume = { data, dims: [50, 100, 10], spacing: [1, 1, 1], affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] };
      let lo = Infinity;
      for (const v of data) if (v < lo) lo = v;
      const logs = Float32Array.from(data, (v) => portable.log1p(v - lo));
      expect(Object.is(foregroundThreshold(volume, "mr"), lo + portable.expm1(otsuOfCounts(logs, undefined)))).toBe(true);
    }
  });
});

describe("head mask", () => {
  it("keeps the largest component and fills its holes", () => {
    const dims: [number, number, number] = [30, 30, 30];
    const data = new Float32Array(27000).fill(2);
    let inside = 0;
    for (let k = 0, v = 0; k < 30; k++)
      for (let j = 0; j < 30; j++)
        for (let i = 0; i < 30; i++, v++) {
          const r = Math.hypot(i - 15, j - 15, k - 15);
          if (r <= 10) (data[v] = r < 4 ? 1 : 100), inside++; // a dark cavity inside the head
        }
      data[2 + 30 * (2 + 30 * 2)] = 100; // a speck of noise
    const volume: Volume = { data, dims, spacing: [1, 1, 1], affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] };
    const { mask } = headMask(volume);
    expect(countMask(mask)).toBe(inside);
    expect(mask[2 + 30 * (2 + 30 * 2)]).toBe(0);
    expect(mask[15 + 30 * (15 + 30 * 15)]).toBe(1);
  });
});
