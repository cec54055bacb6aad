import { describe, expect, it } from "vitest";
import { AGGREGATIONS_2D, AGGREGATIONS_3D, PRESET_NAMES, presetSettings } from "../../../analysis/ibsi/presets.js";
import { SettingsSchema } from "../../../analysis/settings.js";

describe("IBSI presets", () => {
  it("all presets parse into complete settings", () => {
    expect(PRESET_NAMES).toEqual(["ibsi-digital", "ibsi-A", "ibsi-B", "ibsi-C", "ibsi-D", "ibsi-E"]);
    for (const name of PRESET_NAMES) expect(SettingsSchema.safeParse(presetSettings(name)).success).toBe(true);
  });

  it("carry the manual's parameters", () => {
    const a = presetSettings("ibsi-A").processing;
    expect(a.resampling.spacing).toBeNull();
    expect(a.resegmentation.range).toEqual([-500, 400]);
    expect(a.discretisation).toEqual(["fbs25"]);
    expect(a.ivh).toBe("nodisc");
    const b = presetSettings("ibsi-B").processing;
    expect(b.resampling).toMatchObject({ spacing: [2, 2, 2], inPlane: true, interpolation: "linear", roundIntensities: true, maskThreshold: 0.5 });
    expect(b.discretisation).toEqual(["fbn32"]);
    const c = presetSettings("ibsi-C").processing;
    expect(c.resampling).toMatchObject({ inPlane: false, interpolation: "linear", maskInterpolation: "linear" });
    expect(c.resegmentation).toEqual({ range: [-1000, 400], outlierSigma: null });
    expect(c.ivh).toBe("fbs2.5");
    const d = presetSettings("ibsi-D").processing;
    expect(d.resegmentation).toEqual({ range: null, outlierSigma: 3 });
    const e = presetSettings("ibsi-E").processing;
    expect(e.resampling).toMatchObject({ interpolation: "spline", maskInterpolation: "linear" });
    expect(e.resegmentation).toEqual({ range: [-1000, 400], outlierSigma: 3 });
    expect(e.ivh).toBe("fbn1000");
    for (const name of PRESET_NAMES) {
      const s = presetSettings(name).processing;
      expect(s.texture.distance).toBe(1);
      expect(s.texture.ngldmCoarseness).toBe(0);
    }
    expect(presetSettings("ibsi-digital").processing.discretisation).toEqual(["nodisc"]);
  });

  it("set the aggregations of their texture dimension and leave the other groups at their defaults", () => {
    expect(presetSettings("ibsi-A").features.aggregations).toEqual(AGGREGATIONS_2D);
    expect(presetSettings("ibsi-C").features.aggregations).toEqual(AGGREGATIONS_3D);
    expect(presetSettings("ibsi-digital").features.aggregations).toHaveLength(9);
    const defaults = SettingsSchema.parse({});
    for (const name of PRESET_NAMES) {
      const s = presetSettings(name);
      expect(s.normalisation).toEqual(defaults.normalisation);
      expect(s.defacing).toEqual(defaults.defacing);
    }
  });

  it("unknown presets are usage errors", () => {
    expect(() => presetSettings("ibsi-F")).toThrow(/known presets/);
  });
});
