import { describe, expect, it } from "vitest";
import { intensityHistogram } from "../../../analysis/features/intensityHistogram.js";
import { intensityVolumeHistogram } from "../../../analysis/features/intensityVolumeHistogram.js";
import { localIntensity } from "../../../analysis/features/localIntensity.js";
import { computeFeatures } from "../../../analysis/features/registry.js";
import type { FeatureValue } from "../../../analysis/features/types.js";
import { matchesReference } from "../../../analysis/ibsi/matchReferences.js";
import { DIGITAL_PHANTOM_REFERENCES } from "../../../fixtures/ibsiDigitalPhantom.js";
import { digitalPhantomRoi } from "../../../fixtures/digitalPhantomRoi.js";

const cases: [string, number, FeatureValue[]][] = [
  ["intensity_histogram", 23, intensityHistogram(digitalPhantomRoi())],
  ["intensity_volume_histogram", 6, intensityVolumeHistogram(digitalPhantomRoi(), {})],
  ["local_intensity", 2, localIntensity(digitalPhantomRoi())],
];

for (const [family, count, values] of cases) {
  describe(`${family} on the IBSI digital phantom`, () => {
    const references = DIGITAL_PHANTOM_REFERENCES.filter((r) => r.family === family);
    it(`has all ${count} reference values`, () => {
      expect(references).toHaveLength(count);
      for (const v of values) expect(v.family).toBe(family);
    });
    for (const ref of references) {
      it(`${ref.feature} (${ref.ibsiCode}) matches ${ref.value}`, () => {
        // V10/V90 and I10/I90 share a code: the feature name tells them apart.
        const got = values.find((v) => v.ibsiCode === ref.ibsiCode && v.feature === ref.feature);
        expect(got, ref.feature).toBeDefined();
        expect(got!.aggregationCode).toBe("DHQ4");
        expect(matchesReference(got!.value, ref.value, ref.tolerance), `got ${got!.value}`).toBe(true);
      });
    }
  });
}

describe("IVH area under the curve", () => {
  it("matches the digital phantom's 0.32 (IBSI 1 manual, Area under the IVH curve, strong consensus)", () => {
    const auc = intensityVolumeHistogram(digitalPhantomRoi(), {}).find((v) => v.ibsiCode === "9CMM")!;
    expect(matchesReference(auc.value, 0.32, 0)).toBe(true);
  });
});

describe("the registry", () => {
  it("computes all eleven families in IBSI order", () => {
    const rows = computeFeatures(digitalPhantomRoi());
    const families = [...new Set(rows.map((r) => r.family))];
    expect(families).toEqual([
      "morphology",
      "local_intensity",
      "intensity_statistics",
      "intensity_histogram",
      "intensity_volume_histogram",
      "glcm",
      "glrlm",
      "glszm",
      "gldzm",
      "ngtdm",
      "ngldm",
    ]);
  });
});
