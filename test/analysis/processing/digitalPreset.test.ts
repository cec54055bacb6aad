import { describe, expect, it } from "vitest";
import { extractUnnormalised } from "../../../analysis/features/extract.js";
import { presetSettings } from "../../../analysis/ibsi/presets.js";
import { matchReferences } from "../../../analysis/ibsi/matchReferences.js";
import { digitalPhantomVolume } from "../../../fixtures/digitalPhantomRoi.js";
import { DIGITAL_PHANTOM_REFERENCES } from "../../../fixtures/ibsiDigitalPhantom.js";

describe("the ibsi-digital preset through the processing road", () => {
  const { image, mask } = digitalPhantomVolume();
  const { prepared, configs } = extractUnnormalised(image, mask, presetSettings("ibsi-digital"));
  const { roi, discretised } = prepared;

  it("keeps the phantom as it is: levels are the intensities, N_g = 6", () => {
    expect(roi.dims).toEqual([5, 4, 4]);
    expect(discretised.map((d) => [d.label, d.nLevels])).toEqual([["nodisc", 6]]);
    expect(Array.from(roi.morphMask)).toEqual(Array.from(roi.intensityMask));
    for (let i = 0; i < roi.intensity.length; i++) expect(discretised[0].levels[i]).toBe(roi.intensityMask[i] ? roi.intensity[i] : 0);
  });

  it("every feature an implemented family computes matches the digital phantom's reference", () => {
    expect(configs.map((c) => c.config)).toEqual(["nodisc", "nodisc"]);
    const values = configs.flatMap((c) => c.values);
    const outcomes = matchReferences(
      values,
      DIGITAL_PHANTOM_REFERENCES.map((r) => ({ ...r, config: "digital" })),
    ).filter((o) => o.value !== undefined);
    expect(outcomes.length).toBeGreaterThan(100);
    const bad = outcomes.filter((o) => !o.ok).map((o) => `${o.reference.feature} ${o.reference.aggregationCode}: ${o.value} vs ${o.reference.value}`);
    expect(bad).toEqual([]);
  });
});
