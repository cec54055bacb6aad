import { describe, expect, it } from "vitest";
import { intensityStatistics } from "../../../analysis/features/intensityStatistics.js";
import { matchesReference } from "../../../analysis/ibsi/matchReferences.js";
import { DIGITAL_PHANTOM_REFERENCES } from "../../../fixtures/ibsiDigitalPhantom.js";
import { digitalPhantomRoi } from "../../../fixtures/digitalPhantomRoi.js";

describe("intensity statistics on the IBSI digital phantom", () => {
  const values = intensityStatistics(digitalPhantomRoi());
  const references = DIGITAL_PHANTOM_REFERENCES.filter((r) => r.family === "intensity_statistics");

  it("computes all 18 features of the family", () => {
    expect(references).toHaveLength(18);
    expect(values).toHaveLength(18);
    expect(new Set(values.map((v) => v.ibsiCode))).toEqual(new Set(references.map((r) => r.ibsiCode)));
  });

  for (const ref of references) {
    it(`${ref.feature} (${ref.ibsiCode}) matches ${ref.value}`, () => {
      const got = values.find((v) => v.ibsiCode === ref.ibsiCode);
      expect(got?.aggregationCode).toBe("DHQ4");
      expect(matchesReference(got!.value, ref.value, ref.tolerance), `got ${got!.value}`).toBe(true);
    });
  }
});
