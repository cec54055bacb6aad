import { describe, expect, it } from "vitest";
import { discretise } from "../../../analysis/processing/discretise.js";
import { greyLevelSummary } from "../../../analysis/processing/greyLevels.js";

/** One discretisation of the given intensities (all in the ROI except those marked out). */
function summary(values: number[], discretisation: Parameters<typeof discretise>[2], outside: number[] = []) {
  const intensity = Float64Array.from(values);
  const mask = new Uint8Array(values.length).fill(1);
  for (const i of outside) mask[i] = 0;
  const d = discretise(intensity, mask, discretisation);
  return greyLevelSummary({ label: "x", discretisation, levels: d.levels, nLevels: d.nLevels }, intensity, mask);
}

describe("greyLevelSummary", () => {
  it("counts the grey levels the ROI occupies, not N_g", () => {
    // fixed bin size 1 from the minimum 0: levels 1, 1, 3, 5 -> 3 occupied of N_g = 5
    const s = summary([0, 0.5, 2.2, 4.9, 100], { kind: "fbs", binWidth: 1 }, [4]);
    expect(s).toMatchObject({ occupied: 3, nLevels: 5, voxels: 4, min: 0, max: 4.9, binWidth: 1 });
  });

  it("gives a fixed bin number's bin width as the ROI range over N", () => {
    const s = summary([10, 11, 12, 18], { kind: "fbn", nBins: 4 }); // levels 1, 1, 2, 4
    expect(s).toMatchObject({ occupied: 3, nLevels: 4, binWidth: 2 });
  });

  it("a ROI narrower than one bin holds one level", () => {
    const s = summary([0.01, 0.02, 0.03], { kind: "fbs", binWidth: 0.1 });
    expect(s.occupied).toBe(1);
    expect(s.max - s.min).toBeCloseTo(0.02, 15);
  });
});
