import { describe, expect, it } from "vitest";
import type { FeatureValue } from "../../../analysis/features/types.js";
import { matchReferences, type ReferenceValue } from "../../../analysis/ibsi/matchReferences.js";
import { matchesReference } from "../../../analysis/ibsi/matchReferences.js";

const value = (feature: string, ibsiCode: string, v: number, aggregationCode = "DHQ4"): FeatureValue => ({
  family: "intensity_volume_histogram",
  feature,
  ibsiCode,
  aggregation: "none",
  aggregationCode,
  value: v,
});
const ref = (feature: string, ibsiCode: string, complianceTag: string, v: number, tolerance = 0, aggregationCode = "DHQ4"): ReferenceValue => ({
  family: "intensity_volume_histogram",
  feature,
  ibsiCode,
  complianceTag,
  config: "digital",
  aggregationCode,
  value: v,
  tolerance,
});

describe("matching computed values to IBSI references", () => {
  it("tells apart V10 and V90 (both BC2M) by name or compliance tag", () => {
    const computed = [value("Volume fraction at 10% intensity (V10)", "BC2M", 0.324), value("Volume fraction at 90% intensity (V90)", "BC2M", 0.0946)];
    const out = matchReferences(computed, [
      ref("Volume fraction at 90% intensity (V90)", "BC2M", "ivh_v90", 0.0946),
      ref("V10 under another name", "BC2M", "ivh_v10", 0.324),
    ]);
    expect(out.map((o) => o.value)).toEqual([0.0946, 0.324]);
    expect(out.every((o) => o.ok)).toBe(true);
  });

  it("keys on the aggregation code and reports missing features", () => {
    const computed = [value("Joint maximum", "GYBY", 0.5, "IAZD")];
    const out = matchReferences(computed, [ref("Joint maximum", "GYBY", "cm_joint_max", 0.5, 0, "KOBO"), ref("Joint maximum", "GYBY", "cm_joint_max", 0.4, 0.01, "IAZD")]);
    expect(out[0]).toMatchObject({ value: undefined, ok: false });
    expect(out[1]).toMatchObject({ value: 0.5, ok: false });
  });

  it("rounds to 3 significant digits, but compares long integers unrounded", () => {
    expect(matchesReference(0.32449, 0.324, 0)).toBe(true);
    expect(matchesReference(0.3246, 0.324, 0)).toBe(false);
    expect(matchesReference(125256, 125256, 0)).toBe(true);
    expect(matchesReference(125257, 125256, 0)).toBe(false);
  });
});
