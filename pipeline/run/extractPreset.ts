import { basename } from "node:path";
import { computeFeatures, FAMILY_ORDER } from "../../analysis/features/registry.js";
import type { FamilyName } from "../../analysis/features/types.js";
import { labelFeatures, type FeatureRow } from "../../analysis/impact/featureRow.js";
import { prepareRoi } from "../../analysis/processing/prepare.js";
import { featureSettings, type ProcessingSettings } from "../../analysis/processing/settings.js";
import { readMask, readVolume } from "../io/readVolume.js";

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
  const { roi } = prepareRoi(image, mask, settings);
  const fs = featureSettings(settings);
  if (opts.aggregations) fs.aggregations = (fs.aggregations ?? opts.aggregations).filter((a) => opts.aggregations!.includes(a));
  const values = computeFeatures(roi, fs, families ?? FAMILY_ORDER);
  const subject = opts.subject ?? basename(opts.image).replace(/\.(nii\.gz|nii|nrrd|nhdr)$/i, "");
  return labelFeatures(values, { subject, condition: "original", normalization: "none", config: opts.configName });
}
