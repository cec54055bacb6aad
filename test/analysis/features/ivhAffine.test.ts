import { describe, expect, it } from "vitest";
import { intensityVolumeHistogram } from "../../../analysis/features/intensityVolumeHistogram.js";
import type { PreparedRoi } from "../../../analysis/features/types.js";

/**
 * A fixed-bin-number IVH cuts its bins between the ROI's minimum and maximum, which move with an
 * affine map: every value keeps its bin, so the IVH features are invariant, also for values lying
 * exactly on a bin edge (integer HU often do) once the map has been computed in floating point.
 * Found on the real CT head by `validate`'s impact section.
 */
function roi(values: number[]): PreparedRoi {
  const n = values.length;
  return { dims: [n, 1, 1], spacing: [1, 1, 1], intensity: Float64Array.from(values), intensityMask: new Uint8Array(n).fill(1), morphMask: new Uint8Array(n).fill(1) };
}

describe("the fixed-bin-number IVH under an affine map", () => {
  it("keeps every value's bin, edge values included", () => {
    // 0..320 in steps of 10 HU: with 32 bins over [0, 320] every value lies on a bin edge
    const hu = Array.from({ length: 33 }, (_, i) => 10 * i);
    const settings = { ivh: { kind: "fbn" as const, nBins: 32 } };
    const original = intensityVolumeHistogram(roi(hu), settings);
    for (const [a, b] of [
      [1 / 432.7, -0.3127],
      [1.0233755 / 431.9, 0.081262],
      [3.3, 1e3],
    ]) {
      const mapped = intensityVolumeHistogram(roi(hu.map((x) => a * x + b)), settings);
      // the intensities (I10, I90) are bin numbers with fbn, so they stay too
      for (let f = 0; f < original.length; f++) expect(mapped[f].value, `${original[f].feature} at a=${a}`).toBe(original[f].value);
    }
  });
});
