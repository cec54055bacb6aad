import { describe, expect, it } from "vitest";
import { PRESET_NAMES, presetSettings } from "../../../analysis/ibsi/presets.js";
import { featureSettings, parseProcessingSettings } from "../../../analysis/processing/settings.js";

describe("IBSI presets", () => {
  it("all presets parse", () => {
    expect(PRESET_NAMES).toEqual(["ibsi-digital", "ibsi-A", "ibsi-B", "ibsi-C", "ibsi-D", "ibsi-E"]);
    for (const name of PRESET_NAMES) expect(() => presetSettings(name)).not.toThrow();
  });

  it("carry the manual's parameters", () => {
    const a = presetSettings("ibsi-A");
    expect(a.resampling.spacing).toBeNull();
    expect(a.resegmentation.range).toEqual([-500, 400]);
    expect(a.discretisation).toEqual({ kind: "fbs", binWidth: 25 });
    expect(a.texture.dimension).toBe("2D");
    const b = presetSettings("ibsi-B");
    expect(b.resampling).toMatchObject({ spacing: [2, 2, 2], inPlane: true, interpolation: "linear", roundIntensities: true, maskThreshold: 0.5 });
    expect(b.discretisation).toEqual({ kind: "fbn", nBins: 32 });
    const c = presetSettings("ibsi-C");
    expect(c.resampling).toMatchObject({ inPlane: false, interpolation: "linear", maskInterpolation: "linear" });
    expect(c.resegmentation).toEqual({ range: [-1000, 400], outlierSigma: null });
    expect(c.ivh).toEqual({ kind: "fbs", binWidth: 2.5 });
    const d = presetSettings("ibsi-D");
    expect(d.resegmentation).toEqual({ range: null, outlierSigma: 3 });
    const e = presetSettings("ibsi-E");
    expect(e.resampling).toMatchObject({ interpolation: "spline", maskInterpolation: "linear" });
    expect(e.resegmentation).toEqual({ range: [-1000, 400], outlierSigma: 3 });
    expect(e.ivh).toEqual({ kind: "fbn", nBins: 1000 });
    for (const name of PRESET_NAMES) {
      const s = presetSettings(name);
      expect(s.texture.distance).toBe(1);
      expect(s.texture.ngldmCoarseness).toBe(0);
    }
    expect(presetSettings("ibsi-digital").discretisation).toEqual({ kind: "none" });
  });

  it("map to feature settings with the aggregations of their texture dimension", () => {
    expect(featureSettings(presetSettings("ibsi-A")).aggregations).toContain("8QNN");
    expect(featureSettings(presetSettings("ibsi-C")).aggregations).toEqual(["ITBB", "IAZD", "KOBO"]);
    expect(featureSettings(presetSettings("ibsi-digital")).aggregations).toHaveLength(9);
  });

  it("unknown presets and invalid settings are usage errors", () => {
    expect(() => presetSettings("ibsi-F")).toThrow(/known presets/);
    expect(() => parseProcessingSettings({ resegmentation: { range: [400, -500] } })).toThrow(/lower bound/);
    expect(() => parseProcessingSettings({ discretisation: { kind: "fbn", nBins: 0 } })).toThrow(/discretisation/);
  });
});
