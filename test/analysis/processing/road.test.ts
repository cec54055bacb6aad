import { describe, expect, it } from "vitest";
import { scalingAffine, type Vec3, type Volume } from "../../../analysis/core/volume.js";
import { presetSettings } from "../../../analysis/ibsi/presets.js";
import type { AffineIntensityMap } from "../../../analysis/normalisation/zscore.js";
import { planRoi, prepareRoi, replacementsInSource } from "../../../analysis/processing/prepare.js";
import { roundHalfEven } from "../../../analysis/processing/resample.js";
import { SettingsSchema, type ProcessingSettings } from "../../../analysis/settings.js";

/**
 * The one road with a condition (defacing replacements and a normalisation map) must equal the road
 * without one on the image that condition describes: replaced, then mapped, voxel by voxel.
 */
function volume(): { image: Volume; roi: Uint8Array; face: Uint32Array } {
  const dims: Vec3 = [40, 36, 18];
  const spacing: Vec3 = [0.9, 0.9, 2.5];
  const data = new Float32Array(dims[0] * dims[1] * dims[2]);
  const roi = new Uint8Array(data.length);
  const face: number[] = [];
  let seed = 777;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let k = 0, o = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++, o++) {
        data[o] = Math.round(-600 + 900 * rand());
        // the ROI touches the x = 0 border, so resampling pads it with edge values
        if (i < 6 && j >= 10 && j < 18 && k >= 4 && k < 10) roi[o] = 1;
        // "face" voxels: some inside the ROI's neighbourhood, on the border, and far away
        if ((i === 0 && j === 20) || (i === 7 && j === 12) || j >= 33) face.push(o);
      }
  return { image: { data, dims, spacing, affine: scalingAffine(spacing) }, roi, face: Uint32Array.from(face) };
}

const map: AffineIntensityMap = { scale: 1 / 250, offset: 0.3 };

/** The image a condition describes: replaced voxels, then the map applied everywhere. */
function described(image: Volume, face: Uint32Array, values: Float64Array, m: AffineIntensityMap): Volume {
  const data = new Float64Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = image.data[i];
  face.forEach((idx, n) => (data[idx] = values[n]));
  for (let i = 0; i < data.length; i++) {
    const v = data[i] * m.scale + m.offset;
    data[i] = m.clip === undefined ? v : Math.max(-m.clip, Math.min(m.clip, v));
  }
  return { ...image, data: data as unknown as Float32Array };
}

const settingsOf = (preset: string, roundIntensities: boolean): ProcessingSettings => {
  const p = presetSettings(preset).processing;
  return { ...p, resampling: { ...p.resampling, roundIntensities }, resegmentation: { range: null, outlierSigma: null } };
};

describe("the processing road with a condition", () => {
  const { image, roi, face } = volume();
  const values = Float64Array.from(face, (_, n) => -1000 + n);

  for (const preset of ["ibsi-A", "ibsi-C", "ibsi-E"]) {
    it(`${preset}: replacements and normalisation inside the road equal preparing the replaced, normalised image`, () => {
      const settings = settingsOf(preset, false);
      const plan = planRoi(image, roi, settings);
      const replaced = replacementsInSource(face, values, image.dims, plan);
      const road = prepareRoi(image, roi, settings, { plan, condition: { replaced, map } });
      const direct = prepareRoi(described(image, face, values, map), roi, settings);
      expect(road.roi.dims).toEqual(direct.roi.dims);
      for (let i = 0; i < direct.roi.intensity.length; i++) {
        // interpolation commutes with the affine map up to floating-point rounding
        expect(Math.abs(road.roi.intensity[i] - direct.roi.intensity[i])).toBeLessThan(1e-12);
      }
      expect(Array.from(road.roi.morphMask)).toEqual(Array.from(direct.roi.morphMask));
    });
  }

  it("a replaced voxel on the image border is repeated wherever the padding repeats it", () => {
    const settings = settingsOf("ibsi-E", false);
    const plan = planRoi(image, roi, settings);
    expect(plan.source.lo[0]).toBeLessThan(0);
    const border = Uint32Array.from([0 + image.dims[0] * (12 + image.dims[1] * 6)]);
    const replaced = replacementsInSource(border, Float64Array.of(5000), image.dims, plan);
    expect(replaced.indices.length).toBe(-plan.source.lo[0] + 1);
  });

  it("roundIntensities rounds in image units whatever the normalisation", () => {
    const settings = settingsOf("ibsi-C", true);
    const plan = planRoi(image, roi, settings);
    const raw = prepareRoi(image, roi, settings, { plan });
    const mapped = prepareRoi(image, roi, settings, { plan, condition: { map } });
    for (let i = 0; i < raw.roi.intensity.length; i++) {
      expect(Number.isInteger(raw.roi.intensity[i])).toBe(true);
      expect(mapped.roi.intensity[i]).toBeCloseTo(raw.roi.intensity[i] * map.scale + map.offset, 12);
    }
  });

  it("a clipping map is applied before interpolation, as on the whole image", () => {
    const clipping: AffineIntensityMap = { scale: 1 / 250, offset: 0.3, clip: 1 };
    const settings = settingsOf("ibsi-C", false);
    const road = prepareRoi(image, roi, settings, { condition: { map: clipping } });
    const direct = prepareRoi(described(image, new Uint32Array(0), new Float64Array(0), clipping), roi, settings);
    for (let i = 0; i < direct.roi.intensity.length; i++) expect(Math.abs(road.roi.intensity[i] - direct.roi.intensity[i])).toBeLessThan(1e-12);
    expect(Math.max(...road.roi.intensity)).toBeLessThanOrEqual(1);
  });

  it("rounding after a clipping map goes back to image units and returns", () => {
    const clipping: AffineIntensityMap = { scale: 1 / 250, offset: 0.3, clip: 10 };
    const settings = settingsOf("ibsi-C", true);
    const road = prepareRoi(image, roi, settings, { condition: { map: clipping } });
    for (const v of road.roi.intensity) {
      const imageUnits = (v - clipping.offset) / clipping.scale;
      expect(Math.abs(imageUnits - roundHalfEven(imageUnits))).toBeLessThan(1e-9);
    }
  });

  it("applies each discretisation of the list to the same prepared ROI", () => {
    const settings = SettingsSchema.parse({}).processing;
    const r = prepareRoi(image, roi, settings, {
      condition: { map },
      discretisations: [
        { label: "fbn16", discretisation: { kind: "fbn", nBins: 16 } },
        { label: "fbs0.1", discretisation: { kind: "fbs", binWidth: 0.1 } },
      ],
    });
    expect(r.discretised.map((d) => d.label)).toEqual(["fbn16", "fbs0.1"]);
    expect(r.discretised[0].nLevels).toBe(16);
    // 900 HU of spread at 1/250 per HU is 3.6 normalised units: about 36 bins of 0.1
    expect(r.discretised[1].nLevels).toBeGreaterThan(30);
  });
});
