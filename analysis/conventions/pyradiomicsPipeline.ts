import type { Mask, Volume } from "../core/volume.js";
import { volumeMoments } from "../normalisation/moments.js";
import { applyMap, zscoreFromMoments } from "../normalisation/zscore.js";
import { roiBoundingBox } from "../processing/crop.js";
import { prepareRoi, type PreparedResult } from "../processing/prepare.js";
import type { ProcessingSettings } from "../settings.js";
import { pyradiomicsDiagnostics, type PyradiomicsDiagnostics } from "./pyradiomicsDiagnostics.js";
import { pyradiomicsInterpolatedDiagnostics, type PyradiomicsInterpolatedDiagnostics } from "./pyradiomicsInterpolatedDiagnostics.js";
import { pyradiomicsFeatures } from "./pyradiomicsFeatures.js";
import { checkPyradiomicsRoi, pyradiomicsProcessing } from "./pyradiomicsProcessing.js";
import type { PyradiomicsSettings } from "./pyradiomicsSettings.js";
import type { PyradiomicsValue } from "./pyradiomicsValues.js";

/**
 * PyRadiomics' processing of an image and the binary mask of its label, in PyRadiomics' order
 * (featureextractor.execute): normalise the whole image → resample on PyRadiomics' grid → check
 * the ROI → re-segment and check again. Cropping to the ROI's box happens inside prepareRoi (before
 * any interpolation), which changes no value. `maskName` names the mask in errors.
 */
export interface PyradiomicsPrepared {
  /** the prepared ROI (IBSI discretisation) and processing diagnostics. */
  prepared: PreparedResult;
  /** the settings prepareRoi ran with (resampling resolved for this image and ROI). */
  processing: ProcessingSettings;
  /** PyRadiomics' diagnostics_* values of the input image and ROI, and after resampling (null without). */
  diagnostics: { original: PyradiomicsDiagnostics; interpolated: PyradiomicsInterpolatedDiagnostics | null };
}

export function preparePyradiomics(image: Volume, mask: Mask, settings: PyradiomicsSettings, maskName: string): PyradiomicsPrepared {
  const original = pyradiomicsDiagnostics(image, mask);
  const normalised = settings.normalisation.name === "zscore-global" ? normaliseWholeImage(image, settings) : image;
  const roiBox = roiBoundingBox(mask, image, maskName);
  const processing = pyradiomicsProcessing(settings, image, roiBox);
  const prepared = prepareRoi(normalised, mask, processing, { roiName: maskName });
  const { roi } = prepared;
  const { options } = settings;
  const resampled = processing.resampling.spacing !== null;
  checkPyradiomicsRoi(roi.morphMask, roi.dims, options, resampled ? "after resampling" : "in the label map", maskName);
  const resegmented = processing.resegmentation.range !== null || processing.resegmentation.outlierSigma !== null;
  if (resegmented) checkPyradiomicsRoi(roi.intensityMask, roi.dims, options, "after re-segmentation", maskName);
  const interpolated = pyradiomicsInterpolatedDiagnostics(normalised, processing, roiBox, prepared, options.padDistance);
  return { prepared, processing, diagnostics: { original, interpolated } };
}

/** PyRadiomics' feature values (names and conventions) of an image and label mask. */
export function runPyradiomics(
  image: Volume,
  mask: Mask,
  settings: PyradiomicsSettings,
  maskName: string,
): PyradiomicsPrepared & { values: PyradiomicsValue[] } {
  const p = preparePyradiomics(image, mask, settings, maskName);
  return { ...p, values: pyradiomicsFeatures(p.prepared.roi, settings.features, settings.options) };
}

/**
 * PyRadiomics' `normalize` (SimpleITK's Normalize over every voxel, sample SD), then
 * `removeOutliers` clipping at ± that many SD and `normalizeScale`, into a float64 image.
 */
export function normaliseWholeImage(image: Volume, settings: PyradiomicsSettings): Volume {
  const map = zscoreFromMoments(volumeMoments(image.data), settings.normalisation.options, "whole image");
  const data = new Float64Array(image.data.length);
  for (let i = 0; i < data.length; i++) data[i] = applyMap(map, image.data[i]);
  return { ...image, data };
}
