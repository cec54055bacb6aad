import { describe, expect, it } from "vitest";
import { FAMILIES } from "../../../analysis/features/registry.js";
import type { FamilyName, FeatureSettings, FeatureValue, PreparedRoi } from "../../../analysis/features/types.js";
import { edgeDistanceMap } from "../../../analysis/features/texture/edgeDistance.js";
import type { Vec3 } from "../../../analysis/core/volume.js";

const TEXTURE: FamilyName[] = ["glcm", "glrlm", "glszm", "gldzm", "ngtdm", "ngldm"];

/** A PreparedRoi from grey levels (0 = outside the ROI); both masks are the levels > 0. */
function roiOf(levels: number[], dims: Vec3, nLevels: number): PreparedRoi {
  const mask = Uint8Array.from(levels, (l) => (l > 0 ? 1 : 0));
  return {
    dims,
    spacing: [1, 1, 1],
    intensity: Float64Array.from(levels),
    intensityMask: mask,
    morphMask: mask.slice(),
    levels: Int32Array.from(levels),
    nLevels,
  };
}

function run(family: FamilyName, roi: PreparedRoi, settings: FeatureSettings = {}): FeatureValue[] {
  return FAMILIES[family]!(roi, settings);
}

const value = (rows: FeatureValue[], code: string, agg: string): FeatureValue => {
  const row = rows.find((r) => r.ibsiCode === code && r.aggregationCode === agg);
  if (!row) throw new Error(`no row ${code} ${agg}`);
  return row;
};

/** Every value is finite, or NaN with a note saying why: never Infinity, never a silent NaN. */
function expectHonest(rows: FeatureValue[]): void {
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    if (Number.isNaN(r.value)) expect(r.note, `${r.family} ${r.feature} ${r.aggregation}`).toBeTruthy();
    else expect(Number.isFinite(r.value), `${r.family} ${r.feature} ${r.aggregation} = ${r.value}`).toBe(true);
  }
}

/** A deterministic pseudo-random level field. */
function randomLevels(n: number, nLevels: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return 1 + ((s >>> 16) % nLevels);
  });
}

