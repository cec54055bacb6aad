import { inputError } from "../core/errors.js";
import type { NormalisationName } from "../normalisation/normalisations.js";
import type { ZScoreOptions } from "../normalisation/zscore.js";
import type { Interpolation } from "../processing/resample.js";
import { AGGREGATIONS_2D, AGGREGATIONS_3D } from "../ibsi/presets.js";
import type { FamilyName } from "../features/types.js";
import { SettingsSchema, type ProcessingSettings, type SettingsInput } from "../settings.js";
import type { PyradiomicsBinning } from "./pyradiomicsBinning.js";
import { defaultFeatures, familiesFor, PYRADIOMICS_CLASSES, PYRADIOMICS_FEATURES, type PyradiomicsClass } from "./pyradiomicsRegistry.js";

/**
 * A PyRadiomics parameter file (`setting`, `featureClass`, `imageType`) mapped onto our settings:
 * the processing settings (our prepareRoi road), the whole-image normalisation, the feature
 * selection and the PyRadiomics-only options the conventions engine needs. Pure (no file I/O): the
 * caller reads the YAML and passes the file name so every error names it. A key that cannot be
 * honoured is an input error, never ignored. Defaults are PyRadiomics' own.
 */

export interface PyradiomicsOptions {
  /** the label value selected from the label map. */
  label: number;
  /** c in Energy = Σ (x + c)², TotalEnergy and RootMeanSquared. */
  voxelArrayShift: number;
  binning: PyradiomicsBinning;
  /** GLDM coarseness α: a neighbour is dependent when its grey level differs by at most α. */
  gldmA: number;
  /** texture matrices per slice (axial), merged over slices. */
  force2D: boolean;
  /** GLCM/GLRLM: null = features averaged over directions; "no_weighting" = one matrix summed over directions. */
  weightingNorm: null | "no_weighting";
  /** the ROI must extend over more than one voxel along at least this many axes. */
  minimumROIDimensions: number;
  /** the ROI must hold more than this many voxels; null = no check. */
  minimumROISize: number | null;
  /** voxels kept around the ROI when resampling (PyRadiomics' crop; it changes no feature value). */
  padDistance: number;
  /** shape features on the re-segmented mask instead of the original one. */
  resegmentShape: boolean;
  /**
   * resampling as requested (null: none): target spacing (mm), 0 = keep that axis's spacing. The
   * grid is resolved per image and ROI (pyradiomicsProcessing.ts), as PyRadiomics does.
   */
  resampling: { spacing: [number, number, number]; interpolation: Interpolation } | null;
}

export interface PyradiomicsNormalisation {
  /** "zscore-global" when `normalize` is on: the whole image, sample SD (SimpleITK's Normalize). */
  name: Extract<NormalisationName, "none" | "zscore-global">;
  options: ZScoreOptions;
}

export interface PyradiomicsSettings {
  /** processing settings for prepareRoi; resampling is filled in per image by pyradiomicsProcessing. */
  processing: ProcessingSettings;
  /** the IBSI families and aggregations the enabled feature classes need (--conventions ibsi). */
  ibsi: { families: FamilyName[]; aggregations: string[] };
  normalisation: PyradiomicsNormalisation;
  /** per enabled class, the PyRadiomics feature names to compute. */
  features: Partial<Record<PyradiomicsClass, string[]>>;
  options: PyradiomicsOptions;
}

/** Top-level keys of a PyRadiomics parameter file. */
export const PYRADIOMICS_TOP_KEYS = ["setting", "featureClass", "imageType", "voxelSetting"] as const;

/** True when a parsed YAML document looks like a PyRadiomics parameter file (and not our own settings). */
export function isPyradiomicsDocument(doc: unknown): boolean {
  if (!isRecord(doc)) return false;
  const keys = Object.keys(doc);
  return (
    keys.some((k) => k === "setting" || k === "featureClass" || k === "imageType") &&
    keys.every((k) => (PYRADIOMICS_TOP_KEYS as readonly string[]).includes(k))
  );
}

/** SimpleITK interpolators we implement, by name and by their enum value (PyRadiomics accepts both). */
const INTERPOLATORS: Record<string, Interpolation> = { sitkNearestNeighbor: "nearest", sitkLinear: "linear", sitkBSpline: "spline" };
const INTERPOLATOR_CODES: Record<number, Interpolation> = { 1: "nearest", 2: "linear", 3: "spline" };

/** Keys that change no value here: performance switches and extra diagnostics. */
export const NO_EFFECT_KEYS = ["preCrop", "additionalInfo", "enableCExtensions"] as const;

