import { mulberry32 } from "../../../analysis/core/random.js";
import { describe, expect, it } from "vitest";
import { intensityHistogram } from "../../../analysis/features/intensityHistogram.js";
import { intensityVolumeHistogram } from "../../../analysis/features/intensityVolumeHistogram.js";
import { PEAK_SPHERE_RADIUS_MM, localIntensity } from "../../../analysis/features/localIntensity.js";
import type { PreparedRoi } from "../../../analysis/features/types.js";

const rng = mulberry32; // deterministic, so failures reproduce

function roi(dims: [number, number, number], spacing: [number, number, number], values: number[], mask: number[]): PreparedRoi {
  const intensity = Float64Array.from(values);
  const m = Uint8Array.from(mask);
  return { dims, spacing, intensity, intensityMask: m, morphMask: m.slice() };
}

describe("degenerate ROIs", () => {
  it("one voxel: defined values or NaN with a note, no exception", () => {
    const r = { ...roi([1, 1, 1], [1, 1, 1], [7], [1]), levels: Int32Array.from([1]), nLevels: 1 };
    const ih = intensityHistogram(r);
    const by = (code: string) => ih.find((v) => v.ibsiCode === code)!;
    expect(by("X6K6").value).toBe(1);
    expect(by("CH89").value).toBe(0);
    expect(by("88K1").value).toBe(0);
    expect(by("88K1").note).toBeDefined();
    expect(by("TLU2").value).toBe(0);
    expect(by("BJ5W").value).toBe(1);
    expect(by("AMMC").value).toBe(1);
    expect(by("12CE").value).toBeNaN();
    expect(by("12CE").note).toMatch(/N_g = 1/);

    const ivh = intensityVolumeHistogram(r, {});
    const auc = ivh.find((v) => v.ibsiCode === "9CMM")!;
    expect(auc.value).toBe(0);
    expect(auc.note).toBeDefined();
    const v10 = ivh.find((v) => v.feature.includes("(V10)"))!;
    expect(v10.value).toBeNaN();
    expect(v10.note).toBeDefined();
    const i10 = ivh.find((v) => v.feature.includes("(I10)"))!;
    expect(i10.value).toBe(8); // the level above the only one, where nu = 0
    expect(i10.note).toBeDefined();

    const li = localIntensity(r);
    expect(li.map((v) => v.value)).toEqual([7, 7]);
  });

  it("one grey level over many voxels: no gradient, zero entropy", () => {
    const r = { ...roi([3, 1, 1], [1, 1, 1], [5, 5, 5], [1, 1, 1]), levels: Int32Array.from([2, 2, 2]), nLevels: 3 };
    const ih = intensityHistogram(r);
    const by = (code: string) => ih.find((v) => v.ibsiCode === code)!;
    expect(by("TLU2").value).toBe(0);
    expect(by("AMMC").value).toBe(2);
    // N_g = 3 with counts (0, 3, 0): H' = (3, 0, -3).
    expect(by("12CE").value).toBe(3);
    expect(by("8E6O").value).toBe(1);
    expect(by("VQB3").value).toBe(-3);
    expect(by("RHQZ").value).toBe(3);
    const fbn = intensityVolumeHistogram(r, { ivh: { kind: "fbn", nBins: 10 } });
    expect(fbn.every((v) => !Number.isNaN(v.value) || v.note)).toBe(true);
  });

  it("mode ties go to the level closest to the mean", () => {
    // counts: level 1 x2, level 3 x1, level 5 x2 -> mean 3, levels 1 and 5 equidistant: the lower wins.
    const lv = [1, 1, 3, 5, 5];
    const r = { ...roi([5, 1, 1], [1, 1, 1], lv, [1, 1, 1, 1, 1]), levels: Int32Array.from(lv), nLevels: 5 };
    expect(intensityHistogram(r).find((v) => v.ibsiCode === "AMMC")!.value).toBe(1);
    const lv2 = [1, 1, 4, 5, 5, 5, 1];
    const r2 = { ...roi([7, 1, 1], [1, 1, 1], lv2, [1, 1, 1, 1, 1, 1, 1]), levels: Int32Array.from(lv2), nLevels: 5 };
    // counts 3 and 3 at levels 1 and 5, mean 22/7 = 3.14: level 5 is closer.
    expect(intensityHistogram(r2).find((v) => v.ibsiCode === "AMMC")!.value).toBe(5);
  });
});

