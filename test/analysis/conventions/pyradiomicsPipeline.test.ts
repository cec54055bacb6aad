import { describe, expect, it } from "vitest";
import { connectedComponents, pyradiomicsDiagnostics } from "../../../analysis/conventions/pyradiomicsDiagnostics.js";
import { pyradiomicsResampledBlock } from "../../../analysis/conventions/pyradiomicsInterpolatedDiagnostics.js";
import { runPyradiomics } from "../../../analysis/conventions/pyradiomicsPipeline.js";
import { checkPyradiomicsRoi, pyradiomicsProcessing } from "../../../analysis/conventions/pyradiomicsProcessing.js";
import { settingsFromPyradiomics } from "../../../analysis/conventions/pyradiomicsSettings.js";
import { DefaceImpactError } from "../../../analysis/core/errors.js";
import { scalingAffine, type Vec3, type Volume } from "../../../analysis/core/volume.js";
import { resampledGrid } from "../../../analysis/processing/resample.js";

const settings = (setting: Record<string, unknown>, featureClass?: Record<string, unknown>) =>
  settingsFromPyradiomics({ setting, ...(featureClass ? { featureClass } : {}) }, "p.yaml");

/** 12×10×8 int16 image (a smooth ramp plus a checker) and a 4×4×3 box ROI in the middle. */
function scene(): { image: Volume; mask: Uint8Array } {
  const dims: Vec3 = [12, 10, 8];
  const data = new Int16Array(12 * 10 * 8);
  const mask = new Uint8Array(data.length);
  for (let k = 0, p = 0; k < 8; k++)
    for (let j = 0; j < 10; j++)
      for (let i = 0; i < 12; i++, p++) {
        data[p] = 100 + 7 * i + 3 * j + 11 * k + ((i + j + k) % 2) * 20;
        mask[p] = i >= 4 && i < 8 && j >= 3 && j < 7 && k >= 2 && k < 5 ? 1 : 0;
      }
  return { image: { dims, spacing: [1, 1, 2], affine: scalingAffine([1, 1, 2]), data }, mask };
}

describe("the processing PyRadiomics applies to an image and ROI", () => {
  const grid = { dims: [12, 10, 8] as Vec3, spacing: [1, 1, 2] as Vec3, affine: scalingAffine([1, 1, 2]) };
  const box = { lo: [4, 3, 2] as Vec3, hi: [7, 6, 4] as Vec3 };
  it("resamples on PyRadiomics' grid: corner-aligned, nearest-neighbour mask, SimpleITK's edges and voxel-type cast", () => {
    const p = pyradiomicsProcessing(settings({ resampledPixelSpacing: [2, 2, 2], interpolator: "sitkLinear" }), grid, box);
    expect(p.resampling).toMatchObject({
      spacing: [2, 2, 2],
      interpolation: "linear",
      maskInterpolation: "nearest",
      gridAlignment: "corner",
      castToInputType: true,
      imageEdge: "simpleitk",
    });
  });
  it("a spacing of 0 keeps that axis; an axis the ROI spans with one voxel is not resampled", () => {
    expect(pyradiomicsProcessing(settings({ resampledPixelSpacing: [2, 2, 0] }), grid, box).resampling.spacing).toEqual([2, 2, 2]);
    const flat = { lo: [4, 3, 2] as Vec3, hi: [7, 6, 2] as Vec3 };
    expect(pyradiomicsProcessing(settings({ resampledPixelSpacing: [0.5, 0.5, 0.5] }), grid, flat).resampling.spacing).toEqual([0.5, 0.5, 2]);
  });
  it("no resampling when the new spacing equals the old one (numpy.allclose) or none is asked for", () => {
    expect(pyradiomicsProcessing(settings({ resampledPixelSpacing: [1, 1.000001, 2] }), grid, box).resampling.spacing).toBeNull();
    expect(pyradiomicsProcessing(settings({}), grid, box).resampling.spacing).toBeNull();
  });
  it("PyRadiomics' resampled block: the ROI box in new voxels plus padDistance, clipped to the grid", () => {
    const g = resampledGrid([12, 10, 8], [1, 1, 2], [2, 2, 2], "corner");
    expect(g.origin).toEqual([0.5, 0.5, 0]);
    // x: ⌊(4 − ½)·½ − 1⌋ = 0 .. ⌈(7 + ½)·½ + 1⌉ = 5; y clipped to the grid's 5 voxels; z (kept) 0 .. ⌈4½ + 1⌉ = 6.
    expect(pyradiomicsResampledBlock(g, box, 1)).toEqual({ lo: [0, 0, 0], hi: [5, 4, 6] });
    expect(pyradiomicsResampledBlock(g, box, 0)).toEqual({ lo: [1, 1, 1], hi: [4, 4, 5] });
  });
});

