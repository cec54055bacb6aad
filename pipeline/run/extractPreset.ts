import { basename } from "node:path";
import { DefaceImpactError } from "../../analysis/core/errors.js";
import { computeFeatures, FAMILY_ORDER } from "../../analysis/features/registry.js";
import type { FamilyName } from "../../analysis/features/types.js";
import { labelFeatures, type FeatureRow } from "../../analysis/impact/featureRow.js";
import { prepareRoi } from "../../analysis/processing/prepare.js";
import { featureSettings, type ProcessingSettings } from "../../analysis/processing/settings.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { maxMemory } from "../io/memoryLimit.js";

export interface ProcessedExtractOptions {
  image: string;
  mask: string;
  /** validated IBSI processing settings (a preset's or a settings file's). */
  settings: ProcessingSettings;
  /** the `config` column, e.g. ibsi-C or the settings file's name. */
  configName: string;
  subject?: string;
  families?: FamilyName[];
  /** texture aggregation codes to keep (a subset of what the settings' texture dimension gives). */
  aggregations?: string[];
  /** DICOM: SeriesInstanceUID when the image folder holds several series. */
  series?: string;
  /** RTSTRUCT given as the mask: the structure to rasterise. */
  roiName?: string;
  /** the settings file the settings came from: named in errors its values cause (e.g. too many grey levels). */
  settingsFile?: string;
}

/**
 * `deface-impact features --preset ibsi-C` (or `--settings file.yaml`): one image and mask through
 * the IBSI processing chain (resampling, re-segmentation, discretisation on the ROI box), then
 * every requested family.
 */
export function extractProcessed(opts: ProcessedExtractOptions): FeatureRow[] {
  const settings = { ...opts.settings };
  const families = opts.families ?? settings.families;
  if (families) settings.families = families;
  const image = readVolume(opts.image, { series: opts.series });
  const mask = readMask(opts.mask, image, { roiName: opts.roiName });
  const values = blameSettingsFile(opts.settingsFile, () => {
    // the resampled ROI box holds the intensities, the mask and their interpolated copies as float64
    const { roi } = prepareRoi(image, mask, settings, { maxResampledVoxels: Math.floor(maxMemory() / 48) });
    const fs = featureSettings(settings);
    if (opts.aggregations) fs.aggregations = (fs.aggregations ?? opts.aggregations).filter((a) => opts.aggregations!.includes(a));
    return computeFeatures(roi, fs, families ?? FAMILY_ORDER);
  });
  const subject = opts.subject ?? basename(opts.image).replace(/\.(nii\.gz|nii|nrrd|nhdr)$/i, "");
  return labelFeatures(values, { subject, condition: "original", normalization: "none", config: opts.configName });
}

/** A usage error the settings cause (it names no file) is reported as a fault of the settings file, when there is one. */
function blameSettingsFile<T>(file: string | undefined, work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (file && err instanceof DefaceImpactError && err.kind === "usage" && err.path === undefined) throw new DefaceImpactError("usage", err.message, file, { cause: err });
    throw err;
  }
}
