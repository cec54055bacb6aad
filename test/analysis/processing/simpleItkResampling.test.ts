import { describe, expect, it } from "vitest";
import { scalingAffine, type Vec3 } from "../../../analysis/core/volume.js";
import { castToVoxelType, integerRange } from "../../../analysis/processing/castToVoxelType.js";
import { gridOrigin } from "../../../analysis/processing/gridAlignment.js";
import { clampIndex, mirrorIndex, zeroOutsideImage } from "../../../analysis/processing/imageEdge.js";
import { prepareRoi } from "../../../analysis/processing/prepare.js";
import { resampledGrid } from "../../../analysis/processing/resample.js";
import { SettingsSchema } from "../../../analysis/settings.js";

const parseProcessingSettings = (processing: Record<string, unknown>) => SettingsSchema.parse({ processing }).processing;

/** The options PyRadiomics' resampling needs (SimpleITK's ResampleImageFilter), on top of IBSI's. */
describe("grid alignment", () => {
  it("corner: the first new voxel's outer corner is the image's; centre: the grids share their centre (IBSI)", () => {
    // 4 voxels of 3 mm → 6 voxels of 2 mm: step 2/3.
    expect(gridOrigin("corner", 4, 2 / 3, 6)).toBeCloseTo(-1 / 6, 12); // ½ (2/3 − 1)
    expect(gridOrigin("centre", 4, 2 / 3, 6)).toBeCloseTo(-1 / 6, 12); // the grids coincide when sizes divide evenly
    // 5 voxels of 1 mm → 3 voxels of 2 mm: corner starts at ½, centre at 0 (overhang split evenly).
    expect(gridOrigin("corner", 5, 2, 3)).toBe(0.5);
    expect(gridOrigin("centre", 5, 2, 3)).toBe(0);
    const g = resampledGrid([5, 5, 5], [1, 1, 1], [2, 2, 2], "corner");
    expect(g.origin).toEqual([0.5, 0.5, 0.5]);
    expect(g.dims).toEqual([3, 3, 3]);
  });
});

describe("storing interpolated values in the image's voxel type", () => {
  it("integer types truncate toward zero and clamp to their range; float types are left alone", () => {
    const v = Float64Array.from([99.7, -0.4, -2.6, 40000, -40000]);
    expect(Array.from(castToVoxelType(v.slice(), new Int16Array(1)))).toEqual([99, 0, -2, 32767, -32768]);
    expect(Object.is(castToVoxelType(Float64Array.from([-0.4]), new Int16Array(1))[0], -0)).toBe(false);
    expect(Array.from(castToVoxelType(Float64Array.from([-3.5, 300.2]), new Uint8Array(1)))).toEqual([0, 255]);
    expect(Array.from(castToVoxelType(v.slice(), new Float32Array(1)))).toEqual(Array.from(v));
    expect(integerRange(new Uint16Array(1))).toEqual({ min: 0, max: 65535 });
  });
});

describe("what interpolation sees beyond the image", () => {
  it("mirrored about the edge voxels (SimpleITK's B-spline) or the nearest edge voxel (IBSI)", () => {
    expect([-3, -2, -1, 0, 4, 5, 6, 7].map((i) => mirrorIndex(i, 5))).toEqual([3, 2, 1, 0, 4, 3, 2, 1]);
    expect([-2, 0, 5].map((i) => clampIndex(i, 5))).toEqual([0, 0, 4]);
    expect(mirrorIndex(3, 1)).toBe(0);
  });
  it("SimpleITK's default value 0 for new voxels centred beyond half a voxel outside the image", () => {
    // 3 voxels → step 0.8 from −0.4: centres −0.4, 0.4, 1.2, 2.0, 2.8 (> 2.5 is outside).
    const grid = { dims: [5, 1, 1] as Vec3, spacing: [0.8, 1, 1] as Vec3, origin: [-0.4, 0, 0] as Vec3, step: [0.8, 1, 1] as Vec3 };
    const values = Float64Array.from([1, 2, 3, 4, 5]);
    zeroOutsideImage(values, grid, { lo: [0, 0, 0], dims: [5, 1, 1] }, [3, 1, 1]);
    expect(Array.from(values)).toEqual([1, 2, 3, 4, 0]);
  });
  it("prepareRoi with imageEdge simpleitk: a B-spline near the edge reads mirrored voxels, not repeated ones", () => {
    const dims: Vec3 = [8, 6, 6];
    const data = new Float32Array(8 * 6 * 6);
    const mask = new Uint8Array(data.length);
    for (let k = 0, p = 0; k < 6; k++)
      for (let j = 0; j < 6; j++)
        for (let i = 0; i < 8; i++, p++) {
          data[p] = i * i + 3 * j + k;
          mask[p] = i <= 1 && j >= 2 && j <= 3 && k >= 2 && k <= 3 ? 1 : 0; // ROI on the x = 0 edge
        }
    const image = { dims, spacing: [1, 1, 1] as Vec3, affine: scalingAffine([1, 1, 1]), data };
    const run = (imageEdge: "nearest" | "simpleitk") =>
      prepareRoi(image, mask, parseProcessingSettings({ resampling: { spacing: [0.7, 1, 1], interpolation: "spline", imageEdge } })).roi;
    const ibsi = run("nearest"), sitk = run("simpleitk");
    expect(ibsi.morphMask).toEqual(sitk.morphMask);
    let differs = false;
    for (let p = 0; p < ibsi.intensity.length; p++) if (ibsi.morphMask[p] && Math.abs(ibsi.intensity[p] - sitk.intensity[p]) > 1e-9) differs = true;
    expect(differs).toBe(true);
    // Default settings are IBSI's.
    expect(parseProcessingSettings({}).resampling).toMatchObject({ gridAlignment: "centre", castToInputType: false, imageEdge: "nearest" });
  });
});