describe("PyRadiomics' ROI checks (checkMask)", () => {
  const dims: Vec3 = [4, 4, 1];
  const line = Uint8Array.from({ length: 16 }, (_, i) => (i < 3 ? 1 : 0));
  const fails = (mask: Uint8Array, opts: { minimumROIDimensions: number; minimumROISize: number | null }, text: string) => {
    try {
      checkPyradiomicsRoi(mask, dims, opts, "after resampling", "roi.nrrd");
    } catch (err) {
      expect(err).toBeInstanceOf(DefaceImpactError);
      expect((err as DefaceImpactError).path).toBe("roi.nrrd");
      expect((err as Error).message).toContain(text);
      return;
    }
    throw new Error("expected the check to fail");
  };
  it("minimumROIDimensions: a line spans 1 dimension; a single voxel never passes", () => {
    fails(line, { minimumROIDimensions: 2, minimumROISize: null }, "minimumROIDimensions is 2");
    expect(() => checkPyradiomicsRoi(line, dims, { minimumROIDimensions: 1, minimumROISize: null }, "", "roi")).not.toThrow();
    const single = new Uint8Array(16);
    single[5] = 1;
    fails(single, { minimumROIDimensions: 1, minimumROISize: null }, "single voxel");
  });
  it("minimumROISize: more voxels than the minimum are needed", () => {
    fails(line, { minimumROIDimensions: 1, minimumROISize: 3 }, "minimumROISize is 3");
    expect(() => checkPyradiomicsRoi(line, dims, { minimumROIDimensions: 1, minimumROISize: 2 }, "", "roi")).not.toThrow();
  });
});

describe("the whole pipeline on a small int16 image", () => {
  const { image, mask } = scene();
  const roiValues = Array.from(image.data).filter((_, i) => mask[i]);
  it("without processing: first-order values are the ROI's own statistics", () => {
    const { values } = runPyradiomics(image, mask, settings({}, { firstorder: ["Mean", "Maximum"], shape: ["VoxelVolume"] }), "roi");
    const get = (c: string) => values.find((v) => v.column === c)!.value;
    expect(get("original_firstorder_Mean")).toBeCloseTo(roiValues.reduce((a, b) => a + b, 0) / roiValues.length, 10);
    expect(get("original_firstorder_Maximum")).toBe(Math.max(...roiValues));
    expect(get("original_shape_VoxelVolume")).toBe(48 * 2);
  });
  it("normalize: the whole image z-scored with the sample SD (SimpleITK), then × normalizeScale", () => {
    const all = Array.from(image.data);
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    const sd = Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / (all.length - 1));
    const s = settings({ normalize: true, normalizeScale: 100 }, { firstorder: ["Minimum"] });
    const { values } = runPyradiomics(image, mask, s, "roi");
    expect(values[0].value).toBeCloseTo((100 * (Math.min(...roiValues) - mean)) / sd, 9);
  });
  it("resampling an int16 image stores truncated integers, as SimpleITK does", () => {
    const s = settings({ resampledPixelSpacing: [1.5, 1.5, 1.5], interpolator: "sitkLinear" }, { firstorder: ["Mean"] });
    const { prepared } = runPyradiomics(image, mask, s, "roi");
    const { roi } = prepared;
    for (let i = 0; i < roi.intensity.length; i++) if (roi.intensityMask[i]) expect(Number.isInteger(roi.intensity[i])).toBe(true);
    expect(roi.spacing).toEqual([1.5, 1.5, 1.5]);
  });
  it("a ROI that re-segmentation leaves too small fails PyRadiomics' check, naming the mask", () => {
    const s = settings({ resegmentRange: [10000] }, { firstorder: ["Mean"] });
    expect(() => runPyradiomics(image, mask, s, "roi.nrrd")).toThrow(/roi.nrrd: re-segmentation to \[10000, Infinity\] removed all/);
  });
});

describe("PyRadiomics' image and ROI diagnostics", () => {
  it("box (corner, size), voxel count, 26-connected volumes, centre of mass as index and LPS point", () => {
    const dims: Vec3 = [5, 4, 3];
    const data = new Float32Array(60).map((_, i) => i);
    const mask = new Uint8Array(60);
    mask[1 + 5 * (1 + 4 * 0)] = 1; // (1,1,0)
    mask[2 + 5 * (2 + 4 * 1)] = 1; // (2,2,1): touches (1,1,0) diagonally
    mask[4 + 5 * (3 + 4 * 2)] = 1; // (4,3,2): a second component
    const affine = scalingAffine([2, 3, 4], [10, 20, 30]);
    const d = pyradiomicsDiagnostics({ dims, spacing: [2, 3, 4], affine, data }, mask);
    expect(d["Mask-original_BoundingBox"]).toEqual([1, 1, 0, 4, 3, 3]);
    expect(d["Mask-original_VoxelNum"]).toBe(3);
    expect(d["Mask-original_VolumeNum"]).toBe(2);
    expect(d["Mask-original_CenterOfMassIndex"]).toEqual([7 / 3, 2, 1]);
    expect(d["Mask-original_CenterOfMass"][0]).toBeCloseTo(-(10 + 2 * (7 / 3)), 12); // RAS x → LPS −x
    expect(d["Mask-original_CenterOfMass"][1]).toBeCloseTo(-(20 + 3 * 2), 12);
    expect(d["Mask-original_CenterOfMass"][2]).toBeCloseTo(30 + 4, 12);
    expect(d["Image-original_Mean"]).toBe(29.5);
    expect([d["Image-original_Minimum"], d["Image-original_Maximum"]]).toEqual([0, 59]);
    expect(connectedComponents(mask, dims, [0, 0, 0], [4, 3, 2])).toBe(2);
  });
});
