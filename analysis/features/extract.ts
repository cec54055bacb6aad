import type { Mask } from "../core/volume.js";
import { prepareRoi, withLevels, type ImageGrid, type PrepareOptions, type PreparedResult } from "../processing/prepare.js";
import type { Discretisation } from "../processing/discretise.js";
import { discretisationsFor, parseLabel } from "../processing/processingPlan.js";
import type { FeatureSelection, ProcessingSettings } from "../settings.js";
import { computeFeatures } from "./registry.js";
import { CONTINUOUS_FAMILIES, type FeatureSettings, type FeatureValue } from "./types.js";

/** The `config` label of the families that need no discretisation. */
export const CONTINUOUS_CONFIG = "nodisc";

/** The feature values of one prepared ROI under one configuration (`config` column). */
export interface ConfigValues {
  config: string;
  values: FeatureValue[];
}

/**
 * Every requested feature of a prepared ROI: the families that need no discretisation once
 * (config `nodisc`), then the grey-level families and the intensity-volume histogram once per
 * discretisation (config = its label).
 */
export function roiFeatures(prepared: Pick<PreparedResult, "roi" | "discretised">, features: FeatureSelection, processing: ProcessingSettings): ConfigValues[] {
  const base: FeatureSettings = {
    aggregations: features.aggregations,
    distance: processing.texture.distance,
    ngldmCoarseness: processing.texture.ngldmCoarseness,
  };
  const continuous = features.families.filter((f) => CONTINUOUS_FAMILIES.includes(f));
  const perDiscretisation = features.families.filter((f) => !CONTINUOUS_FAMILIES.includes(f));
  const out: ConfigValues[] = [];
  if (continuous.length) out.push({ config: CONTINUOUS_CONFIG, values: computeFeatures(prepared.roi, base, continuous) });
  if (!perDiscretisation.length) return out;
  for (const d of prepared.discretised) {
    const settings = { ...base, ivh: ivhDiscretisation(processing.ivh, d.discretisation) };
    out.push({ config: d.label, values: computeFeatures(withLevels(prepared.roi, d), settings, perDiscretisation) });
  }
  return out;
}

/** The intensity-volume histogram's discretisation: its own setting, or that of the texture ("texture"). */
export function ivhDiscretisation(ivh: string, texture: Discretisation): Discretisation {
  if (ivh !== "texture") return parseLabel(ivh);
  // the IVH's fbs bins start at the same lower bound as the texture's (re-segmentation range, else ROI minimum)
  return texture;
}

/**
 * The features of an image's ROI as it is (no defacing, no normalisation): the road and every
 * configuration in one call, for the IBSI checks and the digital phantom.
 */
export function extractUnnormalised(
  image: ImageGrid,
  mask: Mask,
  settings: { features: FeatureSelection; processing: ProcessingSettings },
  options: Pick<PrepareOptions, "fullImageDiagnostics"> = {},
): { prepared: PreparedResult; configs: ConfigValues[] } {
  const discretisations = discretisationsFor(settings.processing.discretisation, "none");
  const prepared = prepareRoi(image, mask, settings.processing, { ...options, discretisations });
  return { prepared, configs: roiFeatures(prepared, settings.features, settings.processing) };
}
