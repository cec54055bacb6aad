import { timeStage } from "../core/stageTimes.js";
import { intensityHistogram } from "./intensityHistogram.js";
import { glcm } from "./glcm.js";
import { gldzm } from "./gldzm.js";
import { glrlm } from "./glrlm.js";
import { glszm } from "./glszm.js";
import { ngldm } from "./ngldm.js";
import { ngtdm } from "./ngtdm.js";
import { intensityStatistics } from "./intensityStatistics.js";
import { intensityVolumeHistogram } from "./intensityVolumeHistogram.js";
import { localIntensity } from "./localIntensity.js";
import { morphology } from "./morphology.js";
import { FAMILY_NAMES, type FamilyFunction, type FamilyName, type FeatureSettings, type FeatureValue, type PreparedRoi } from "./types.js";


/** Every implemented family, in the order rows are written (IBSI chapter 3 order). */
export const FAMILIES: Partial<Record<FamilyName, FamilyFunction>> = {
  morphology,
  local_intensity: localIntensity,
  intensity_statistics: intensityStatistics,
  intensity_histogram: intensityHistogram,
  intensity_volume_histogram: intensityVolumeHistogram,
  glcm,
  glrlm,
  glszm,
  gldzm,
  ngtdm,
  ngldm,
};

/** Every family, in IBSI order. */
export const FAMILY_ORDER: readonly FamilyName[] = FAMILY_NAMES;

/** Computes the requested families (all implemented ones by default), in IBSI order. */
export function computeFeatures(
  roi: PreparedRoi,
  settings: FeatureSettings = {},
  families: readonly FamilyName[] = FAMILY_ORDER,
): FeatureValue[] {
  const out: FeatureValue[] = [];
  for (const name of FAMILY_ORDER) {
    const fn = FAMILIES[name];
    if (fn && families.includes(name)) out.push(...timeStage(`features: ${name}`, () => fn(roi, settings)));
  }
  return out;
}
