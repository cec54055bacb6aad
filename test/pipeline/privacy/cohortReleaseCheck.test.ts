import { describe, expect, it } from "vitest";
import type { FeatureRow } from "../../../analysis/impact/featureRow.js";
import { cohortReleaseCheck, type CohortRelease } from "../../../pipeline/privacy/cohortReleaseCheck.js";

const row = (subject: string, code: string, value: number): FeatureRow => ({
  subject, condition: "original", normalization: "none", config: "nodisc", family: "f", feature: code, ibsi_code: code, aggregation: "none", aggregation_code: "DHQ4", value,
});

describe("the demo's release check of a cohort table", () => {
  const subjects = ["ct-01", "ct-02", "ct-03", "ct-04", "ct-05"];
  const features = subjects.flatMap((s, i) => [row(s, "RNU0", 4000 + 100 * i), row(s, "Q4LE", 40 + i)]);
  const appendix = cohortReleaseCheck(features, subjects, { seed: 7, intensityUnit: "HU" });
  const json = appendix.json as CohortRelease;

  it("reports k, ℓ, t and the linkage attack of the table as collected", () => {
    expect(appendix.key).toBe("release_check");
    expect(json.as_collected.records).toBe(5);
    // five people with exact ages, dates and institutions: all unique
    expect(json.as_collected.k).toBe(1);
    expect(json.as_collected.linkage.records).toBe(5);
    expect(json.as_collected.linkage.correct).toBeLessThanOrEqual(json.as_collected.linkage.reidentified);
  });
  it("anonymises to k ≥ 2 (or says why not) and releases DP means within the declared bounds", () => {
    if ("error" in json.anonymised) throw new Error(json.anonymised.error);
    expect(json.anonymised.k).toBeGreaterThanOrEqual(2);
    expect(json.anonymised.linkage.reidentified).toBeLessThanOrEqual(json.as_collected.linkage.reidentified);
    expect(json.dp_means.epsilon).toBe("1");
    const [volume, intensity] = json.dp_means.answers;
    expect(volume.query).toBe("mean:volume_mm3:0:20000");
    expect(intensity.query).toBe("mean:mean_intensity:-200:300");
    expect(volume.value).toBeGreaterThanOrEqual(0);
    expect(volume.value).toBeLessThanOrEqual(20000);
    expect(appendix.markdown).toMatch(/## Release check of the cohort table/);
    expect(appendix.markdown).toMatch(/\| as collected \| 5 \| 5 \| 1 \|/);
  });
  it("is reproducible (seeded registry and noise)", () => {
    expect(cohortReleaseCheck(features, subjects, { seed: 7, intensityUnit: "HU" }).markdown).toBe(appendix.markdown);
  });
});