describe("IVH discretisations", () => {
  // Values 0..99, one voxel each.
  const values = Array.from({ length: 100 }, (_, i) => i);
  const base = roi([100, 1, 1], [1, 1, 1], values, values.map(() => 1));
  const get = (rows: ReturnType<typeof intensityVolumeHistogram>, s: string) => rows.find((v) => v.feature.includes(s))!.value;

  it("none: unit steps over [min, max]", () => {
    const rows = intensityVolumeHistogram(base, { ivh: { kind: "none" } });
    // gamma_k = k/99: first level with gamma >= 0.1 is k = 10 (9.9 rounds up), nu = 90/100.
    expect(get(rows, "(V10)")).toBeCloseTo(0.9, 12);
    expect(get(rows, "(V90)")).toBeCloseTo(0.1 - 0.01 * 0, 12); // k = 90 (89.1 -> 90): nu = 10/100
    // I10: lowest level with at most 10% of the volume at or above it: 90.
    expect(get(rows, "(I10)")).toBe(90);
    expect(get(rows, "(I90)")).toBe(10);
  });

  it("none with a re-segmentation range: gamma over the range", () => {
    const rows = intensityVolumeHistogram({ ...base, resegRange: [-100, 99] }, {});
    // G = [-100, 99], 200 levels: gamma >= 0.1 first at k = 20 (i = -80): all voxels -> nu = 1.
    expect(get(rows, "(V10)")).toBe(1);
    // gamma >= 0.9 at k = 180 (179.1 -> 180), i = 80: nu = 20/100.
    expect(get(rows, "(V90)")).toBeCloseTo(0.2, 12);
  });

  it("fbs: bin centres from the lower bound, wd = bin width", () => {
    const rows = intensityVolumeHistogram(base, { ivh: { kind: "fbs", binWidth: 10 } });
    // bins 1..10 of 10 voxels, centres 5, 15, ..., 95; I10 = the centre of the last bin.
    expect(get(rows, "(I10)")).toBe(95);
    expect(get(rows, "(I90)")).toBe(15);
    expect(get(rows, "(I10-I90)")).toBe(80);
    // gamma_k = k/9: >= 0.1 at k = 1: nu = 0.9.
    expect(get(rows, "(V10)")).toBeCloseTo(0.9, 12);
  });

  it("fbn: bin numbers over [min, max], the re-segmentation range unused", () => {
    const rows = intensityVolumeHistogram({ ...base, resegRange: [-1000, 1000] }, { ivh: { kind: "fbn", nBins: 4 } });
    // bins of 25 voxels (99 falls in bin 4): even the top bin holds 25% > 10% of the volume, so I10 is
    // the level above the range (5, with a note); I90 = 2; V10 = nu at gamma >= 0.1 (level 2) = 0.75.
    expect(get(rows, "(I10)")).toBe(5);
    expect(rows.find((v) => v.feature.includes("(I10)"))!.note).toBeDefined();
    expect(get(rows, "(I90)")).toBe(2);
    expect(get(rows, "(V10)")).toBeCloseTo(0.75, 12);
  });
});

describe("local intensity", () => {
  /** Brute force: mean over box voxels within the radius of each ROI voxel. */
  function bruteForce(r: PreparedRoi): { local: number; global: number } {
    const [nx, ny, nz] = r.dims;
    const [sx, sy, sz] = r.spacing;
    const rad2 = PEAK_SPHERE_RADIUS_MM ** 2;
    let max = -Infinity;
    for (let v = 0; v < r.intensity.length; v++) if (r.intensityMask[v] && r.intensity[v] > max) max = r.intensity[v];
    let local = -Infinity,
      global = -Infinity;
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const c = i + nx * (j + ny * k);
          if (!r.intensityMask[c]) continue;
          let s = 0,
            n = 0;
          for (let kk = 0; kk < nz; kk++)
            for (let jj = 0; jj < ny; jj++)
              for (let ii = 0; ii < nx; ii++) {
                const d2 = ((ii - i) * sx) ** 2 + ((jj - j) * sy) ** 2 + ((kk - k) * sz) ** 2;
                if (d2 <= rad2) {
                  s += r.intensity[ii + nx * (jj + ny * kk)];
                  n++;
                }
              }
          const m = s / n;
          if (m > global) global = m;
          if (r.intensity[c] === max && m > local) local = m;
        }
    return { local, global };
  }

  it("equals a brute-force sphere mean with anisotropic spacing and ties at the maximum", () => {
    const rand = rng(7);
    const dims: [number, number, number] = [14, 11, 9];
    const n = dims[0] * dims[1] * dims[2];
    const values = Array.from({ length: n }, () => Math.round(rand() * 50));
    const mask = Array.from({ length: n }, () => (rand() < 0.4 ? 1 : 0));
    const r = roi(dims, [0.9, 1.3, 2.5], values, mask);
    const want = bruteForce(r);
    const got = localIntensity(r);
    expect(got[0].value).toBeCloseTo(want.local, 9);
    expect(got[1].value).toBeCloseTo(want.global, 9);
  });

  it("computes the global peak of a 125k-voxel ROI quickly", () => {
    const dims: [number, number, number] = [60, 60, 45];
    const n = dims[0] * dims[1] * dims[2];
    const rand = rng(3);
    const values = Array.from({ length: n }, () => Math.round(rand() * 100 - 50));
    const mask = Array.from({ length: n }, (_, v) => (v % (dims[0] * dims[1]) > 2 * dims[0] ? 1 : 0));
    const r = roi(dims, [0.8, 0.8, 1], values, mask);
    const t0 = performance.now();
    const got = localIntensity(r);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(Number.isFinite(got[1].value)).toBe(true);
  });
});

describe("IVH with non-integer intensities and no discretisation", () => {
  it("gamma uses max G, and a fraction no unit step reaches is NaN with a note", () => {
    // G = [0, 1.9]: levels 0 and 1 only, gamma(1) = 1/1.9 < 0.9.
    const r = roi([3, 1, 1], [1, 1, 1], [0, 1.5, 1.9], [1, 1, 1]);
    const rows = intensityVolumeHistogram(r, {});
    const v10 = rows.find((v) => v.feature.includes("(V10)"))!;
    const v90 = rows.find((v) => v.feature.includes("(V90)"))!;
    expect(v10.value).toBeCloseTo(2 / 3, 12);
    expect(v90.value).toBeNaN();
    expect(v90.note).toMatch(/fixed bin/);
    const auc = rows.find((v) => v.ibsiCode === "9CMM")!;
    expect(auc.value).toBeCloseTo(((1 + 2 / 3) / 2) * (1 / 1.9), 12);
  });
});
