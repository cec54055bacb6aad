import { z } from "zod";
import { usageError } from "../analysis/core/errors.js";
import { configFromName, DEFAULT_AGGREGATIONS, DEFAULT_CONFIG_NAMES, type FeatureConfig } from "../analysis/features/configs.js";
import { NORMALISATION_NAMES } from "../analysis/normalisation/normalisations.js";

/**
 * The settings of a `run`, validated once at the boundary and recorded in report.json.
 * Grouped by stage, as in the IBSI manual and MIRP.
 */
export const RunSettingsSchema = z.object({
  input: z.object({
    image: z.string().min(1),
    roi: z.string().min(1),
    faceMask: z.string().min(1),
    /** brain mask for zscore-brain; optional. */
    brainMask: z.string().min(1).optional(),
    /** head (foreground) mask for zscore-foreground and percentile; optional. */
    headMask: z.string().min(1).optional(),
    subject: z.string().min(1),
    /** DICOM: SeriesInstanceUID to read when the image folder holds several series. */
    series: z.string().min(1).optional(),
    /** DICOM RTSTRUCT given as the ROI: the structure to rasterise. */
    roiName: z.string().min(1).optional(),
    modality: z.enum(["auto", "ct", "mr"]).default("auto"),
  }),
  defacing: z.object({
    fills: z.array(z.string()).min(1).default(["zero"]),
    allowRoiOverlap: z.boolean().default(false),
  }),
  normalisation: z.object({
    /** the normalisations to compare; absent: every one whose region is available. */
    methods: z.array(z.enum(NORMALISATION_NAMES)).min(1).optional(),
    sd: z.enum(["population", "sample"]).default("population"),
    scaleFactor: z.number().positive().default(1),
    /** PyRadiomics removeOutliers: clip z-scores beyond ± this many σ. */
    outlierSd: z.number().positive().optional(),
  }),
  features: z.object({
    configs: z.array(z.string()).min(1).default(DEFAULT_CONFIG_NAMES),
    aggregations: z.array(z.string().regex(/^[A-Z0-9]{4}$/)).min(1).default(DEFAULT_AGGREGATIONS),
  }),
  output: z.object({
    dir: z.string().min(1),
  }),
});

export type RunSettings = z.infer<typeof RunSettingsSchema>;

/** Validates raw settings, turning zod's issues into one readable usage error. */
export function parseRunSettings(raw: unknown): RunSettings {
  const parsed = RunSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw usageError(`invalid settings: ${issues}`);
  }
  return parsed.data;
}

export function featureConfigs(settings: Pick<RunSettings, "features">): FeatureConfig[] {
  return settings.features.configs.map((name) => {
    const config = configFromName(name, settings.features.aggregations);
    if (!config) throw usageError(`unknown feature configuration "${name}": use nodisc, fbnN (e.g. fbn32) or fbsW (e.g. fbs0.1)`);
    return config;
  });
}
