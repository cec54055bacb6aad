import { describe, expect, it } from "vitest";
import { scalingAffine, type Vec3, type Volume } from "../../../analysis/core/volume.js";
import { presetSettings } from "../../../analysis/ibsi/presets.js";
import { diagnosticValues } from "../../../analysis/processing/diagnostics.js";
import { prepareRoi } from "../../../analysis/processing/prepare.js";
import { cropClamped, resampleBlock, roundHalfEven, SPLINE_PREFILTER_MARGIN } from "../../../analysis/processing/resample.js";
import { resampledGrid } from "../../../analysis/processing/resample.js";
import { SettingsSchema, type SettingsInput } from "../../../analysis/settings.js";

const processing = (p: SettingsInput["processing"]) => SettingsSchema.parse({ processing: p }).processing;

/** A noisy synthetic CT-like volume with a spherical ROI away from the borders. */
function phantom(): { image: Volume; mask: Uint8Array } {
  const dims: Vec3 = [48, 44, 20];
  const spacing: Vec3 = [0.9, 0.9, 2.5];
  const data = new Float32Array(dims[0] * dims[1] * dims[2]);
  const mask = new Uint8Array(data.length);
  let seed = 12345;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let k = 0, o = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++, o++) {
        const r = Math.hypot((i - 22) * spacing[0], (j - 20) * spacing[1], (k - 9) * spacing[2]);
        data[o] = Math.round((r < 9 ? 40 : -700) + 200 * (rand() - 0.5));
        mask[o] = r < 9 ? 1 : 0;
      }
  return { image: { data, dims, spacing, affine: scalingAffine(spacing) }, mask };
}

describe("prepareRoi", () => {
  const { image, mask } = phantom();

  for (const preset of ["ibsi-B", "ibsi-C", "ibsi-E"]) {
    it(`${preset}: interpolating only the ROI box equals interpolating the whole image`, () => {
      const settings = presetSettings(preset).processing;
      const { roi, box } = prepareRoi(image, mask, settings);
      const rs = settings.resampling;
      const grid = resampledGrid(image.dims, image.spacing, rs.inPlane ? [2, 2, null] : [2, 2, 2]);
      const pad = SPLINE_PREFILTER_MARGIN + 2;
      const lo: Vec3 = [-pad, -pad, -pad];
      const hi: Vec3 = [image.dims[0] - 1 + pad, image.dims[1] - 1 + pad, image.dims[2] - 1 + pad];
      const whole = resampleBlock(
        cropClamped(image.data, image.dims, lo, hi),
        [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1],
        lo,
        grid,
        { lo: [0, 0, 0], dims: grid.dims },
        rs.interpolation,
      );
      let compared = 0;
      for (let k = 0, o = 0; k < box.dims[2]; k++)
        for (let j = 0; j < box.dims[1]; j++)
          for (let i = 0; i < box.dims[0]; i++, o++) {
            const w = box.lo[0] + i + grid.dims[0] * (box.lo[1] + j + grid.dims[1] * (box.lo[2] + k));
            expect(roi.intensity[o]).toBe(roundHalfEven(whole[w]));
            compared++;
          }
      expect(compared).toBe(roi.intensity.length);
    });
  }

  it("a ROI touching the image border extrapolates with edge values, as the whole image does", () => {
    const corner = new Uint8Array(mask.length);
    for (let k = 0; k < 4; k++) for (let j = 0; j < 5; j++) for (let i = 0; i < 6; i++) corner[i + image.dims[0] * (j + image.dims[1] * k)] = 1;
    for (const preset of ["ibsi-C", "ibsi-E"]) {
      const settings = presetSettings(preset).processing;
      const { roi, box } = prepareRoi(image, corner, settings);
      expect(box.lo).toEqual([0, 0, 0]);
      const grid = resampledGrid(image.dims, image.spacing, [2, 2, 2]);
      const pad = SPLINE_PREFILTER_MARGIN + 2;
      const lo: Vec3 = [-pad, -pad, -pad];
      const hi: Vec3 = [image.dims[0] - 1 + pad, image.dims[1] - 1 + pad, image.dims[2] - 1 + pad];
      const whole = resampleBlock(
        cropClamped(image.data, image.dims, lo, hi),
        [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1],
        lo,
        grid,
        { lo: [0, 0, 0], dims: grid.dims },
        settings.resampling.interpolation,
      );
      for (let k = 0, o = 0; k < box.dims[2]; k++)
        for (let j = 0; j < box.dims[1]; j++)
          for (let i = 0; i < box.dims[0]; i++, o++) {
            expect(roi.intensity[o]).toBe(roundHalfEven(whole[i + grid.dims[0] * (j + grid.dims[1] * k)]));
          }
    }
  });

  it("keeps the morphological and intensity masks apart after re-segmentation", () => {
    const settings = processing({ resegmentation: { range: [0, null] } });
    const { roi, diagnostics } = prepareRoi(image, mask, settings);
    let morph = 0,
      int = 0;
    for (let i = 0; i < roi.morphMask.length; i++) {
      morph += roi.morphMask[i];
      int += roi.intensityMask[i];
      if (roi.intensityMask[i]) {
        expect(roi.morphMask[i]).toBe(1);
        expect(roi.intensity[i]).toBeGreaterThanOrEqual(0);
      }
    }
    expect(int).toBeLessThan(morph);
    expect(diagnostics.resegmentedRoi.intensityCount).toBe(int);
    expect(diagnostics.resegmentedRoi.morphologyCount).toBe(morph);
    expect(roi.resegRange).toEqual([0, Infinity]);
  });

  it("without resampling, the box is the ROI's bounding box plus the local-intensity margin", () => {
    const { roi, diagnostics, discretised } = prepareRoi(image, mask, processing({}), { discretisations: [{ label: "fbn32", discretisation: { kind: "fbn", nBins: 32 } }] });
    const bb = diagnostics.initialRoi.morphologyBoxDims;
    // ceil(6.2035 / 0.9) = 7 voxels in-plane, ceil(6.2035 / 2.5) = 3 slices, on each side.
    expect(roi.dims).toEqual([bb[0] + 14, bb[1] + 14, bb[2] + 6]);
    expect(diagnostics.initialRoi.morphologyCount).toBe(mask.reduce((a, b) => a + b, 0));
    expect(discretised.map((d) => [d.label, d.nLevels])).toEqual([["fbn32", 32]]);
  });

  it("reports every diagnostic of the IBSI table, with interpolated-image statistics on request", () => {
    const { diagnostics } = prepareRoi(image, mask, presetSettings("ibsi-C").processing, { fullImageDiagnostics: true });
    const values = diagnosticValues(diagnostics);
    expect(values.size).toBe(60);
    expect(values.get("img_dim_z_interp_img")).toBe(25);
    expect(values.get("vox_dim_x_interp_img")).toBe(2);
    const withoutFull = diagnosticValues(prepareRoi(image, mask, presetSettings("ibsi-C").processing).diagnostics);
    expect(withoutFull.has("mean_int_interp_img")).toBe(false);
    expect(withoutFull.has("mean_int_init_img")).toBe(false);
    expect(values.get("min_int_init_img")).toBe(Math.min(...image.data));
  });

  it("rejects an empty ROI and a mask on another grid", () => {
    expect(() => prepareRoi(image, new Uint8Array(mask.length), presetSettings("ibsi-A").processing)).toThrow(/empty/);
    expect(() => prepareRoi(image, new Uint8Array(10), presetSettings("ibsi-A").processing)).toThrow(/voxels/);
  });
});
