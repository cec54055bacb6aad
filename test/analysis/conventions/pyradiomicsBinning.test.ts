import { describe, expect, it } from "vitest";
import { digitize, pyradiomicsBinEdges, pyradiomicsDiscretise, pythonModulo } from "../../../analysis/conventions/pyradiomicsBinning.js";
import { discretise } from "../../../analysis/processing/discretise.js";

const all = (n: number) => new Uint8Array(n).fill(1);

describe("PyRadiomics' fixed bin width: edges at multiples of the width", () => {
  it("PyRadiomics' documented example: ROI 54..166, width 25 → edges from 50", () => {
    const edges = Array.from(pyradiomicsBinEdges(54, 166, { kind: "width", binWidth: 25 }));
    expect(edges).toEqual([50, 75, 100, 125, 150, 175, 200]);
    const d = pyradiomicsDiscretise([54, 74.9, 75, 100, 166], all(5), { kind: "width", binWidth: 25 });
    expect(Array.from(d.levels)).toEqual([1, 1, 2, 3, 5]);
    expect(d.nLevels).toBe(5);
  });
  it("differs from IBSI's fixed bin size, whose bins start at the ROI minimum", () => {
    const values = [54, 70, 80, 166];
    const ibsi = discretise(values, all(4), { kind: "fbs", binWidth: 25 });
    const py = pyradiomicsDiscretise(values, all(4), { kind: "width", binWidth: 25 });
    expect(Array.from(ibsi.levels)).toEqual([1, 1, 2, 5]); // (x − 54)/25
    expect(Array.from(py.levels)).toEqual([1, 1, 2, 5]);
    const shifted = [60, 74, 76, 99];
    expect(Array.from(discretise(shifted, all(4), { kind: "fbs", binWidth: 25 }).levels)).toEqual([1, 1, 1, 2]);
    expect(Array.from(pyradiomicsDiscretise(shifted, all(4), { kind: "width", binWidth: 25 }).levels)).toEqual([1, 1, 2, 2]);
  });
  it("negative intensities: the lowest edge is the multiple at or below the minimum (Python's modulo)", () => {
    expect(pythonModulo(-30, 25)).toBe(20);
    expect(pythonModulo(30, 25)).toBe(5);
    expect(pyradiomicsBinEdges(-30, 10, { kind: "width", binWidth: 25 })[0]).toBe(-50);
    const d = pyradiomicsDiscretise([-30, -25, 0, 10], all(4), { kind: "width", binWidth: 25 });
    expect(Array.from(d.levels)).toEqual([1, 2, 3, 3]);
  });
  it("a value on an edge starts the next bin (numpy.digitize, half-open bins); masked-out voxels get 0", () => {
    expect(digitize(75, Float64Array.from([50, 75, 100]))).toBe(2);
    expect(digitize(49, Float64Array.from([50, 75, 100]))).toBe(0);
    const d = pyradiomicsDiscretise([50, 75, 1000], Uint8Array.from([1, 1, 0]), { kind: "width", binWidth: 25 });
    expect(Array.from(d.levels)).toEqual([1, 2, 0]);
  });
  it("a flat ROI is one grey level", () => {
    const d = pyradiomicsDiscretise([100, 100, 100], all(3), { kind: "width", binWidth: 5000 });
    expect(Array.from(d.levels)).toEqual([1, 1, 1]);
    expect(d.nLevels).toBe(1);
  });
});

describe("PyRadiomics' fixed bin count (numpy.histogram edges, last edge + 1)", () => {
  it("n equal bins from the minimum to the maximum; the maximum in bin n", () => {
    const edges = Array.from(pyradiomicsBinEdges(0, 100, { kind: "count", binCount: 4 }));
    expect(edges).toEqual([0, 25, 50, 75, 101]);
    const d = pyradiomicsDiscretise([0, 24.9, 25, 99, 100], all(5), { kind: "count", binCount: 4 });
    expect(Array.from(d.levels)).toEqual([1, 1, 2, 4, 4]);
    expect(d.nLevels).toBe(4);
  });
  it("agrees with IBSI's fixed bin number on the same ROI", () => {
    const values = Array.from({ length: 50 }, (_, i) => Math.sin(i) * 37 + i);
    const ibsi = discretise(values, all(50), { kind: "fbn", nBins: 8 });
    const py = pyradiomicsDiscretise(values, all(50), { kind: "count", binCount: 8 });
    expect(Array.from(py.levels)).toEqual(Array.from(ibsi.levels));
  });
  it("a flat ROI: edges min ± 0.5, one level", () => {
    expect(Array.from(pyradiomicsBinEdges(7, 7, { kind: "count", binCount: 2 }))).toEqual([6.5, 7, 8.5]);
    expect(Array.from(pyradiomicsDiscretise([7, 7], all(2), { kind: "count", binCount: 2 }).levels)).toEqual([2, 2]);
  });
});
