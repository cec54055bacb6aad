import type { Mask } from "../core/volume.js";
import { prepareRoi, withLevels, type ImageGrid, type PrepareOptions, type PreparedResult } from "../processing/prepare.js";
import type { Discretisation } from "../processing/discretise.js";
import { discretisationsFor, parseLabel } from "../processing/processingPlan.js";
import type { FeatureSelection, ProcessingSettings } from "../settings.js";
import { computeFeatures } from "./registry.js";
import { CONTINUOUS_FAMILIES, FAMILY_NAMES, GREY_LEVEL_FAMILIES, type FeatureSettings, type FeatureValue, type PreparedRoi } from "./types.js";

/** The `config` label of the families that need no discretisation. */
export const CONTINUOUS_CONFIG = "nodisc";

/** The feature values of one prepared ROI under one configuration (`config` column). */
export interface ConfigValues {
  config: string;
  values: FeatureValue[];
}

/** A condition already computed on the same grid: its prepared ROI and values, to reuse what provably equals them. */
export interface ReferenceFeatures {
  prepared: Pick<PreparedResult, "roi" | "discretised">;
  configs: ConfigValues[];
}

/**
 * Every requested feature of a prepared ROI: the families that need no discretisation once
 * (config `nodisc`), then the grey-level families and the intensity-volume histogram once per
 * discretisation (config = its label).
 *
 * With a `reference` (the original condition under the same normalisation), values are reused
 * only where equality is verified, never assumed: every family when the prepared intensities and
 * masks are identical (e.g. zscore-unmasked, whose map defacing cannot move); the grey-level
 * families of a discretisation whose grey levels and masks are identical (a fixed bin number
 * under an affine map, checked voxel by voxel). The values are the same numbers as a recount.
 */
export function roiFeatures(
  prepared: Pick<PreparedResult, "roi" | "discretised">,
  features: FeatureSelection,
  processing: ProcessingSettings,
  reference?: ReferenceFeatures,
): ConfigValues[] {
  if (reference && sameRoi(prepared.roi, reference.prepared.roi) && sameArray(prepared.roi.intensity, reference.prepared.roi.intensity)) {
    return reference.configs;
  }
  const base: FeatureSettings = {
    aggregations: features.aggregations,
    distance: processing.texture.distance,
    ngldmCoarseness: processing.texture.ngldmCoarseness,
  };
  // in IBSI order, as computeFeatures writes rows, whatever order the settings list them in
  const wanted = FAMILY_NAMES.filter((f) => features.families.includes(f));
  const continuous = wanted.filter((f) => CONTINUOUS_FAMILIES.includes(f));
  const perDiscretisation = wanted.filter((f) => !CONTINUOUS_FAMILIES.includes(f));
  const out: ConfigValues[] = [];
  if (continuous.length) out.push({ config: CONTINUOUS_CONFIG, values: computeFeatures(prepared.roi, base, continuous) });
  if (!perDiscretisation.length) return out;
  prepared.discretised.forEach((d, i) => {
    const settings = { ...base, ivh: ivhDiscretisation(processing.ivh, d.discretisation) };
    const roi = withLevels(prepared.roi, d);
    const ref = reference?.prepared.discretised[i];
    const reusable = ref && ref.label === d.label && sameRoi(prepared.roi, reference!.prepared.roi) && ref.nLevels === d.nLevels && sameArray(ref.levels, d.levels);
    if (!reusable) {
      out.push({ config: d.label, values: computeFeatures(roi, settings, perDiscretisation) });
      return;
    }
    // grey-level families from the reference; the IVH reads intensities, so it is computed
    const earlier = reference!.configs.find((c) => c.config === d.label)!.values;
    const values = perDiscretisation.flatMap((family) =>
      GREY_LEVEL_FAMILIES.has(family) ? earlier.filter((v) => v.family === family) : computeFeatures(roi, settings, [family]),
    );
    out.push({ config: d.label, values });
  });
  return out;
}

/** Same masks and box: what every family but the intensity-reading ones sees. */
const sameRoi = (a: PreparedRoi, b: PreparedRoi): boolean =>
  a.dims.every((n, i) => n === b.dims[i]) && a.spacing.every((s, i) => s === b.spacing[i]) && sameArray(a.intensityMask, b.intensityMask) && sameArray(a.morphMask, b.morphMask);

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
