import { z } from "./core/bundled/zod.js";
import { CONTINUOUS_FAMILIES, FAMILY_NAMES } from "./features/types.js";
import { NORMALISATION_NAMES } from "./normalisation/normalisations.js";
import { parseDiscretisationLabel } from "./processing/discretise.js";
import { GRID_ALIGNMENTS } from "./processing/gridAlignment.js";
import { IMAGE_EDGES } from "./processing/imageEdge.js";
import { ROBUST_ICC_LOWER } from "./impact/robustIcc.js";
import { parseDefaceFill } from "../masks/defaceFill.js";

/**
 * The one settings object of every command, validated once at the boundary and grouped by
 * processing stage as the IBSI manual and MIRP group them: input, defacing, normalisation,
 * processing (interpolation, re-segmentation, discretisation), features, output (and cohort, for
 * `compare`). Every command reads the groups it needs; a YAML settings file, a preset and the
 * command-line options all resolve to this shape, which is what every report records.
 *
 * Every key carries a description: the README's table of settings is generated from this file.
 */

const positive = z.number().positive();
const nonNegative = z.number().nonnegative();
const path = z.string().min(1);

/** A fill, checked by the one parser of fills (masks/defaceFill.ts). */
const fillText = z.string().superRefine((text, ctx) => {
  try {
    parseDefaceFill(text);
  } catch (err) {
    ctx.addIssue({ code: "custom", message: (err as Error).message });
  }
});

