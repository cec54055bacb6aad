import { describe, expect, it } from "vitest";
import { intensityHistogram } from "../../../analysis/features/intensityHistogram.js";
import { intensityStatistics } from "../../../analysis/features/intensityStatistics.js";
import { computeFeatures } from "../../../analysis/features/registry.js";
import { digitalPhantomRoi } from "../../../fixtures/digitalPhantomRoi.js";
import { localIntensity } from "../../../analysis/features/localIntensity.js";
import type { FamilyName, FeatureValue, PreparedRoi } from "../../../analysis/features/types.js";
import { FEATURE_CODES } from "../../../analysis/impact/featureCatalogue.js";
import { labelFeatures } from "../../../analysis/impact/featureRow.js";
import { predictRows } from "../../../analysis/impact/predictRows.js";
import { classifyFeature, predictDefaced } from "../../../analysis/impact/prediction.js";
import type { ConfigKind } from "../../../analysis/impact/prediction.js";
import { discretiseFixedBinNumber } from "../../../analysis/processing/discretise.js";
import { DIGITAL_PHANTOM_REFERENCES } from "../../../fixtures/ibsiDigitalPhantom.js";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random ROI: skewed (exponential) intensities around 100 in a 9x8x7 box, about 60% masked. */
function randomRoi(seed: number): PreparedRoi {
  const rand = rng(seed);
  const dims: [number, number, number] = [9, 8, 7];
  const n = dims[0] * dims[1] * dims[2];
  const intensity = new Float64Array(n);
  const mask = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    intensity[i] = 60 - 25 * Math.log(1 - rand());
    mask[i] = rand() < 0.6 ? 1 : 0;
  }
  return { dims, spacing: [1.1, 0.9, 2], intensity, intensityMask: mask, morphMask: mask.slice() };
}

function mapped(roi: PreparedRoi, a: number, b: number): PreparedRoi {
  return { ...roi, intensity: roi.intensity.map((v) => a * v + b) };
}

const byCode = (rows: FeatureValue[]) => Object.fromEntries(rows.map((r) => [r.ibsiCode, r.value]));

const relClose = (got: number, want: number) =>
  want === 0 ? Math.abs(got) <= 1e-9 : Math.abs(got - want) <= 1e-9 * Math.abs(want);

describe("intensity statistics under an affine map: prediction = recomputation (1e-9 relative)", () => {
  const maps: [number, number][] = [
    [1.7, -30],
    [0.35, 12.5],
    [1, 0],
    [-0.8, 40],
    [-2, -5],
  ];
  for (const seed of [1, 2]) {
    const roi = randomRoi(seed);
    const before = intensityStatistics(roi);
    const originals = byCode(before);
    const n = roi.intensityMask.reduce((s, v) => s + v, 0);
    for (const [a, b] of maps) {
      const after = byCode(intensityStatistics(mapped(roi, a, b)));
      for (const row of before) {
        it(`seed ${seed}, a=${a}, b=${b}: ${row.feature} (${row.ibsiCode})`, () => {
          const p = predictDefaced(row.ibsiCode, "intensity_statistics", row.value, a, b, { configKind: "fbn", originals, n });
          expect(Number.isFinite(p.predicted), p.reason).toBe(true);
          expect(relClose(p.predicted, after[row.ibsiCode]), `predicted ${p.predicted}, recomputed ${after[row.ibsiCode]}`).toBe(true);
        });
      }
    }
  }

  it("energy without n: N derived from the original energy, mean and variance", () => {
    const roi = randomRoi(3);
    const originals = byCode(intensityStatistics(roi));
    const after = byCode(intensityStatistics(mapped(roi, 0.5, 7)));
    const p = predictDefaced("N8CA", "intensity_statistics", originals.N8CA, 0.5, 7, { configKind: "fbs", originals });
    expect(relClose(p.predicted, after.N8CA)).toBe(true);
  });

  it("a missing partner value gives NaN with a reason, not a wrong number", () => {
    const p = predictDefaced("QG58", "intensity_statistics", 10, -1, 0, { configKind: "fbn" });
    expect(p.predicted).toBeNaN();
    expect(p.reason).toMatch(/8DWT/);
  });
});

describe("local intensity peaks are equivariant for a > 0", () => {
  const roi = randomRoi(4);
  const before = byCode(localIntensity(roi));
  for (const [a, b] of [
    [1.3, -20],
    [0.2, 5],
  ] as [number, number][]) {
    it(`a=${a}, b=${b}`, () => {
      const after = byCode(localIntensity(mapped(roi, a, b)));
      for (const code of ["VJGA", "0F91"]) {
        const p = predictDefaced(code, "local_intensity", before[code], a, b, { configKind: "fbn" });
        expect(p.behaviour).toBe("equivariant");
        expect(relClose(p.predicted, after[code])).toBe(true);
      }
    });
  }
  it("a < 0: NaN with a reason", () => {
    const p = predictDefaced("VJGA", "local_intensity", before.VJGA, -1, 0, { configKind: "fbn" });
    expect(p.predicted).toBeNaN();
    expect(p.reason).toBeDefined();
  });
});

