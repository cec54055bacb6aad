import { basename } from "node:path";
import { preparePyradiomics, runPyradiomics, type PyradiomicsPrepared } from "../../analysis/conventions/pyradiomicsPipeline.js";
import type { PyradiomicsSettings } from "../../analysis/conventions/pyradiomicsSettings.js";
import type { PyradiomicsValue } from "../../analysis/conventions/pyradiomicsValues.js";
import type { Mask, Volume } from "../../analysis/core/volume.js";
import { computeFeatures, FAMILY_ORDER } from "../../analysis/features/registry.js";
import type { FamilyName } from "../../analysis/features/types.js";
import { labelFeatures, type FeatureRow } from "../../analysis/impact/featureRow.js";
import { featureSettings } from "../../analysis/processing/settings.js";
import { readMask, readVolume } from "../io/readVolume.js";

/**
 * `features --settings params.yaml` with a PyRadiomics parameter file: the image and the label
 * map's `label` through PyRadiomics' whole pipeline (normalise the whole image → crop to the ROI's
 * box → resample on PyRadiomics' grid → re-segment → discretise → features), either with
 * PyRadiomics' names and conventions or with IBSI's.
 */
export interface PyradiomicsFileOptions {
  image: string;
  /** a label map (the ROI is the voxels holding settings.options.label), or an RTSTRUCT with roiName. */
  mask: string;
  settings: PyradiomicsSettings;
  /** DICOM: SeriesInstanceUID when the image folder holds several series. */
  series?: string;
  /** RTSTRUCT given as the mask: the structure to rasterise (the label is then not used). */
  roiName?: string;
}

function readInputs(opts: PyradiomicsFileOptions): { image: Volume; mask: Mask } {
  const image = readVolume(opts.image, { series: opts.series });
  const mask = readMask(opts.mask, image, opts.roiName !== undefined ? { roiName: opts.roiName } : { label: opts.settings.options.label });
  return { image, mask };
}

/** PyRadiomics' column names and values (original_<class>_<Feature>), with the IBSI code each equals. */
export function extractPyradiomics(opts: PyradiomicsFileOptions): PyradiomicsPrepared & { values: PyradiomicsValue[] } {
  const { image, mask } = readInputs(opts);
  return runPyradiomics(image, mask, opts.settings, opts.mask);
}

/**
 * IBSI names and values under the parameter file's processing: every IBSI feature of the families
 * the file's feature classes need (or `families`), with IBSI's discretisation (fixed bin size from
 * the ROI minimum or the re-segmentation range) and aggregations.
 */
export function extractPyradiomicsIbsi(
  opts: PyradiomicsFileOptions & { configName: string; subject?: string; families?: FamilyName[]; aggregations?: string[] },
): FeatureRow[] {
  const { image, mask } = readInputs(opts);
  const settings = opts.families ? { ...opts.settings, processing: { ...opts.settings.processing, families: opts.families } } : opts.settings;
  const { prepared, processing } = preparePyradiomics(image, mask, settings, opts.mask);
  const fs = featureSettings(processing);
  if (opts.aggregations) fs.aggregations = (fs.aggregations ?? opts.aggregations).filter((a) => opts.aggregations!.includes(a));
  const families = opts.families ?? processing.families ?? FAMILY_ORDER;
  const values = computeFeatures(prepared.roi, fs, families);
  const subject = opts.subject ?? basename(opts.image).replace(/\.(nii\.gz|nii|nrrd|nhdr)$/i, "");
  return labelFeatures(values, { subject, condition: "original", normalization: opts.settings.normalisation.name, config: opts.configName });
}
