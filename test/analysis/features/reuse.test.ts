import { describe, expect, it } from "vitest";
import { scalingAffine, type Vec3, type Volume } from "../../../analysis/core/volume.js";
import { roiFeatures } from "../../../analysis/features/extract.js";
import type { AffineIntensityMap } from "../../../analysis/normalisation/zscore.js";
import { planRoi, prepareRoi } from "../../../analysis/processing/prepare.js";
import { discretisationsFor } from "../../../analysis/processing/processingPlan.js";
import { SettingsSchema } from "../../../analysis/settings.js";

/**
 * A defaced condition reuses the original's values only where equality is verified: the result
 * with the original as reference must equal a full recount, whatever the map.
 */
function volume(): { image: Volume; roi: Uint8Array } {
  const dims: Vec3 = [30, 30, 12];
  const data = new Int16Array(dims[0] * dims[1] * dims[2]);
  const roi = new Uint8Array(data.length);
  let s = 99;
  for (let k = 0, i = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let x = 0; x < dims[0]; x++, i++) {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        data[i] = (s % 200) - 50 + 10 * (x % 4); // integers: many values on bin edges
        if (x >= 8 && x < 20 && j >= 8 && j < 20 && k >= 3 && k < 9) roi[i] = 1;
      }
  return { image: { data, dims, spacing: [1, 1, 2], affine: scalingAffine([1, 1, 2]) }, roi };
}

describe("reusing the original condition's values", () => {
  const { image, roi } = volume();
  const settings = SettingsSchema.parse({ processing: { discretisation: ["fbn16", "fbs0.05", "fbs10"] } });
  const discretisations = discretisationsFor(settings.processing.discretisation, "zscore-global");
  const plan = planRoi(image, roi, settings.processing);
  const prepare = (map: AffineIntensityMap) => prepareRoi(image, roi, settings.processing, { plan, condition: { map }, discretisations });
  const originalMap = { scale: 1 / 60, offset: -0.5 };
  const original = prepare(originalMap);
  const reference = { prepared: original, configs: roiFeatures(original, settings.features, settings.processing) };

  for (const [name, map] of [
    ["the same map (zscore-unmasked)", originalMap],
    ["an affine map (zscore-global after defacing)", { scale: 1.031 / 60, offset: -0.47 }],
    ["a map that reverses nothing but shifts far", { scale: 2 / 60, offset: 3 }],
  ] as const) {
    it(`${name}: equals a recount`, () => {
      const defaced = prepare(map);
      const withReuse = roiFeatures(defaced, settings.features, settings.processing, reference);
      const recount = roiFeatures(defaced, settings.features, settings.processing);
      expect(withReuse).toEqual(recount);
    });
  }

  it("reuses when it may: the same ROI returns the reference's values, fbn textures under an affine map are shared", () => {
    expect(roiFeatures(prepare(originalMap), settings.features, settings.processing, reference)).toBe(reference.configs);
    const moved = roiFeatures(prepare({ scale: 1.031 / 60, offset: -0.47 }), settings.features, settings.processing, reference);
    const glcm = (configs: typeof moved, config: string) => configs.find((c) => c.config === config)!.values.find((v) => v.family === "glcm")!;
    expect(glcm(moved, "fbn16")).toBe(glcm(reference.configs, "fbn16")); // the same object: reused
    expect(glcm(moved, "fbs0.05")).not.toBe(glcm(reference.configs, "fbs0.05")); // recounted
  });
});
