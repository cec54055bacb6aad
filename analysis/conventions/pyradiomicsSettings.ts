import { inputError } from "../core/errors.js";
import { parseProcessingSettings, type ProcessingSettings } from "../processing/settings.js";
import { PYRADIOMICS_CLASSES, PYRADIOMICS_FEATURES, familiesFor, type PyradiomicsClass } from "./pyradiomicsRegistry.js";

/**
 * A parsed PyRadiomics parameter file (`setting`, `featureClass`, `imageType`) mapped onto our
 * settings: the IBSI processing settings, the whole-image normalisation, the feature selection and
 * the PyRadiomics-only options. Pure (no file I/O): the caller reads the YAML and passes the file name
 * so every error can name it. A key that cannot be honoured is an input error, never ignored.
 */

export interface PyradiomicsNormalisation {
  /** z-score over the whole image (PyRadiomics `normalize`), sample SD (N − 1) as SimpleITK. */
  enabled: boolean;
  /** `normalizeScale`: the z-scores are multiplied by this. */
  scale: number;
  /** `removeOutliers`: values beyond ± n SD are clipped before scaling; null = off. */
  removeOutliers: number | null;
}

export interface PyradiomicsOptions {
  label: number;
  voxelArrayShift: number;
  gldmA: number;
  /** fixed bin width with edges at multiples of the width, or a fixed bin count. */
  binning: { kind: "width"; binWidth: number } | { kind: "count"; binCount: number };
  minimumROIDimensions: number;
  minimumROISize: number | null;
  /** GLCM/GLRLM aggregation: null = average over directions; "no_weighting" = merged matrix. */
  weightingNorm: null | "no_weighting";
  padDistance: number;
}

export interface PyradiomicsSettings {
  processing: ProcessingSettings;
  normalisation: PyradiomicsNormalisation;
  /** per enabled class, the feature names to compute (every feature of the class when the list was empty). */
  features: Partial<Record<PyradiomicsClass, string[]>>;
  options: PyradiomicsOptions;
}

/** A YAML document is a PyRadiomics parameter file when its top-level keys are among these (and one is present). */
export const PYRADIOMICS_TOP_KEYS = ["setting", "featureClass", "imageType", "voxelSetting"] as const;

export function isPyradiomicsDocument(doc: unknown): boolean {
  if (!isRecord(doc)) return false;
  const keys = Object.keys(doc);
  return keys.length > 0 && keys.some((k) => k === "setting" || k === "featureClass" || k === "imageType") &&
    keys.every((k) => (PYRADIOMICS_TOP_KEYS as readonly string[]).includes(k));
}

const INTERPOLATORS: Record<string, "nearest" | "linear" | "spline"> = {
  sitkNearestNeighbor: "nearest",
  sitkLinear: "linear",
  sitkBSpline: "spline",
};

/** Keys PyRadiomics accepts that change no value here (performance or extra diagnostics only). */
const NO_EFFECT_KEYS = new Set(["preCrop", "additionalInfo", "enableCExtensions"]);