/** Settings of filtered image types only: without those image types they change nothing. */
const FILTER_KEYS = [
  "sigma", "start_level", "level", "wavelet", "gradientUseSpacing", "lbp2DRadius", "lbp2DSamples", "lbp2DMethod",
  "lbp3DLevels", "lbp3DIcosphereRadius", "lbp3DIcosphereSubdivision",
];

/** Every `setting:` key this mapping honours (the issue's list plus resegmentShape and symmetricalGLCM: true). */
export const HONOURED_KEYS = [
  "binWidth", "binCount", "normalize", "normalizeScale", "removeOutliers", "resampledPixelSpacing", "interpolator",
  "padDistance", "label", "resegmentRange", "resegmentMode", "resegmentShape", "voxelArrayShift", "force2D",
  "force2Ddimension", "distances", "weightingNorm", "minimumROIDimensions", "minimumROISize", "gldm_a", "symmetricalGLCM",
] as const;

/** PyRadiomics keys we know but cannot honour, with the reason. */
const UNSUPPORTED_KEYS: Record<string, string> = {
  geometryTolerance: "image and mask must share a grid here (deface-impact checks it with its own tolerance)",
  correctMask: "image and mask must share a grid here; resample the mask onto the image first",
  label_channel: "vector (multi-channel) segmentations are not supported; give a label map",
};

type Fail = (key: string, message: string) => never;

