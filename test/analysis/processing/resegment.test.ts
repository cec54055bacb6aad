import { describe, expect, it } from "vitest";
import { resegment, resegmentationBounds } from "../../../analysis/processing/resegment.js";

const values = Float64Array.from([-1200, -800, -100, 0, 50, 300, 399, 400, 401, 2000]);
const all = new Uint8Array(values.length).fill(1);

describe("re-segmentation", () => {
  it("range keeps [lower, upper] inclusive", () => {
    const { intensityMask } = resegment(values, all, { range: [-800, 400] });
    expect(Array.from(intensityMask)).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
  });

  it("either end of the range may be open", () => {
    expect(Array.from(resegment(values, all, { range: [null, 0] }).intensityMask)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(resegment(values, all, { range: [401, null] }).intensityMask)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
  });

  it("never adds voxels outside the ROI and leaves the input mask alone", () => {
    const roi = Uint8Array.from([0, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    const { intensityMask } = resegment(values, roi, { range: [-2000, 3000] });
    expect(Array.from(intensityMask)).toEqual(Array.from(roi));
    expect(intensityMask).not.toBe(roi);
  });

  it("outlier filtering keeps mean ± 3 population sd of the ROI", () => {
    // 20 voxels at 0 and one at 100: mean 100/21, population sd = sqrt(20)·100/21 ≈ 21.3, so
    // mean + 3 sd ≈ 68.6 < 100 and the single high voxel is removed.
    const v = new Float64Array(21);
    v[20] = 100;
    const m = new Uint8Array(21).fill(1);
    const mean = 100 / 21;
    const sd = Math.sqrt((20 * mean * mean + (100 - mean) ** 2) / 21);
    const b = resegmentationBounds(v, m, { outlierSigma: 3 });
    expect(b.upper).toBeCloseTo(mean + 3 * sd, 12);
    expect(b.lower).toBeCloseTo(mean - 3 * sd, 12);
    const { intensityMask } = resegment(v, m, { outlierSigma: 3 });
    expect(intensityMask[20]).toBe(0);
    expect(intensityMask.reduce((a, x) => a + x, 0)).toBe(20);
  });

  it("range and outliers combine as the intersection, with mean and sd over the whole ROI", () => {
    const v = Float64Array.from([-1000, -10, -5, 0, 5, 10, 1000]);
    const m = new Uint8Array(v.length).fill(1);
    const outliers = resegmentationBounds(v, m, { outlierSigma: 1 });
    const both = resegmentationBounds(v, m, { range: [-8, 900], outlierSigma: 1 });
    expect(both.lower).toBe(Math.max(-8, outliers.lower));
    expect(both.upper).toBe(Math.min(900, outliers.upper));
    expect(Array.from(resegment(v, m, { range: [-8, 900], outlierSigma: 1 }).intensityMask)).toEqual([0, 0, 1, 1, 1, 1, 0]);
  });

  it("no settings keep the whole ROI", () => {
    expect(Array.from(resegment(values, all, {}).intensityMask)).toEqual(Array.from(all));
  });
});
