import { runPyradiomics, type PyradiomicsPrepared } from "../../analysis/conventions/pyradiomicsPipeline.js";
import { settingsFromPyradiomics, type PyradiomicsSettings } from "../../analysis/conventions/pyradiomicsSettings.js";
import type { PyradiomicsValue } from "../../analysis/conventions/pyradiomicsValues.js";
import { usageError } from "../../analysis/core/errors.js";
import type { Settings } from "../../analysis/settings.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { requireSettings } from "../settings/requirements.js";

/**
 * `features --settings params.yaml --conventions pyradiomics`: the image and the label map's `label`
 * through PyRadiomics' whole pipeline (normalise the whole image → crop to the ROI's box → resample
 * on PyRadiomics' grid → re-segment → discretise at multiples of the bin width → features), with
 * PyRadiomics' names and conventions. (With IBSI's conventions the parameter file is ordinary
 * settings and `features` walks the common road.)
 */
export function extractPyradiomics(settings: Settings, settingsFile: string | undefined): PyradiomicsPrepared & { values: PyradiomicsValue[]; parameters: PyradiomicsSettings } {
  requireSettings(settings, "features", ["input.image", "input.roi"]);
  if (!settings.pyradiomics) {
    throw usageError("--conventions pyradiomics needs a PyRadiomics parameter file as --settings (keys setting, featureClass, imageType)");
  }
  const parameters = settingsFromPyradiomics(settings.pyradiomics, settingsFile ?? "the PyRadiomics parameters");
  const { input } = settings;
  const image = readVolume(input.image!, { series: input.series });
  const mask = readMask(input.roi!, image, input.roiName !== undefined ? { roiName: input.roiName } : { label: input.roiLabel ?? parameters.options.label });
  return { ...runPyradiomics(image, mask, parameters, input.roi!), parameters };
}