/** A discretisation label, checked by the one parser of labels (analysis/processing/discretise.ts). */
const discretisationLabel = z.string().superRefine((label, ctx) => {
  const problem = parseDiscretisationLabel(label).problem;
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const InputSettingsSchema = z
  .strictObject({
    image: path.optional().describe("the image: NIfTI (.nii, .nii.gz), NRRD (.nrrd, .nhdr) or a DICOM folder/file"),
    roi: path.optional().describe("the region of interest: a binary mask on the image grid, or a DICOM RTSTRUCT (with roiName)"),
    roiName: path.optional().describe("RTSTRUCT: the structure to rasterise"),
    roiLabel: z.number().int().optional().describe("a label map: the ROI is the voxels holding this value (default: every non-zero voxel; PyRadiomics label)"),
    series: path.optional().describe("DICOM: the SeriesInstanceUID to read when the folder holds several series"),
    subject: path.optional().describe("the subject column of every output (default: the image file name)"),
    modality: z.enum(["auto", "ct", "mr"]).default("auto").describe("auto: CT when the image reaches -500 or below"),
    brainMask: path.optional().describe("brain mask on the image grid (zscore-brain; automatic when absent)"),
    headMask: path.optional().describe("head (foreground) mask on the image grid (zscore-foreground, percentile; automatic when absent)"),
    manifest: path.optional().describe("compare/regress: the cohort CSV (subject,image,roi,... and one column per tool)"),
  })
  .describe("what is read");

export const DefacingSettingsSchema = z
  .strictObject({
    faceMask: path.optional().describe("a face mask on the image grid (binary, or probabilistic thresholded at 0.5): conditions defaced-<fill>"),
    defacer: z.enum(["shear"]).optional().describe("the built-in defacer: conditions shear-<fill>"),
    bufferMm: z.number().nonnegative().default(10).describe("shear defacer: distance of the cutting plane from the brain (mm)"),
    defaced: z
      .array(z.strictObject({ name: z.string().regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '.', '_' and '-' only"), path }))
      .default([])
      .describe("other tools' defaced images on the image grid: one condition each, named name"),
    fills: z
      .array(fillText)
      .min(1)
      .default(["min"])
      .describe("how removed voxels are filled: min (the image minimum: air on CT, background on MR), zero (0: water on CT), constant:VALUE, noise (the scan's own background), blur[:SIGMA_MM]"),
    seed: z.number().int().nonnegative().default(1).describe("seed of the noise fill"),
    allowRoiOverlap: z.boolean().default(false).describe("report, instead of refusing, a face mask that removes ROI voxels"),
  })
  .describe("how the face is removed: every source gives one condition per fill");

export const NormalisationSettingsSchema = z
  .strictObject({
    methods: z
      .array(z.enum(NORMALISATION_NAMES))
      .min(1)
      .optional()
      .describe(`the normalisations to compare, from ${NORMALISATION_NAMES.join(", ")} (default: run/compare every available one; features none)`),
    sd: z.enum(["population", "sample"]).default("population").describe("standard deviation of the z-scores (sample: SimpleITK, PyRadiomics)"),
    scaleFactor: positive.default(1).describe("z-scores are multiplied by this (PyRadiomics normalizeScale)"),
    outlierSd: positive.optional().describe("clip z-scores beyond ± this many σ (PyRadiomics removeOutliers)"),
  })
  .describe("whole-image intensity normalisations, each named by the region its statistics come from");

export const ResamplingSchema = z
  .strictObject({
    spacing: z
      .tuple([nonNegative, nonNegative, nonNegative])
      .nullable()
      .default(null)
      .refine((s) => s === null || s.some((v) => v > 0), "at least one axis needs a spacing above 0")
      .describe("new voxel size [x, y, z] (mm; 0 keeps that axis's spacing); null: no resampling"),
    inPlane: z.boolean().default(false).describe("interpolate within slices only; the slice spacing stays (IBSI configurations A, B)"),
    interpolation: z.enum(["nearest", "linear", "spline"]).default("linear").describe("image interpolation: nearest, (tri)linear, cubic B-spline"),
    roundIntensities: z.boolean().default(false).describe("round interpolated intensities to integers, in image units (CT HU)"),
    maskInterpolation: z.enum(["nearest", "linear"]).default("linear").describe("ROI mask interpolation"),
    maskThreshold: z.number().gt(0).lte(1).default(0.5).describe("an interpolated mask value ≥ this is in the ROI (partial-volume threshold)"),
    gridAlignment: z.enum(GRID_ALIGNMENTS).default("centre").describe("where the new grid sits: centre (IBSI) or corner (SimpleITK, PyRadiomics)"),
    castToInputType: z.boolean().default(false).describe("store interpolated intensities in the image's voxel type, truncating integers (SimpleITK, PyRadiomics)"),
    imageEdge: z.enum(IMAGE_EDGES).default("nearest").describe("beyond the image: the nearest edge voxel (IBSI), or simpleitk (mirrored B-spline, 0 outside)"),
  })
  .describe("IBSI interpolation to a new voxel size, on the ROI's box only");

export const ResegmentationSchema = z
  .strictObject({
    range: z
      .tuple([z.number().nullable(), z.number().nullable()])
      .nullable()
      .default(null)
      .refine((r) => r === null || r[0] === null || r[1] === null || r[0] <= r[1], "the lower bound exceeds the upper bound")
      .describe("keep ROI voxels in [lower, upper] (units of the normalised intensities; null: open end)"),
    outlierSigma: positive.nullable().default(null).describe("keep ROI voxels within mean ± k·σ of the ROI (IBSI: k = 3); null: off"),
    normalisations: z
      .array(z.enum(NORMALISATION_NAMES))
      .min(1)
      .optional()
      .describe("re-segment only under these normalisations (default: all; a range in σ means nothing on raw intensities)"),
  })
  .describe("IBSI re-segmentation of the intensity mask (the morphological mask is kept)");

/** One entry of the discretisation list: a label, or a label restricted to some normalisations. */
export const DiscretisationEntrySchema = z.union([
  discretisationLabel,
  z.strictObject({
    label: discretisationLabel,
    normalisations: z.array(z.enum(NORMALISATION_NAMES)).min(1).describe("only under these normalisations"),
  }),
]);

export const TextureSchema = z
  .strictObject({
    distance: z.number().int().positive().default(1).describe("GLCM, NGTDM and NGLDM neighbourhood distance (Chebyshev, voxels)"),
    ngldmCoarseness: z.number().int().nonnegative().default(0).describe("NGLDM coarseness parameter a"),
  })
  .describe("texture matrix parameters");

export const ProcessingSettingsSchema = z
  .strictObject({
    resampling: ResamplingSchema.prefault({}),
    resegmentation: ResegmentationSchema.prefault({}),
    discretisation: z
      .array(DiscretisationEntrySchema)
      .default(["fbn32", { label: "fbs0.1", normalisations: NORMALISATION_NAMES.filter((n) => n !== "none") }])
      .describe(
        "grey levels of the histogram, IVH and texture families, one `config` each: fbnN (N fixed bins), fbsW (fixed bin width W, " +
          "in the units of the normalised intensities), nodisc (the intensities are the grey levels); or {label, normalisations} to " +
          "use one only under some normalisations (the default fbs0.1, in σ, is not applied to raw intensities)",
      ),
    ivh: z
      .string()
      .default("texture")
      .superRefine((label, ctx) => {
        const problem = label === "texture" ? undefined : parseDiscretisationLabel(label).problem;
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .describe("intensity-volume histogram discretisation: texture (follow each discretisation), nodisc, fbnN or fbsW"),
    texture: TextureSchema.prefault({}),
  })
  .describe("the IBSI processing chain after normalisation: interpolation, re-segmentation, discretisation");

export const FeatureSelectionSchema = z
  .strictObject({
    families: z.array(z.enum(FAMILY_NAMES)).min(1).default([...FAMILY_NAMES]).describe(`feature families, from ${FAMILY_NAMES.join(", ")}`),
    aggregations: z
      .array(z.string().regex(/^[A-Z0-9]{4}$/, "an IBSI aggregation code such as IAZD"))
      .min(1)
      .default(["IAZD", "KOBO"])
      .describe("texture aggregations (IBSI codes): 2D and 2.5D BTW3 SUJT JJUI ZW7Z 8QNN 62GR; 3D ITBB (averaged), IAZD (merged), KOBO (one matrix)"),
    conventions: z
      .enum(["ibsi", "pyradiomics"])
      .default("ibsi")
      .describe("ibsi: IBSI's definitions and names; pyradiomics (features, with a PyRadiomics parameter file): PyRadiomics' conventions and column names"),
  })
  .describe("which features are computed");

export const OutputSettingsSchema = z
  .strictObject({
    dir: path.optional().describe("output folder (run, compare, deface) or file (features)"),
    force: z.boolean().default(false).describe("write into a non-empty folder that holds other files (nothing is removed)"),
    renders: z.boolean().default(true).describe("skin renders before and after every condition (PNG, in the report)"),
  })
  .describe("where results go");

export const CohortSettingsSchema = z
  .strictObject({
    robustIccLower: z.number().gt(-1).lt(1).default(ROBUST_ICC_LOWER).describe("a feature is robust when the lower 95 % bound of its ICC exceeds this"),
  })
  .describe("compare: cohort statistics");

export const PyradiomicsParametersSchema = z
  .record(z.string(), z.unknown())
  .describe("the PyRadiomics parameter file the settings were read from (setting, featureClass, imageType), as given");

export const SettingsSchema = z.strictObject({
  input: InputSettingsSchema.prefault({}),
  defacing: DefacingSettingsSchema.prefault({}),
  normalisation: NormalisationSettingsSchema.prefault({}),
  processing: ProcessingSettingsSchema.prefault({}),
  features: FeatureSelectionSchema.prefault({}),
  output: OutputSettingsSchema.prefault({}),
  cohort: CohortSettingsSchema.prefault({}),
  pyradiomics: PyradiomicsParametersSchema.optional(),
}).superRefine((settings, ctx) => {
  // An empty discretisation list would leave every grey-level family out without a word.
  const needing = settings.features.families.filter((f) => !CONTINUOUS_FAMILIES.includes(f));
  if (settings.processing.discretisation.length === 0 && needing.length > 0) {
    ctx.addIssue({
      code: "custom",
      path: ["processing", "discretisation"],
      message:
        `is empty, but features.families asks for ${needing.join(", ")}, computed on discretised grey levels: give at least one ` +
        `(fbnN, fbsW or nodisc), or list only ${CONTINUOUS_FAMILIES.join(", ")} in features.families`,
    });
  }
});

export type Settings = z.output<typeof SettingsSchema>;
export type SettingsInput = z.input<typeof SettingsSchema>;
export type ProcessingSettings = Settings["processing"];
export type FeatureSelection = Settings["features"];
export type DiscretisationEntry = z.output<typeof DiscretisationEntrySchema>;
export type SettingsGroup = keyof Settings;
export const SETTINGS_GROUPS = Object.keys(SettingsSchema.shape) as SettingsGroup[];
