import { describe, expect, it } from "vitest";
import { discretisationStatus, isDegenerate, MIN_GREY_LEVELS, MIN_VOXELS_PER_LEVEL, pairStatus } from "../../../analysis/impact/degenerate.js";
import type { GreyLevelSummary } from "../../../analysis/processing/greyLevels.js";

const levels = (occupied: number, voxels: number): GreyLevelSummary => ({ config: "fbs0.1", occupied, nLevels: occupied, voxels, min: 0, max: occupied / 10, binWidth: 0.1 });

describe("degenerate discretisations", () => {
  it("too coarse below 8 occupied grey levels, too fine below 2 voxels per level", () => {
    expect(MIN_GREY_LEVELS).toBe(8);
    expect(MIN_VOXELS_PER_LEVEL).toBe(2);
    expect(discretisationStatus(levels(1, 5000))).toBe("too-coarse");
    expect(discretisationStatus(levels(7, 5000))).toBe("too-coarse");
    expect(discretisationStatus(levels(8, 5000))).toBe("ok");
    expect(discretisationStatus(levels(2500, 5000))).toBe("ok"); // exactly 2 voxels per level
    expect(discretisationStatus(levels(2501, 5000))).toBe("too-fine");
    // a tiny ROI: 6 voxels can fill neither 8 levels nor 2 voxels each
    expect(discretisationStatus(levels(6, 6))).toBe("too-coarse");
  });

  it("a shift takes the worse of its two discretisations", () => {
    expect(pairStatus(levels(20, 5000), levels(20, 5000))).toBe("ok");
    expect(pairStatus(levels(20, 5000), levels(3, 5000))).toBe("too-coarse");
    expect(pairStatus(levels(2600, 5000), levels(20, 5000))).toBe("too-fine");
    expect(pairStatus(levels(2600, 5000), levels(3, 5000))).toBe("too-coarse");
  });

  it("only too-coarse and too-fine are ranked apart", () => {
    expect(["ok", "too-coarse", "too-fine", "n/a", undefined].map(isDegenerate)).toEqual([false, true, true, false, false]);
  });
});
