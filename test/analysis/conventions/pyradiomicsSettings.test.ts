import { describe, expect, it } from "vitest";
import { defaultFeatures, PYRADIOMICS_CLASSES } from "../../../analysis/conventions/pyradiomicsRegistry.js";
import {
  HONOURED_KEYS,
  isPyradiomicsDocument,
  NO_EFFECT_KEYS,
  settingsFromPyradiomics,
} from "../../../analysis/conventions/pyradiomicsSettings.js";
import { DefaceImpactError } from "../../../analysis/core/errors.js";

const FILE = "params.yaml";
const parse = (setting: Record<string, unknown>, rest: Record<string, unknown> = {}) => settingsFromPyradiomics({ setting, ...rest }, FILE);

/** The error a document raises: an input error (exit 3) naming the file and the key. */
function errorOf(doc: unknown): DefaceImpactError {
  try {
    settingsFromPyradiomics(doc, FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(DefaceImpactError);
    return err as DefaceImpactError;
  }
  throw new Error("expected an error");
}
const failsOn = (setting: Record<string, unknown>, key: string) => {
  const e = errorOf({ setting });
  expect(e.kind).toBe("input");
  expect(e.path).toBe(FILE);
  expect(e.message).toContain(`"${key}"`);
};

describe("PyRadiomics parameter files: which YAML is one", () => {
  it("recognises setting/featureClass/imageType documents and not our own settings", () => {
    expect(isPyradiomicsDocument({ setting: { binWidth: 25 } })).toBe(true);
    expect(isPyradiomicsDocument({ imageType: { Original: {} }, featureClass: { glcm: [] } })).toBe(true);
    expect(isPyradiomicsDocument({ resampling: { spacing: [2, 2, 2] } })).toBe(false);
    expect(isPyradiomicsDocument({ setting: {}, resampling: {} })).toBe(false);
    expect(isPyradiomicsDocument(null)).toBe(false);
  });
});

describe("PyRadiomics defaults (an empty setting:)", () => {
  const s = parse({});
  it("bin width 25, label 1, no shift, 3D, averaged directions, pad 5, minimumROIDimensions 2", () => {
    expect(s.options).toMatchObject({
      label: 1,
      voxelArrayShift: 0,
      binning: { kind: "width", binWidth: 25 },
      gldmA: 0,
      force2D: false,
      weightingNorm: null,
      minimumROIDimensions: 2,
      minimumROISize: null,
      padDistance: 5,
      resegmentShape: false,
      resampling: null,
    });
    expect(s.normalisation.name).toBe("none");
    expect(s.processing.resegmentation).toEqual({ range: null, outlierSigma: null });
    expect(s.processing.texture).toEqual({ distance: 1, ngldmCoarseness: 0 });
    expect(s.ibsi.aggregations).toEqual(["ITBB", "IAZD", "KOBO"]);
  });
  it("every class with every feature PyRadiomics enables by default (not the deprecated ones)", () => {
    expect(Object.keys(s.features)).toEqual([...PYRADIOMICS_CLASSES]);
    expect(s.features.shape).not.toContain("Compactness1");
    expect(s.features.firstorder).not.toContain("StandardDeviation");
    expect(s.features.glcm).toContain("MCC");
    // PyRadiomics' order: its get<Name>FeatureValue methods sorted, so MeanAbsoluteDeviation before Mean.
    const fo = s.features.firstorder!;
    expect(fo.indexOf("MeanAbsoluteDeviation")).toBeLessThan(fo.indexOf("Mean"));
  });
});

describe("each setting key maps onto our settings", () => {
  it("binWidth: PyRadiomics bins, and fixed bin size for IBSI conventions", () => {
    const s = parse({ binWidth: 10 });
    expect(s.options.binning).toEqual({ kind: "width", binWidth: 10 });
    expect(s.processing.discretisation).toEqual(["fbs10"]);
  });
  it("binCount wins over binWidth (fixed bin number)", () => {
    const s = parse({ binWidth: 10, binCount: 64 });
    expect(s.options.binning).toEqual({ kind: "count", binCount: 64 });
    expect(s.processing.discretisation).toEqual(["fbn64"]);
  });
  it("normalize, normalizeScale, removeOutliers: whole-image z-score with the sample SD, scaled and clipped", () => {
    const s = parse({ normalize: true, normalizeScale: 100, removeOutliers: 3 });
    expect(s.normalisation).toEqual({ name: "zscore-global", options: { sdMode: "sample", scaleFactor: 100, outlierSd: 3 } });
    expect(parse({ normalize: false, normalizeScale: 100 }).normalisation.name).toBe("none");
  });
  it("resampledPixelSpacing and interpolator (by name or SimpleITK's number); None switches resampling off", () => {
    expect(parse({ resampledPixelSpacing: [2, 2, 2] }).options.resampling).toEqual({ spacing: [2, 2, 2], interpolation: "spline" });
    expect(parse({ resampledPixelSpacing: [1, 1, 0], interpolator: "sitkLinear" }).options.resampling).toEqual({
      spacing: [1, 1, 0],
      interpolation: "linear",
    });
    expect(parse({ resampledPixelSpacing: [2, 2, 2], interpolator: 1 }).options.resampling?.interpolation).toBe("nearest");
    expect(parse({ resampledPixelSpacing: [2, 2, 2], interpolator: null }).options.resampling).toBeNull();
    expect(parse({ interpolator: "sitkBSpline" }).options.resampling).toBeNull();
  });
  it("padDistance, label, voxelArrayShift, gldm_a, minimumROIDimensions, minimumROISize", () => {
    const s = parse({ padDistance: 0, label: 3, voxelArrayShift: 1000, gldm_a: 2, minimumROIDimensions: 3, minimumROISize: 50 });
    expect(s.options).toMatchObject({ padDistance: 0, label: 3, voxelArrayShift: 1000, gldmA: 2, minimumROIDimensions: 3, minimumROISize: 50 });
    expect(s.processing.texture.ngldmCoarseness).toBe(2);
  });
  it("resegmentRange in absolute mode: [lower] or [lower, upper], sorted as PyRadiomics does", () => {
    expect(parse({ resegmentRange: [-100] }).processing.resegmentation.range).toEqual([-100, null]);
    expect(parse({ resegmentRange: [400, -100] }).processing.resegmentation.range).toEqual([-100, 400]);
    expect(parse({ resegmentRange: [-100, 400], resegmentMode: "absolute" }).processing.resegmentation.range).toEqual([-100, 400]);
  });
  it("resegmentMode sigma with [-k, k]: IBSI's outlier filtering at k SD", () => {
    const s = parse({ resegmentRange: [-3, 3], resegmentMode: "sigma" });
    expect(s.processing.resegmentation).toEqual({ range: null, outlierSigma: 3 });
  });
  it("resegmentShape", () => expect(parse({ resegmentShape: true }).options.resegmentShape).toBe(true));
  it("force2D (with force2Ddimension 0): per-slice matrices", () => {
    const s = parse({ force2D: true, force2Ddimension: 0 });
    expect(s.options.force2D).toBe(true);
    expect(s.ibsi.aggregations).toContain("8QNN");
    expect(s.ibsi.aggregations).not.toContain("KOBO");
  });
  it("distances [1] and weightingNorm null / no_weighting", () => {
    expect(parse({ distances: [1] }).processing.texture.distance).toBe(1);
    expect(parse({ weightingNorm: "no_weighting" }).options.weightingNorm).toBe("no_weighting");
    expect(parse({ weightingNorm: null }).options.weightingNorm).toBeNull();
  });
  it("preCrop, additionalInfo, enableCExtensions change nothing", () => {
    const plain = parse({ binWidth: 5 });
    const noisy = parse({ binWidth: 5, preCrop: true, additionalInfo: false, enableCExtensions: true });
    expect(noisy).toEqual(plain);
    expect([...NO_EFFECT_KEYS]).toEqual(["preCrop", "additionalInfo", "enableCExtensions"]);
  });
  it("honours every key the issue lists", () => {
    const issueKeys = [
      "binWidth", "binCount", "normalize", "normalizeScale", "removeOutliers", "resampledPixelSpacing", "interpolator", "padDistance",
      "label", "resegmentRange", "resegmentMode", "voxelArrayShift", "force2D", "force2Ddimension", "distances", "weightingNorm",
      "minimumROIDimensions", "minimumROISize", "gldm_a",
    ];
    for (const k of issueKeys) expect(HONOURED_KEYS as readonly string[]).toContain(k);
  });
});

describe("featureClass and imageType", () => {
  it("a class with null or [] enables its default features; a list selects those, in its order", () => {
    const s = parse({}, { featureClass: { glcm: null, firstorder: ["Mean", "Kurtosis"], shape: [] } });
    expect(Object.keys(s.features)).toEqual(["glcm", "firstorder", "shape"]);
    expect(s.features.glcm).toEqual(defaultFeatures("glcm"));
    expect(s.features.firstorder).toEqual(["Mean", "Kurtosis"]);
    expect(s.features.shape).toEqual(defaultFeatures("shape"));
  });
  it("a deprecated feature is computed when listed by name (as PyRadiomics does)", () => {
    expect(parse({}, { featureClass: { shape: ["Compactness2"] } }).features.shape).toEqual(["Compactness2"]);
  });
  it("families follow the selected features (histogram only for Entropy/Uniformity)", () => {
    expect(parse({}, { featureClass: { firstorder: ["Mean"] } }).ibsi.families).toEqual(["intensity_statistics"]);
    expect(new Set(parse({}, { featureClass: { firstorder: ["Entropy"], gldm: [] } }).ibsi.families)).toEqual(
      new Set(["intensity_histogram", "ngldm"]),
    );
  });
  it("imageType Original (with no settings of its own) is accepted", () => {
    expect(() => parse({}, { imageType: { Original: {} } })).not.toThrow();
    expect(() => parse({}, { imageType: { Original: null } })).not.toThrow();
  });
});

describe("what cannot be honoured is an input error naming the file and the key", () => {
  it("unknown and unsupported settings", () => {
    failsOn({ binwidth: 25 }, "binwidth");
    failsOn({ geometryTolerance: 1e-3 }, "geometryTolerance");
    failsOn({ correctMask: true }, "correctMask");
    failsOn({ label_channel: 1 }, "label_channel");
  });
  it("values out of range or of the wrong type", () => {
    failsOn({ binWidth: 0 }, "binWidth");
    failsOn({ binCount: 2.5 }, "binCount");
    failsOn({ normalize: "yes" }, "normalize");
    failsOn({ label: 0 }, "label");
    failsOn({ minimumROIDimensions: 4 }, "minimumROIDimensions");
    failsOn({ resampledPixelSpacing: [2, 2] }, "resampledPixelSpacing");
    failsOn({ resampledPixelSpacing: [2, -1, 2] }, "resampledPixelSpacing");
  });
  it("PyRadiomics options without an IBSI-compatible counterpart", () => {
    failsOn({ interpolator: "sitkLanczosWindowedSinc" }, "interpolator");
    failsOn({ distances: [1, 2] }, "distances");
    failsOn({ distances: [2] }, "distances");
    failsOn({ weightingNorm: "euclidean" }, "weightingNorm");
    failsOn({ force2D: true, force2Ddimension: 1 }, "force2Ddimension");
    failsOn({ resegmentRange: [0.5], resegmentMode: "relative" }, "resegmentMode");
    failsOn({ resegmentRange: [-2, 3], resegmentMode: "sigma" }, "resegmentRange");
    failsOn({ resegmentRange: [] }, "resegmentRange");
    failsOn({ symmetricalGLCM: false }, "symmetricalGLCM");
  });
  it("image types other than Original, settings per image type, voxel-based extraction, unknown classes and features", () => {
    expect(errorOf({ imageType: { Original: {}, LoG: { sigma: [1] } } }).message).toContain("imageType.LoG");
    expect(errorOf({ imageType: { Original: { binWidth: 10 } } }).message).toContain("imageType.Original");
    expect(errorOf({ voxelSetting: { kernelRadius: 2 } }).message).toContain("voxelSetting");
    expect(errorOf({ featureClass: { shape2D: [] } }).message).toContain("shape2D");
    expect(errorOf({ featureClass: { glcm: ["Dissimilarity"] } }).message).toContain("Dissimilarity");
    expect(errorOf({ featureClass: { texture: [] } }).message).toContain("featureClass.texture");
    expect(errorOf({ settings: {} }).message).toContain("settings");
  });
});
