import { basename } from "node:path";
import { computeFeatures, FAMILY_ORDER } from "../../analysis/features/registry.js";
import type { FamilyName } from "../../analysis/features/types.js";
import { presetSettings } from "../../analysis/ibsi/presets.js";
import { labelFeatures, type FeatureRow } from "../../analysis/impact/featureRow.js";
import { prepareRoi } from "../../analysis/processing/prepare.js";
import { featureSettings } from "../../analysis/processing/settings.js";
import { readMask, readVolume } from "../io/readVolume.js";

export interface PresetExtractOptions {
  image: string;
  mask: string;
  /** an IBSI preset name, e.g. ibsi-C. */
  preset: string;
  subject?: string;
  families?: FamilyName[];
}

/**
 * `deface-impact features --preset ibsi-C`: one image and mask through the IBSI processing chain of
 * a preset (resampling, re-segmentation, discretisation on the ROI box), then every family.
 */
export function extractWithPreset(opts: PresetExtractOptions): FeatureRow[] {
  const settings = presetSettings(opts.preset);
  if (opts.families) settings.families = opts.families;
  const image = readVolume(opts.image);
  const mask = readMask(opts.mask, image);
  const { roi } = prepareRoi(image, mask, settings);
  const values = computeFeatures(roi, featureSettings(settings), opts.families ?? FAMILY_ORDER);
  const subject = opts.subject ?? basename(opts.image).replace(/\.(nii\.gz|nii|nrrd|nhdr)$/i, "");
  return labelFeatures(values, { subject, condition: "original", normalization: "none", config: opts.preset });
}