export function settingsFromPyradiomics(doc: unknown, fileName: string): PyradiomicsSettings {
  const fail = (key: string, message: string): never => {
    throw inputError(`PyRadiomics parameter "${key}": ${message}`, fileName);
  };
  if (!isRecord(doc)) fail("(document)", "expected a mapping with setting, featureClass and imageType");
  const d = doc as Record<string, unknown>;
  for (const k of Object.keys(d)) {
    if (k === "voxelSetting") fail(k, "voxel-based (feature map) extraction is not supported");
    if (!(PYRADIOMICS_TOP_KEYS as readonly string[]).includes(k)) fail(k, "unknown top-level key (expected setting, featureClass, imageType)");
  }
  imageTypes(d.imageType, fail);
  const s = d.setting ?? {};
  if (!isRecord(s)) fail("setting", "expected a mapping");
  const setting = s as Record<string, unknown>;

  const num = (key: string, check: (v: number) => boolean = () => true, what = "a number"): number | undefined => {
    const v = setting[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "number" || !Number.isFinite(v) || !check(v)) fail(key, `expected ${what}, got ${JSON.stringify(v)}`);
    return v as number;
  };
  const bool = (key: string): boolean | undefined => {
    const v = setting[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "boolean") fail(key, `expected true or false, got ${JSON.stringify(v)}`);
    return v as boolean;
  };
  const numList = (key: string): number[] | undefined => {
    const v = setting[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== "number" || !Number.isFinite(x))) fail(key, `expected a list of numbers, got ${JSON.stringify(v)}`);
    return v as number[];
  };

  const known = new Set([
    "binWidth", "binCount", "normalize", "normalizeScale", "removeOutliers", "resampledPixelSpacing", "interpolator",
    "padDistance", "label", "resegmentRange", "resegmentMode", "voxelArrayShift", "force2D", "force2Ddimension",
    "distances", "weightingNorm", "minimumROIDimensions", "minimumROISize", "gldm_a", ...NO_EFFECT_KEYS,
  ]);
  for (const k of Object.keys(setting)) if (!known.has(k)) fail(k, "unknown or unsupported setting");

  // Discretisation: binCount wins over binWidth, as in PyRadiomics.
  const binWidth = num("binWidth", (v) => v > 0, "a positive number") ?? 25;
  const binCount = num("binCount", (v) => Number.isInteger(v) && v > 0, "a positive integer");
  const binning: PyradiomicsOptions["binning"] = binCount !== undefined ? { kind: "count", binCount } : { kind: "width", binWidth };

  // Resampling: PyRadiomics resamples the mask with nearest neighbour.
  const spacing = numList("resampledPixelSpacing");
  const interp = setting.interpolator;
  if (interp !== undefined && interp !== null && (typeof interp !== "string" || !(interp in INTERPOLATORS))) {
    fail("interpolator", `${JSON.stringify(interp)} is not supported (use ${Object.keys(INTERPOLATORS).join(", ")})`);
  }
  let resampling: Record<string, unknown> = {};
  if (spacing) {
    if (spacing.length !== 3) fail("resampledPixelSpacing", "expected 3 values [x, y, z]");
    if (spacing.some((v) => v < 0)) fail("resampledPixelSpacing", "spacing must not be negative");
    const inPlane = spacing[2] === 0 && spacing[0] > 0 && spacing[1] > 0;
    if (spacing.some((v, a) => v === 0 && !(inPlane && a === 2))) fail("resampledPixelSpacing", "0 (keep the original spacing) is supported only for z");
    resampling = {
      spacing: inPlane ? [spacing[0], spacing[1], spacing[0]] : spacing,
      inPlane,
      interpolation: INTERPOLATORS[(interp as string | null) ?? "sitkBSpline"],
      maskInterpolation: "nearest",
    };
  }

  // Re-segmentation: absolute range, or mean ± k·SD (sigma mode, symmetric only).
  const range = numList("resegmentRange");
  const mode = setting.resegmentMode ?? "absolute";
  if (typeof mode !== "string" || !["absolute", "relative", "sigma"].includes(mode)) fail("resegmentMode", `expected absolute, relative or sigma, got ${JSON.stringify(mode)}`);
  let resegmentation: Record<string, unknown> = {};
  if (range && range.length > 0) {
    if (range.length > 2) fail("resegmentRange", "expected [lower] or [lower, upper]");
    if (mode === "absolute") resegmentation = { range: [range[0], range[1] ?? null] };
    else if (mode === "sigma") {
      if (range.length !== 2 || range[0] !== -range[1] || range[1] <= 0) fail("resegmentRange", "sigma mode is supported only as a symmetric range [-k, k]");
      resegmentation = { outlierSigma: range[1] };
    } else fail("resegmentMode", "relative (fraction of the ROI maximum) is not supported");
  }

  const force2D = bool("force2D") ?? false;
  const force2Ddimension = num("force2Ddimension", (v) => [0, 1, 2].includes(v), "0, 1 or 2") ?? 0;
  if (force2D && force2Ddimension !== 0) fail("force2Ddimension", "only 0 (axial slices) is supported");
  const distances = numList("distances") ?? [1];
  if (distances.length !== 1 || !Number.isInteger(distances[0]) || distances[0] < 1) fail("distances", "exactly one positive integer distance is supported");
  const gldmA = num("gldm_a", (v) => Number.isInteger(v) && v >= 0, "a non-negative integer") ?? 0;
  const wn = setting.weightingNorm ?? null;
  if (wn !== null && wn !== "no_weighting") fail("weightingNorm", `${JSON.stringify(wn)} is not supported (distance-weighted merging); use null or no_weighting`);

  let processing: ProcessingSettings;
  const features = featureSelection(d.featureClass, fail);
  try {
    processing = parseProcessingSettings({
      resampling,
      resegmentation,
      discretisation: binning.kind === "count" ? { kind: "fbn", nBins: binning.binCount } : { kind: "fbs", binWidth },
      texture: { dimension: force2D ? "2D" : "3D", distance: distances[0], ngldmCoarseness: gldmA },
      families: familiesFor(Object.keys(features) as PyradiomicsClass[]),
    });
  } catch (err) {
    throw inputError(`PyRadiomics settings: ${(err as Error).message}`, fileName, err);
  }

  const removeOutliers = num("removeOutliers", (v) => v > 0, "a positive number") ?? null;
  return {
    processing,
    normalisation: {
      enabled: bool("normalize") ?? false,
      scale: num("normalizeScale", (v) => v > 0, "a positive number") ?? 1,
      removeOutliers,
    },
    features,
    options: {
      label: num("label", (v) => Number.isInteger(v), "an integer label value") ?? 1,
      voxelArrayShift: num("voxelArrayShift") ?? 0,
      gldmA,
      binning,
      minimumROIDimensions: num("minimumROIDimensions", (v) => [1, 2, 3].includes(v), "1, 2 or 3") ?? 2,
      minimumROISize: num("minimumROISize", (v) => Number.isInteger(v) && v > 0, "a positive integer") ?? null,
      weightingNorm: wn as null | "no_weighting",
      padDistance: num("padDistance", (v) => Number.isInteger(v) && v >= 0, "a non-negative integer") ?? 5,
    },
  };
}

