import { z } from "zod";
import { usageError } from "../core/errors.js";
import { FAMILY_NAMES, type FamilyName, type FeatureSettings } from "../features/types.js";
import { GRID_ALIGNMENTS } from "./gridAlignment.js";
import { IMAGE_EDGES } from "./imageEdge.js";

/**
 * Processing and feature settings, validated once at the boundary and grouped by stage as in the
 * IBSI manual and MIRP: resampling, re-segmentation, discretisation (texture and intensity
 * histogram), intensity-volume-histogram discretisation, texture, and which families to compute.
 */

const positive = z.number().positive();

export const InterpolationSchema = z.enum(["nearest", "linear", "spline"]);

export const ResamplingSchema = z.object({
  /** new voxel size (mm) [x, y, z]; null = no resampling. With inPlane, z is ignored. */
  spacing: z.tuple([positive, positive, positive]).nullable().default(null),
  /** 2D interpolation: within slices only, the slice spacing stays (configs A, B). */
  inPlane: z.boolean().default(false),
  /** image interpolation: nearest, linear (bilinear in-plane / trilinear 3D), cubic B-spline. */
  interpolation: InterpolationSchema.default("linear"),
  /** round interpolated intensities to the nearest integer (68QD; CT HU are integers). */
  roundIntensities: z.boolean().default(false),
  /** ROI mask interpolation (E8H9); IBSI recommends nearest or linear. */
  maskInterpolation: z.enum(["nearest", "linear"]).default("linear"),
  /** partial-volume threshold δ: an interpolated mask value >= δ is in the ROI. */
  maskThreshold: z.number().gt(0).lte(1).default(0.5),
  /** where the new grid sits: "centre" (IBSI) or "corner" (PyRadiomics/SimpleITK); see gridAlignment.ts. */
  gridAlignment: z.enum(GRID_ALIGNMENTS).default("centre"),
  /** store interpolated intensities in the image's voxel type (integer types truncate), as SimpleITK does for PyRadiomics. */
  castToInputType: z.boolean().default(false),
  /** what interpolation sees beyond the image: "nearest" edge voxel (IBSI) or "simpleitk"; see imageEdge.ts. */
  imageEdge: z.enum(IMAGE_EDGES).default("nearest"),
});

export const ResegmentationSchema = z.object({
  /** range re-segmentation [lower, upper] in image units, inclusive; null for an open end. */
  range: z
    .tuple([z.number().nullable(), z.number().nullable()])
    .nullable()
    .default(null)
    .refine((r) => r === null || r[0] === null || r[1] === null || r[0] <= r[1], "range lower bound exceeds upper bound"),
  /** outlier filtering: keep mean ± k·sd of the ROI (IBSI: k = 3); null = off. */
  outlierSigma: positive.nullable().default(null),
});

export const DiscretisationSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({ kind: z.literal("fbn"), nBins: z.number().int().positive() }),
  z.object({ kind: z.literal("fbs"), binWidth: positive, lower: z.number().optional() }),
]);

export const IvhDiscretisationSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({ kind: z.literal("fbn"), nBins: z.number().int().positive() }),
  z.object({ kind: z.literal("fbs"), binWidth: positive, lower: z.number().optional() }),
]);

export const TextureSchema = z.object({
  /** "2D": per-slice matrices (2D and 2.5D aggregations); "3D": volumetric; "all": both. */
  dimension: z.enum(["2D", "3D", "all"]).default("3D"),
  /** GLCM, NGTDM and NGLDM neighbourhood distance (Chebyshev, voxels). */
  distance: z.number().int().positive().default(1),
  /** NGLDM coarseness parameter a. */
  ngldmCoarseness: z.number().int().nonnegative().default(0),
});

export { FAMILY_NAMES };

export const ProcessingSettingsSchema = z.object({
  resampling: ResamplingSchema.prefault({}),
  resegmentation: ResegmentationSchema.prefault({}),
  /** texture and intensity-histogram discretisation (default: 32 fixed bins, as IBSI configs B, D, E). */
  discretisation: DiscretisationSchema.prefault({ kind: "fbn", nBins: 32 }),
  /** intensity-volume-histogram discretisation (separate from the texture one). */
  ivh: IvhDiscretisationSchema.prefault({ kind: "none" }),
  texture: TextureSchema.prefault({}),
  /** families to compute; all implemented ones when absent. */
  families: z.array(z.enum(FAMILY_NAMES)).optional(),
});

export type ProcessingSettings = z.output<typeof ProcessingSettingsSchema>;
export type ProcessingSettingsInput = z.input<typeof ProcessingSettingsSchema>;

/** Validates settings (e.g. from YAML/JSON); a usage error lists every problem with its path. */
export function parseProcessingSettings(input: unknown): ProcessingSettings {
  const result = ProcessingSettingsSchema.safeParse(input ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "(settings)"}: ${i.message}`).join("; ");
    throw usageError(`invalid processing settings: ${problems}`);
  }
  return result.data;
}

/** IBSI texture aggregation codes for each texture dimension. */
export const AGGREGATIONS_2D = ["BTW3", "SUJT", "JJUI", "ZW7Z", "8QNN", "62GR"] as const;
export const AGGREGATIONS_3D = ["ITBB", "IAZD", "KOBO"] as const;

/** The feature-family options implied by the processing settings. */
export function featureSettings(settings: ProcessingSettings): FeatureSettings {
  const dim = settings.texture.dimension;
  return {
    aggregations: dim === "2D" ? AGGREGATIONS_2D : dim === "3D" ? AGGREGATIONS_3D : [...AGGREGATIONS_2D, ...AGGREGATIONS_3D],
    distance: settings.texture.distance,
    ngldmCoarseness: settings.texture.ngldmCoarseness,
    ivh: settings.ivh,
  };
}