describe("texture families on degenerate ROIs", () => {
  const cases: [string, PreparedRoi][] = [
    ["one voxel", roiOf([2], [1, 1, 1], 3)],
    ["one grey level", roiOf(new Array(27).fill(2), [3, 3, 3], 4)],
    ["a single slice", roiOf(randomLevels(25, 4, 7), [5, 5, 1], 4)],
    ["a line along k", roiOf([1, 2, 2, 1, 3, 3, 3, 1], [1, 1, 8], 3)],
    ["an empty middle slice", roiOf([...randomLevels(9, 3, 3), ...new Array(9).fill(0), ...randomLevels(9, 3, 5)], [3, 3, 3], 3)],
    ["no voxel at all", roiOf(new Array(8).fill(0), [2, 2, 2], 2)],
  ];
  for (const [name, roi] of cases)
    for (const family of TEXTURE)
      it(`${family}: ${name} gives finite values or NaN with a note`, () => expectHonest(run(family, roi)));

  it("one voxel: no GLCM pairs (NaN, noted); one zone of size 1; dependence 1", () => {
    const roi = cases[0][1];
    const cm = value(run("glcm", roi), "GYBY", "IAZD");
    expect(cm.value).toBeNaN();
    expect(cm.note).toMatch(/no pair/);
    expect(value(run("glszm", roi), "5QRC", "KOBO").value).toBe(1); // small zone emphasis: 1/1²
    expect(value(run("glszm", roi), "P30P", "KOBO").value).toBe(1); // one zone / one voxel
    expect(value(run("gldzm", roi), "0GBI", "KOBO").value).toBe(1); // distance 1
    expect(value(run("ngldm", roi), "SODN", "KOBO").value).toBe(1); // dependence 1
    expect(value(run("ngtdm", roi), "QCDE", "KOBO").value).toBeNaN(); // no neighbour at all
  });

  it("one grey level: IBSI's defined NGTDM values, GLCM correlation undefined", () => {
    const roi = cases[1][1];
    const cm = run("glcm", roi);
    expect(value(cm, "GYBY", "IAZD").value).toBe(1);
    expect(value(cm, "ACUI", "IAZD").value).toBe(0);
    expect(value(cm, "NI2N", "IAZD").value).toBeNaN();
    expect(value(cm, "NI2N", "IAZD").note).toMatch(/one grey level/);
    const ngt = run("ngtdm", roi);
    expect(value(ngt, "QCDE", "KOBO")).toMatchObject({ value: 1e6, note: expect.stringMatching(/10\^6/) });
    for (const code of ["65HE", "NQ30", "1X9X"]) {
      expect(value(ngt, code, "KOBO").value).toBe(0);
      expect(value(ngt, code, "KOBO").note).toBeTruthy();
    }
    expect(value(run("glszm", roi), "48P8", "KOBO").value).toBe(27 * 27); // one zone of 27 voxels
  });

  it("a single slice: 3D results equal the 2D ones wherever IBSI's definitions coincide", () => {
    const roi = cases[2][1];
    expect(new Set(roi.levels).size).toBe(4); // a real texture, not a flat slice
    const cm = run("glcm", roi);
    const rl = run("glrlm", roi);
    for (const code of ["GYBY", "UR99", "NI2N", "JN9H"]) {
      // the 9 out-of-plane directions have no pairs and are skipped
      expect(value(cm, code, "ITBB").value).toBeCloseTo(value(cm, code, "BTW3").value, 12);
      expect(value(cm, code, "IAZD").value).toBeCloseTo(value(cm, code, "ZW7Z").value, 12);
    }
    // out-of-plane directions see only runs of length 1: the 3D run percentage is higher
    expect(value(rl, "9ZK5", "IAZD").value).toBeGreaterThan(value(rl, "9ZK5", "ZW7Z").value);
    for (const family of ["glszm", "ngtdm", "ngldm"] as const) {
      const rows = run(family, roi);
      for (const r of rows.filter((x) => x.aggregationCode === "KOBO"))
        expect(r.value, `${family} ${r.feature}`).toBeCloseTo(value(rows, r.ibsiCode, "8QNN").value, 12);
    }
    // GLDZM: in 3D the slice above and below is outside, so every zone is at distance 1
    expect(value(run("gldzm", roi), "0GBI", "KOBO").value).toBe(1);
  });

  it("2D aggregation averages over the non-empty slices only", () => {
    const a = randomLevels(9, 3, 3), b = randomLevels(9, 3, 5);
    const both = roiOf([...a, ...new Array(9).fill(0), ...b], [3, 3, 3], 3);
    const onlyA = roiOf(a, [3, 3, 1], 3), onlyB = roiOf(b, [3, 3, 1], 3);
    for (const family of ["glszm", "gldzm", "ngtdm", "ngldm"] as const)
      for (const r of run(family, both).filter((x) => x.aggregationCode === "8QNN")) {
        const mean = (value(run(family, onlyA), r.ibsiCode, "8QNN").value + value(run(family, onlyB), r.ibsiCode, "8QNN").value) / 2;
        expect(r.value, `${family} ${r.feature}`).toBeCloseTo(mean, 10);
      }
    for (const family of ["glcm", "glrlm"] as const)
      for (const r of run(family, both).filter((x) => x.aggregationCode === "SUJT")) {
        const ra = value(run(family, onlyA), r.ibsiCode, "SUJT").value, rb = value(run(family, onlyB), r.ibsiCode, "SUJT").value;
        if (Number.isNaN(ra) || Number.isNaN(rb)) continue;
        expect(r.value, `${family} ${r.feature}`).toBeCloseTo((ra + rb) / 2, 10);
      }
  });

  it("NGTDM busyness with a zero denominator (equal i·p_i) is NaN with a note, not Infinity", () => {
    // levels 1, 2, 1: p_1 = 2/3, p_2 = 1/3, so 1·p_1 = 2·p_2
    const rows = run("ngtdm", roiOf([1, 2, 1], [3, 1, 1], 2));
    expectHonest(rows);
    expect(value(rows, "NQ30", "KOBO").value).toBeNaN();
    expect(value(rows, "NQ30", "KOBO").note).toMatch(/denominator/);
  });

  it("a line along k has no in-slice pairs but 3D pairs", () => {
    const cm = run("glcm", cases[3][1]);
    expect(value(cm, "GYBY", "BTW3").value).toBeNaN();
    expect(Number.isFinite(value(cm, "GYBY", "IAZD").value)).toBe(true);
  });

  it("no voxel: every feature is NaN with a note", () => {
    for (const family of TEXTURE)
      for (const r of run(family, cases[5][1])) {
        expect(r.value).toBeNaN();
        expect(r.note).toBeTruthy();
      }
  });
});

describe("texture families on 60 random small ROIs (holes, thin shapes, sparse masks)", () => {
  it("never throw and give finite values or NaN with a note", () => {
    let s = 2024;
    const rnd = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296;
    for (let t = 0; t < 60; t++) {
      const dims: Vec3 = [1 + Math.floor(rnd() * 5), 1 + Math.floor(rnd() * 5), 1 + Math.floor(rnd() * 4)];
      const density = rnd();
      const nLevels = 1 + Math.floor(rnd() * 4);
      const levels = Array.from({ length: dims[0] * dims[1] * dims[2] }, () => (rnd() < density ? 1 + Math.floor(rnd() * nLevels) : 0));
      const roi = roiOf(levels, dims, nLevels);
      for (const family of TEXTURE) expectHonest(run(family, roi, { distance: 1 + (t % 2) }));
    }
  });
});

