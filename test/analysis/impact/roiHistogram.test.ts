import { describe, expect, it } from "vitest";
import { roiHistogram } from "../../../analysis/impact/roiHistogram.js";

/** A 1-D "volume" of 200 voxels with a ROI on every third voxel. */
function setup() {
  const data = Float32Array.from({ length: 200 }, (_, i) => ((i * 37) % 101) - 20);
  const roi = Uint8Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const roiIndices = [...roi.keys()].filter((i) => roi[i]);
  return { data, roi, roiIndices, roiCount: roiIndices.length };
}

describe("roiHistogram", () => {
  it("bins each condition's normalised ROI values on shared edges, as a brute-force count does", () => {
    const { data, roi, roiIndices, roiCount } = setup();
    const none = new Uint32Array(0);
    // The second condition replaces voxel 3 (in the ROI) and voxel 4 (outside): only 3 matters.
    const conditions = [
      { name: "original", indices: none, values: new Float64Array(0), map: { scale: 0.1, offset: -2 } },
      { name: "defaced", indices: Uint32Array.from([3, 4]), values: Float64Array.from([500, -500]), map: { scale: 0.12, offset: -2.5 } },
    ];
    const h = roiHistogram(data, roiIndices, "zscore-global", conditions, 8);
    expect(h.edges).toHaveLength(9);
    for (let k = 1; k < h.edges.length; k++) expect(h.edges[k]).toBeGreaterThan(h.edges[k - 1]);

    conditions.forEach((c, ci) => {
      const values: number[] = [];
      for (let i = 0; i < data.length; i++) {
        if (!roi[i]) continue;
        const raw = i === 3 && ci === 1 ? 500 : data[i];
        values.push(c.map.scale * raw + c.map.offset);
      }
      const expected = new Array(8).fill(0);
      for (const v of values) {
        let k = h.edges.findIndex((e, j) => j < 8 && v >= e && v < h.edges[j + 1]);
        if (k < 0 && v === h.edges[8]) k = 7; // the last bin is closed
        expected[k]++;
      }
      expect(h.series[ci].condition).toBe(c.name);
      expect(h.series[ci].counts).toEqual(expected);
      expect(h.series[ci].counts.reduce((s, x) => s + x, 0)).toBe(roiCount);
    });
    // The replaced ROI voxel (500 -> 0.12*500-2.5 = 57.5) sets the top edge.
    expect(h.edges[8]).toBeCloseTo(57.5, 12);
    expect(h.series[1].counts[7]).toBe(1);
  });

  it("applies outlier clipping of the map and handles a constant ROI", () => {
    const data = new Float32Array(10).fill(7);
    const h = roiHistogram(data, [...data.keys()], "zscore-global", [
      { name: "original", indices: new Uint32Array(0), values: [], map: { scale: 1, offset: 0, clip: 3 } },
    ], 4);
    // 7 clipped to 3; a constant ROI gets one unit-wide range around it.
    expect(h.edges[0]).toBeCloseTo(2.5, 12);
    expect(h.edges[4]).toBeCloseTo(3.5, 12);
    expect(h.series[0].counts).toEqual([0, 0, 10, 0]);
  });

  it("refuses a non-integer bin count", () => {
    const { data, roiIndices } = setup();
    expect(() => roiHistogram(data, roiIndices, "none", [], 0)).toThrow(/positive integer/);
  });
});
