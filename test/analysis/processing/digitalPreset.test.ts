import { describe, expect, it } from "vitest";
import { scalingAffine, type Volume } from "../../../analysis/core/volume.js";
import { computeFeatures } from "../../../analysis/features/registry.js";
import { presetSettings } from "../../../analysis/ibsi/presets.js";
import { matchReferences } from "../../../analysis/ibsi/matchReferences.js";
import { prepareRoi } from "../../../analysis/processing/prepare.js";
import { featureSettings } from "../../../analysis/processing/settings.js";
import {
  DIGITAL_PHANTOM_DIMS,
  DIGITAL_PHANTOM_IMAGE,
  DIGITAL_PHANTOM_MASK,
  DIGITAL_PHANTOM_REFERENCES,
  DIGITAL_PHANTOM_SPACING,
} from "../../../fixtures/ibsiDigitalPhantom.js";

describe("the ibsi-digital preset through prepareRoi", () => {
  const image: Volume = {
    data: Float32Array.from(DIGITAL_PHANTOM_IMAGE),
    dims: [...DIGITAL_PHANTOM_DIMS],
    spacing: [...DIGITAL_PHANTOM_SPACING],
    affine: scalingAffine([...DIGITAL_PHANTOM_SPACING]),
  };
  const settings = presetSettings("ibsi-digital");
  const { roi } = prepareRoi(image, Uint8Array.from(DIGITAL_PHANTOM_MASK), settings);

  it("keeps the phantom as it is: levels are the intensities, N_g = 6", () => {
    expect(roi.dims).toEqual([5, 4, 4]);
    expect(roi.nLevels).toBe(6);
    expect(Array.from(roi.morphMask)).toEqual(Array.from(roi.intensityMask));
    for (let i = 0; i < roi.intensity.length; i++) expect(roi.levels![i]).toBe(roi.intensityMask[i] ? roi.intensity[i] : 0);
  });

  it("every feature an implemented family computes matches the digital phantom's reference", () => {
    const values = computeFeatures(roi, featureSettings(settings));
    const outcomes = matchReferences(
      values,
      DIGITAL_PHANTOM_REFERENCES.map((r) => ({ ...r, config: "digital" })),
    ).filter((o) => o.value !== undefined);
    expect(outcomes.length).toBeGreaterThan(100);
    const bad = outcomes.filter((o) => !o.ok).map((o) => `${o.reference.feature} ${o.reference.aggregationCode}: ${o.value} vs ${o.reference.value}`);
    expect(bad).toEqual([]);
  });
});