/** imageType: only Original (with no options) is honoured; filters are not implemented. */
function imageTypes(v: unknown, fail: (key: string, message: string) => never): void {
  if (v === undefined || v === null) return;
  if (!isRecord(v)) fail("imageType", "expected a mapping such as { Original: {} }");
  for (const [k, opts] of Object.entries(v as Record<string, unknown>)) {
    if (k !== "Original") fail(`imageType.${k}`, "only the Original image type is supported (no filtered images)");
    if (opts !== null && !(isRecord(opts) && Object.keys(opts).length === 0)) fail("imageType.Original", "custom settings per image type are not supported");
  }
}

/** featureClass: class → null/[] (all features) or a list of PyRadiomics feature names. */
function featureSelection(v: unknown, fail: (key: string, message: string) => never): Partial<Record<PyradiomicsClass, string[]>> {
  const all = (c: PyradiomicsClass) => PYRADIOMICS_FEATURES.filter((d) => d.pyClass === c).map((d) => d.name);
  if (v === undefined || v === null) return Object.fromEntries(PYRADIOMICS_CLASSES.map((c) => [c, all(c)]));
  if (!isRecord(v)) fail("featureClass", "expected a mapping of feature classes");
  const out: Partial<Record<PyradiomicsClass, string[]>> = {};
  for (const [cls, list] of Object.entries(v as Record<string, unknown>)) {
    if (!(PYRADIOMICS_CLASSES as readonly string[]).includes(cls)) fail(`featureClass.${cls}`, `unsupported feature class (supported: ${PYRADIOMICS_CLASSES.join(", ")})`);
    const c = cls as PyradiomicsClass;
    if (list === null || (Array.isArray(list) && list.length === 0)) {
      out[c] = all(c);
      continue;
    }
    if (!Array.isArray(list) || list.some((n) => typeof n !== "string")) fail(`featureClass.${cls}`, "expected a list of feature names");
    for (const n of list as string[]) if (!all(c).includes(n)) fail(`featureClass.${cls}`, `unknown feature "${n}"`);
    out[c] = list as string[];
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
