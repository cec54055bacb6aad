import { describe, expect, it } from "vitest";
import {
  discretise,
  discretiseFixedBinNumber,
  discretiseFixedBinSize,
  discretiseNone,
} from "../../../analysis/processing/discretise.js";

const mask = (n: number) => new Uint8Array(n).fill(1);

describe("fixed bin number", () => {
  it("bins start at 1 and the maximum falls in the last bin", () => {
    const v = Float64Array.from([10, 12.5, 15, 17.5, 20]);
    const { levels, nLevels } = discretiseFixedBinNumber(v, mask(5), 4);
    expect(Array.from(levels)).toEqual([1, 2, 3, 4, 4]);
    expect(nLevels).toBe(4);
  });

  it("uses only ROI voxels for the range and writes 0 outside", () => {
    const v = Float64Array.from([-1000, 0, 10, 5000]);
    const m = Uint8Array.from([0, 1, 1, 0]);
    const { levels } = discretiseFixedBinNumber(v, m, 2);
    expect(Array.from(levels)).toEqual([0, 1, 2, 0]);
  });

  it("a flat ROI has one grey level", () => {
    expect(Array.from(discretiseFixedBinNumber(Float64Array.from([3, 3, 3]), mask(3), 32).levels)).toEqual([1, 1, 1]);
  });
});

describe("fixed bin size", () => {
  it("bins start at the given lower bound, not at the ROI minimum", () => {
    // From -500 with width 25: -480 -> 1, -475 -> 2 (edges belong to the upper bin), 377 -> 36.
    const v = Float64Array.from([-480, -475, -451, 377]);
    const { levels, nLevels } = discretiseFixedBinSize(v, mask(4), 25, -500);
    expect(Array.from(levels)).toEqual([1, 2, 2, 36]);
    expect(nLevels).toBe(36);
  });

  it("without a lower bound, starts at the ROI minimum", () => {
    const { levels } = discretiseFixedBinSize(Float64Array.from([-480, -475, -430]), mask(3), 25);
    expect(Array.from(levels)).toEqual([1, 1, 3]);
  });

  it("N_g counts bins up to `upper` when given", () => {
    expect(discretiseFixedBinSize(Float64Array.from([-500, 0]), mask(2), 25, -500, 400).nLevels).toBe(37);
  });

  it("the dispatcher takes the lower bound from the re-segmentation range", () => {
    const d = discretise(Float64Array.from([-1000, -975, 400]), mask(3), { kind: "fbs", binWidth: 25 }, -1000);
    expect(Array.from(d.levels)).toEqual([1, 2, 57]);
    // An explicit lower bound wins over the range's.
    expect(Array.from(discretise(Float64Array.from([0, 10]), mask(2), { kind: "fbs", binWidth: 10, lower: -10 }, -1000).levels)).toEqual([2, 3]);
  });
});

describe("no discretisation", () => {
  it("keeps integer levels and counts absent levels in N_g (digital phantom: 1..6 without 2 and 5)", () => {
    const d = discretiseNone(Float64Array.from([1, 3, 4, 6, 9]), Uint8Array.from([1, 1, 1, 1, 0]));
    expect(Array.from(d.levels)).toEqual([1, 3, 4, 6, 0]);
    expect(d.nLevels).toBe(6);
  });

  it("refuses intensities that are not grey levels", () => {
    expect(() => discretiseNone(Float64Array.from([0.5, 2]), mask(2))).toThrow(/integer/);
    expect(() => discretiseNone(Float64Array.from([-3, 2]), mask(2))).toThrow(/integer/);
  });
});