describe("fixed-bin-number intensity histogram is invariant for a > 0", () => {
  const roi = randomRoi(5);
  const withLevels = (r: PreparedRoi): PreparedRoi => ({ ...r, ...discretiseFixedBinNumber(r.intensity, r.intensityMask, 16) });
  const before = intensityHistogram(withLevels(roi));
  const after = byCode(intensityHistogram(withLevels(mapped(roi, 2.5, -40))));
  it("every feature is predicted unchanged and recomputes unchanged", () => {
    for (const row of before) {
      const p = predictDefaced(row.ibsiCode, "intensity_histogram", row.value, 2.5, -40, { configKind: "fbn" });
      expect(p.behaviour).toBe("invariant");
      expect(relClose(after[row.ibsiCode], p.predicted), row.feature).toBe(true);
    }
  });
  it("fixed bin size: discretisation-dependent, NaN prediction", () => {
    const p = predictDefaced("X6K6", "intensity_histogram", 3, 2.5, -40, { configKind: "fbs" });
    expect(p.behaviour).toBe("discretisation-dependent");
    expect(p.predicted).toBeNaN();
  });
});

describe("classification covers every feature of the eleven families", () => {
  const kinds: ConfigKind[] = ["fbn", "fbs", "none"];
  it("every code of the catalogue and of the digital-phantom reference table has a behaviour", () => {
    const pairs = new Set<string>();
    for (const [family, codes] of Object.entries(FEATURE_CODES)) for (const c of codes) pairs.add(`${family}:${c}`);
    for (const r of DIGITAL_PHANTOM_REFERENCES) expect(pairs.has(`${r.family}:${r.ibsiCode}`), `${r.family} ${r.ibsiCode}`).toBe(true);
    expect(Object.keys(FEATURE_CODES)).toHaveLength(11);
    for (const pair of pairs) {
      const [family, code] = pair.split(":") as [FamilyName, string];
      for (const configKind of kinds) {
        const p = predictDefaced(code, family, 1, 1.2, 3, { configKind, originals: { Q4LE: 2, ECT3: 1, SALO: 1, RNU0: 5 } });
        expect(["invariant", "equivariant", "discretisation-dependent", "unpredictable"]).toContain(p.behaviour);
        if (Number.isNaN(p.predicted)) expect(p.reason, pair).toBeDefined();
      }
    }
  });
  it("textures: invariant under fixed bin number, discretisation-dependent otherwise", () => {
    expect(classifyFeature("ACUI", "glcm", { configKind: "fbn" })).toBe("invariant");
    expect(classifyFeature("ACUI", "glcm", { configKind: "fbs" })).toBe("discretisation-dependent");
    expect(classifyFeature("ACUI", "glcm", { configKind: "none" })).toBe("discretisation-dependent");
    expect(classifyFeature("BC2M", "intensity_volume_histogram", { configKind: "fbs", ivhKind: "fbn" })).toBe("invariant");
    expect(classifyFeature("RNU0", "morphology", { configKind: "fbs" })).toBe("invariant");
    expect(classifyFeature("99N0", "morphology", { configKind: "fbs" })).toBe("equivariant");
    expect(classifyFeature("KLMA", "morphology", { configKind: "fbn" })).toBe("unpredictable");
    expect(() => classifyFeature("XXXX", "glcm", { configKind: "fbn" })).toThrow(/unknown/);
  });
  it("integrated intensity: a x + b V", () => {
    const p = predictDefaced("99N0", "morphology", 1200, 2, 3, { configKind: "fbn", originals: { RNU0: 556 } });
    expect(p.predicted).toBe(2 * 1200 + 3 * 556);
  });
});

describe("predictRows over tidy feature rows", () => {
  it("predicts every intensity statistic of a labelled set and reports unknown codes without throwing", () => {
    const roi = randomRoi(9);
    const labels = { subject: "s", condition: "original", normalization: "zscore", config: "nodisc" };
    const rows = labelFeatures(intensityStatistics(roi), labels);
    const after = byCode(intensityStatistics(mapped(roi, 0.9, 0.2)));
    const predicted = predictRows(rows, 0.9, 0.2);
    for (const p of predicted) expect(relClose(p.predicted, after[p.row.ibsi_code]), p.row.feature).toBe(true);
    const odd = predictRows([{ ...rows[0], ibsi_code: "ZZZZ" }, { ...rows[0], config: "weird" }], 1, 0);
    expect(odd.every((p) => Number.isNaN(p.predicted) && p.reason)).toBe(true);
  });
});

describe("the catalogue knows every code the registered families emit", () => {
  it("digital phantom, all families", () => {
    const rows = computeFeatures(digitalPhantomRoi());
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(FEATURE_CODES[r.family]?.includes(r.ibsiCode), `${r.family} ${r.ibsiCode}`).toBe(true);
  });
});