describe("a very fine discretisation (N_g = 10^6, three levels present)", () => {
  it("keeps matrices over the present levels: fast, and exact", () => {
    const big = 1_000_000;
    const roi = roiOf([1, big, big, 1, 500_000, 1], [6, 1, 1], big);
    const started = performance.now();
    const rows = TEXTURE.flatMap((family) => run(family, roi));
    expect(performance.now() - started).toBeLessThan(2000); // dense N_g² or N_g-per-column storage would not fit
    expectHonest(rows);
    // pairs along x: (1,big), (big,big), (big,1), (1,500000), (500000,1), each counted both ways
    const d = [big - 1, 0, big - 1, 499_999, 499_999];
    const contrast = d.reduce((t, k) => t + k * k, 0) / d.length;
    expect(value(rows, "ACUI", "IAZD").value / contrast).toBeCloseTo(1, 12);
    // normalised inverse difference divides |i-j| by N_g
    const nid = d.reduce((t, k) => t + 1 / (1 + k / big), 0) / d.length;
    expect(value(rows, "NDRX", "IAZD").value).toBeCloseTo(nid, 12);
    expect(value(rows, "W4KF", "IAZD").value).toBeGreaterThan(1); // the run of two voxels of level big
  });
});

describe("texture settings", () => {
  const roi = roiOf(randomLevels(64, 5, 11), [4, 4, 4], 5);

  it("settings.aggregations selects methods by IBSI code, per family", () => {
    const settings = { aggregations: ["IAZD", "KOBO"] };
    expect(new Set(run("glcm", roi, settings).map((r) => r.aggregationCode))).toEqual(new Set(["IAZD"]));
    expect(new Set(run("glszm", roi, settings).map((r) => r.aggregationCode))).toEqual(new Set(["KOBO"]));
    expect(run("glcm", roi, settings).every((r) => r.aggregation === "3D, merged")).toBe(true);
    expect(run("ngtdm", roi, { aggregations: ["62GR"] }).every((r) => r.aggregation === "2.5D")).toBe(true);
  });

  it("distance and NGLDM coarseness change the neighbourhoods", () => {
    const d1 = value(run("glcm", roi), "ACUI", "IAZD").value;
    const d2 = value(run("glcm", roi, { distance: 2 }), "ACUI", "IAZD").value;
    expect(d2).not.toBeCloseTo(d1, 6);
    // with alpha = N_g every ROI neighbour is dependent: dependence = 1 + ROI neighbours
    const full = run("ngldm", roiOf(new Array(27).fill(1).map((_, p) => 1 + (p % 5)), [3, 3, 3], 5), { ngldmCoarseness: 5 });
    expect(value(full, "IMOQ", "KOBO").value).toBeGreaterThan(0);
    const centre = roiOf([0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 0, 1, 3, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [3, 3, 3], 3);
    // centre (level 3) has 5 face neighbours of levels 1 and 2: alpha 0 -> j=1, alpha 2 -> j=6
    expect(value(run("ngldm", centre, { ngldmCoarseness: 2 }), "IMOQ", "KOBO").value).toBeGreaterThan(
      value(run("ngldm", centre), "IMOQ", "KOBO").value,
    );
  });
});

describe("distance to the ROI edge (GLDZM)", () => {
  it("is face-connected (Manhattan), 1 at the edge, with the box border counting as outside", () => {
    // 5x5 slice, 3x3 block with one corner removed: the centre is 2 steps from outside (it would be
    // 1 under a Chebyshev metric)
    const mask = new Uint8Array(25);
    for (let j = 1; j <= 3; j++) for (let i = 1; i <= 3; i++) mask[i + 5 * j] = 1;
    mask[1 + 5 * 1] = 0;
    const d = edgeDistanceMap(mask, [5, 5, 1], true);
    expect(d[2 + 5 * 2]).toBe(2);
    expect(d[2 + 5 * 1]).toBe(1);
    expect(d[0]).toBe(0);
    const cube = edgeDistanceMap(new Uint8Array(27).fill(1), [3, 3, 3], false);
    expect(cube[13]).toBe(2);
    expect(cube[0]).toBe(1);
    const big = edgeDistanceMap(new Uint8Array(7 * 7 * 7).fill(1), [7, 7, 7], false);
    expect(big[3 + 7 * (3 + 7 * 3)]).toBe(4);
    expect(big[3 + 7 * (3 + 7 * 1)]).toBe(2);
  });
});

describe("texture settings validation", () => {
  const roi = roiOf([1, 2, 1, 2, 1, 2, 1, 2], [2, 2, 2], 2);
  it("rejects a distance that is not a positive integer, and a negative NGLDM coarseness", () => {
    expect(() => run("glcm", roi, { distance: 0 })).toThrow(/positive integer/);
    expect(() => run("ngtdm", roi, { distance: 1.5 })).toThrow(/positive integer/);
    expect(() => run("ngldm", roi, { ngldmCoarseness: -1 })).toThrow(/non-negative/);
  });
});