export function settingsFromPyradiomics(doc: unknown, fileName: string): PyradiomicsSettings {
  const fail: Fail = (key, message) => {
    throw inputError(`PyRadiomics parameter "${key}": ${message}`, fileName);
  };
  if (!isRecord(doc)) fail("(document)", "expected a mapping with setting, featureClass and imageType");
  const d = doc as Record<string, unknown>;
  for (const k of Object.keys(d)) {
    if (k === "voxelSetting") fail(k, "voxel-based extraction (feature maps) is not supported");
    if (!(PYRADIOMICS_TOP_KEYS as readonly string[]).includes(k)) fail(k, "unknown top-level key (expected setting, featureClass, imageType)");
  }
  checkImageTypes(d.imageType, fail);
  const s = d.setting ?? {};
  if (!isRecord(s)) fail("setting", "expected a mapping");
  const setting = s as Record<string, unknown>;
  for (const k of Object.keys(setting)) {
    if (k in UNSUPPORTED_KEYS) fail(k, UNSUPPORTED_KEYS[k]);
    const known = (HONOURED_KEYS as readonly string[]).includes(k) || (NO_EFFECT_KEYS as readonly string[]).includes(k) || FILTER_KEYS.includes(k);
    if (!known) fail(k, "unknown setting");
  }
  const read = settingReader(setting, fail);

  // Discretisation: PyRadiomics uses binCount when it is given, else binWidth (default 25).
  const binWidth = read.num("binWidth", (v) => v > 0, "a positive number") ?? 25;
  const binCount = read.num("binCount", (v) => Number.isInteger(v) && v > 0, "a positive integer");
  const binning: PyradiomicsBinning = binCount !== undefined ? { kind: "count", binCount } : { kind: "width", binWidth };

  const force2D = read.bool("force2D") ?? false;
  const force2Ddimension = read.num("force2Ddimension", (v) => v === 0 || v === 1 || v === 2, "0, 1 or 2") ?? 0;
  if (force2D && force2Ddimension !== 0) fail("force2Ddimension", "only 0 (slices along the image's third axis, usually axial) is supported");
  const distances = read.numList("distances") ?? [1];
  if (distances.length !== 1 || distances[0] !== 1) {
    fail("distances", "only [1] is supported: PyRadiomics' distance d takes every offset of Chebyshev norm exactly d, IBSI's scales 13 directions by d; they agree only for d = 1");
  }
  const gldmA = read.num("gldm_a", (v) => Number.isInteger(v) && v >= 0, "a non-negative integer") ?? 0;
  const weightingNorm = setting.weightingNorm ?? null;
  if (weightingNorm !== null && weightingNorm !== "no_weighting") {
    fail("weightingNorm", `${JSON.stringify(weightingNorm)} is not supported (distance-weighted merging has no IBSI counterpart); use null (average over directions) or no_weighting (one merged matrix)`);
  }
  if (read.bool("symmetricalGLCM") === false) fail("symmetricalGLCM", "only the symmetric GLCM (IBSI's) is supported");

  const resampling = readResampling(setting, read, fail);
  const resegmentation = readResegmentation(setting, read, fail);
  const features = featureSelection(d.featureClass, fail);

  const parsed = SettingsSchema.safeParse({
    processing: {
      resegmentation,
      // With --conventions ibsi: IBSI's bins (from the ROI minimum or the range's lower bound).
      // With --conventions pyradiomics the engine re-bins at multiples of the width (pyradiomicsBinning.ts).
      discretisation: [binning.kind === "count" ? `fbn${binning.binCount}` : `fbs${binWidth}`],
      texture: { distance: 1, ngldmCoarseness: gldmA },
    },
  });
  if (!parsed.success) throw inputError(`PyRadiomics settings: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, fileName);
  const processing = parsed.data.processing;

  const normalize = read.bool("normalize") ?? false;
  const scaleFactor = read.num("normalizeScale", (v) => v > 0, "a positive number") ?? 1;
  const removeOutliers = read.num("removeOutliers", (v) => v > 0, "a positive number");
  return {
    processing,
    ibsi: { families: familiesFor(features), aggregations: force2D ? AGGREGATIONS_2D : AGGREGATIONS_3D },
    normalisation: {
      name: normalize ? "zscore-global" : "none",
      options: { sdMode: "sample", scaleFactor, ...(removeOutliers !== undefined ? { outlierSd: removeOutliers } : {}) },
    },
    features,
    options: {
      label: read.num("label", (v) => Number.isInteger(v) && v > 0, "a positive integer label value") ?? 1,
      voxelArrayShift: read.num("voxelArrayShift", Number.isInteger, "an integer") ?? 0,
      binning,
      gldmA,
      force2D,
      weightingNorm: weightingNorm as null | "no_weighting",
      minimumROIDimensions: read.num("minimumROIDimensions", (v) => v === 1 || v === 2 || v === 3, "1, 2 or 3") ?? 2,
      minimumROISize: read.num("minimumROISize", (v) => Number.isInteger(v) && v > 0, "a positive integer") ?? null,
      padDistance: read.num("padDistance", (v) => Number.isInteger(v) && v >= 0, "a non-negative integer") ?? 5,
      resegmentShape: read.bool("resegmentShape") ?? false,
      resampling,
    },
  };
}

/** Typed access to `setting:` values; null means "PyRadiomics' default", as a Python None. */
function settingReader(setting: Record<string, unknown>, fail: Fail) {
  const present = (key: string) => setting[key] !== undefined && setting[key] !== null;
  return {
    num(key: string, check: (v: number) => boolean = () => true, what = "a number"): number | undefined {
      if (!present(key)) return undefined;
      const v = setting[key];
      if (typeof v !== "number" || !Number.isFinite(v) || !check(v)) fail(key, `expected ${what}, got ${JSON.stringify(v)}`);
      return v as number;
    },
    bool(key: string): boolean | undefined {
      if (!present(key)) return undefined;
      const v = setting[key];
      if (typeof v !== "boolean") fail(key, `expected true or false, got ${JSON.stringify(v)}`);
      return v as boolean;
    },
    numList(key: string): number[] | undefined {
      if (!present(key)) return undefined;
      const v = setting[key];
      if (!Array.isArray(v) || v.some((x) => typeof x !== "number" || !Number.isFinite(x))) fail(key, `expected a list of numbers, got ${JSON.stringify(v)}`);
      return v as number[];
    },
  };
}
type SettingReader = ReturnType<typeof settingReader>;

/** Resampling happens only when both interpolator and resampledPixelSpacing are set (PyRadiomics' loadImage). */
function readResampling(setting: Record<string, unknown>, read: SettingReader, fail: Fail): PyradiomicsOptions["resampling"] {
  const spacing = read.numList("resampledPixelSpacing");
  const interp = setting.interpolator === undefined ? "sitkBSpline" : setting.interpolator;
  const interpolation =
    typeof interp === "string" ? INTERPOLATORS[interp] : typeof interp === "number" ? INTERPOLATOR_CODES[interp] : undefined;
  if (interp !== null && !interpolation) {
    fail("interpolator", `${JSON.stringify(interp)} is not supported (use sitkNearestNeighbor, sitkLinear or sitkBSpline)`);
  }
  if (!spacing || !interpolation) return null;
  if (spacing.length !== 3) fail("resampledPixelSpacing", "expected 3 values [x, y, z] (mm)");
  if (spacing.some((v) => v < 0)) fail("resampledPixelSpacing", "a spacing must not be negative (0 keeps that axis's spacing)");
  return { spacing: spacing as [number, number, number], interpolation };
}

/** resegmentRange [lower] or [lower, upper] in image units, or mean + k·SD bounds in sigma mode. */
function readResegmentation(setting: Record<string, unknown>, read: SettingReader, fail: Fail): Record<string, unknown> {
  const range = read.numList("resegmentRange");
  const mode = setting.resegmentMode ?? "absolute";
  if (typeof mode !== "string" || !["absolute", "relative", "sigma"].includes(mode)) {
    fail("resegmentMode", `expected absolute, relative or sigma, got ${JSON.stringify(mode)}`);
  }
  if (!range) return {};
  if (range.length === 0 || range.length > 2) fail("resegmentRange", "expected [lower] or [lower, upper]");
  const sorted = [...range].sort((a, b) => a - b); // PyRadiomics sorts the thresholds
  if (mode === "absolute") return { range: [sorted[0], sorted[1] ?? null] };
  if (mode === "relative") fail("resegmentMode", "relative (thresholds as fractions of the ROI maximum) is not supported");
  if (sorted.length !== 2 || sorted[0] !== -sorted[1] || sorted[1] <= 0) {
    fail("resegmentRange", "sigma mode is supported as a symmetric range [-k, k] only (IBSI's outlier filtering)");
  }
  return { outlierSigma: sorted[1] };
}

/** imageType: only Original, without custom settings, is honoured (filtered images are not implemented). */
function checkImageTypes(v: unknown, fail: Fail): void {
  if (v === undefined) return;
  if (!isRecord(v)) fail("imageType", "expected a mapping such as { Original: {} }");
  for (const [k, opts] of Object.entries(v as Record<string, unknown>)) {
    if (k !== "Original") fail(`imageType.${k}`, "only the Original image type is supported (no filtered images)");
    if (opts !== null && !(isRecord(opts) && Object.keys(opts).length === 0)) fail("imageType.Original", "settings per image type are not supported; put them under setting:");
  }
}

/**
 * featureClass: class → null or [] (every feature that is not deprecated, as PyRadiomics enables
 * them) or a list of feature names. Absent: every class except shape2D.
 */
function featureSelection(v: unknown, fail: Fail): Partial<Record<PyradiomicsClass, string[]>> {
  if (v === undefined) return Object.fromEntries(PYRADIOMICS_CLASSES.map((c) => [c, defaultFeatures(c)]));
  if (!isRecord(v) || Object.keys(v).length === 0) fail("featureClass", "expected a mapping of feature classes, e.g. { glcm: [], firstorder: [Mean] }");
  const out: Partial<Record<PyradiomicsClass, string[]>> = {};
  for (const [cls, list] of Object.entries(v as Record<string, unknown>)) {
    if (cls === "shape2D") fail("featureClass.shape2D", "2D shape features are not supported (use shape)");
    if (!(PYRADIOMICS_CLASSES as readonly string[]).includes(cls)) fail(`featureClass.${cls}`, `unknown feature class (supported: ${PYRADIOMICS_CLASSES.join(", ")})`);
    const c = cls as PyradiomicsClass;
    if (list === null || (Array.isArray(list) && list.length === 0)) {
      out[c] = defaultFeatures(c);
      continue;
    }
    if (!Array.isArray(list) || list.some((n) => typeof n !== "string")) fail(`featureClass.${cls}`, "expected a list of feature names");
    const names = PYRADIOMICS_FEATURES.filter((f) => f.pyClass === c).map((f) => f.name);
    for (const n of list as string[]) {
      if (!names.includes(n)) fail(`featureClass.${cls}`, `unknown or removed feature "${n}" (known: ${names.join(", ")})`);
    }
    out[c] = [...new Set(list as string[])];
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A parameter file as our settings (what `--settings params.yaml` gives every command under IBSI's
 * conventions): PyRadiomics' normalisation, its resampling on SimpleITK's grid, re-segmentation,
 * bins, texture parameters, families and label; the file itself is kept (for --conventions
 * pyradiomics and the record). A zero spacing keeps that axis; PyRadiomics' per-ROI exceptions (an
 * axis one voxel thick is not resampled) apply with --conventions pyradiomics only.
 */
export function settingsInputFromPyradiomics(doc: Record<string, unknown>, settings: PyradiomicsSettings): SettingsInput {
  const rs = settings.options.resampling;
  const p = settings.processing;
  return {
    input: { roiLabel: settings.options.label },
    normalisation: {
      methods: [settings.normalisation.name],
      sd: settings.normalisation.options.sdMode,
      scaleFactor: settings.normalisation.options.scaleFactor,
      ...(settings.normalisation.options.outlierSd !== undefined ? { outlierSd: settings.normalisation.options.outlierSd } : {}),
    },
    processing: {
      ...(rs
        ? {
            resampling: {
              spacing: rs.spacing,
              interpolation: rs.interpolation,
              maskInterpolation: "nearest",
              gridAlignment: "corner",
              castToInputType: true,
              imageEdge: "simpleitk",
            },
          }
        : {}),
      resegmentation: p.resegmentation,
      discretisation: p.discretisation,
      texture: p.texture,
    },
    features: settings.ibsi,
    pyradiomics: doc,
  };
}
