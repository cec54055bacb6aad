import { basename } from "node:path";
import { z } from "zod";
import { DefaceImpactError, usageError } from "../analysis/core/errors.js";
import { configFromName, DEFAULT_AGGREGATIONS, DEFAULT_CONFIG_NAMES, type FeatureConfig } from "../analysis/features/configs.js";
import { NORMALISATION_NAMES } from "../analysis/normalisation/normalisations.js";
import { assertGreyLevels } from "../analysis/processing/discretise.js";
import { parseDefaceFill } from "../masks/defaceFill.js";

/**
 * The settings of a `run`, validated once at the boundary and recorded in report.json.
 * Grouped by stage, as in the IBSI manual and MIRP.
 */
export const RunSettingsSchema = z.object({
  input: z.object({
    image: z.string().min(1),
    roi: z.string().min(1),
    /** a face mask file (applied with each fill). */
    faceMask: z.string().min(1).optional(),
    /** brain mask for zscore-brain; optional. */
    brainMask: z.string().min(1).optional(),
    /** head (foreground) mask for zscore-foreground and percentile; optional. */
    headMask: z.string().min(1).optional(),
    /** subject identifier in the outputs; default: the image file name. */
    subject: z.string().min(1).optional(),
    /** DICOM: SeriesInstanceUID to read when the image folder holds several series. */
    series: z.string().min(1).optional(),
    /** DICOM RTSTRUCT given as the ROI: the structure to rasterise. */
    roiName: z.string().min(1).optional(),
    modality: z.enum(["auto", "ct", "mr"]).default("auto"),
  }),
  defacing: z.object({
    /** the built-in defacer, applied with each fill. */
    defacer: z.enum(["shear"]).optional(),
    /** shear plane distance from the brain's hull, mm. */
    bufferMm: z.number().nonnegative().default(10),
    /** other tools' defaced images: NAME=FILE. */
    defaced: z.array(z.object({ name: z.string().regex(/^[A-Za-z0-9_.-]+$/), path: z.string().min(1) })).default([]),
    fills: z.array(z.string()).min(1).default(["zero"]),
    /** seed of the noise fill. */
    seed: z.number().int().nonnegative().default(1),
    allowRoiOverlap: z.boolean().default(false),
    /** skin renders before/after for every condition (PNG, in the report). */
    renders: z.boolean().default(true),
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
    /** write into a non-empty folder that holds no earlier `run` output (nothing in it is removed). */
    force: z.boolean().default(false),
    /** the settings file the run was given, if any (an input: never overwritten). */
    settingsFile: z.string().optional(),
  }),
});

export type RunSettings = z.infer<typeof RunSettingsSchema>;

/** At least one face-mask source; condition names must be unique. */
function checkSources(s: RunSettings): void {
  if (!s.input.faceMask && !s.defacing.defacer && s.defacing.defaced.length === 0) {
    throw usageError("nothing to compare: give --face-mask FILE, --defacer shear and/or --defaced NAME=FILE");
  }
  const names = s.defacing.defaced.map((d) => d.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i || n === "original");
  if (dup) throw usageError(`--defaced name "${dup}" is used twice or reserved: give each tool its own name`);
}

/** The subject name a file implies: its name without folder and image extension. */
export const subjectFromPath = (p: string): string => basename(p.replace(/[/\\]+$/, "")).replace(/\.(nii\.gz|nii|nrrd|nhdr|dcm)$/i, "");

/** Validates raw settings, turning zod's issues into one readable usage error. */
export function parseRunSettings(raw: unknown): RunSettings {
  // errors are named after the settings file when there is one (the values came from it or from the command line)
  const file = (raw as { output?: { settingsFile?: unknown } } | undefined)?.output?.settingsFile;
  const named = typeof file === "string" ? file : undefined;
  const parsed = RunSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `${i.path.join(".")}: ${/received undefined/.test(i.message) ? "missing (a command-line option or the settings file must give it)" : i.message}`)
      .join("; ");
    throw new DefaceImpactError("usage", `invalid settings: ${issues}`, named);
  }
  try {
    checkSources(parsed.data);
    featureConfigs(parsed.data); // unknown configuration names fail here, before any work
    parsed.data.defacing.fills.forEach((f) => parseDefaceFill(f)); // and unknown fills
  } catch (err) {
    if (named && err instanceof DefaceImpactError && err.path === undefined) throw new DefaceImpactError(err.kind, err.message, named, { cause: err });
    throw err;
  }
  parsed.data.input.subject ??= subjectFromPath(parsed.data.input.image);
  return parsed.data;
}

export function featureConfigs(settings: Pick<RunSettings, "features">): FeatureConfig[] {
  return settings.features.configs.map((name) => {
    const config = configFromName(name, settings.features.aggregations);
    if (!config) throw usageError(`unknown feature configuration "${name}": use nodisc, fbnN (e.g. fbn32) or fbsW (e.g. fbs0.1)`);
    if (config.discretisation.kind === "fbn") assertGreyLevels(config.discretisation.nBins, `feature configuration "${name}"`);
    return config;
  });
}
