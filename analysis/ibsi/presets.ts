import { usageError } from "../core/errors.js";
import { SettingsSchema, type Settings, type SettingsInput } from "../settings.js";

/** IBSI texture aggregation codes of 2D (per slice and 2.5D) and 3D matrices. */
export const AGGREGATIONS_2D = ["BTW3", "SUJT", "JJUI", "ZW7Z", "8QNN", "62GR"];
export const AGGREGATIONS_3D = ["ITBB", "IAZD", "KOBO"];

/**
 * The IBSI 1 reference configurations (reference manual chapter 5, "Reference data sets") as
 * settings: `ibsi-digital` for the digital phantom, `ibsi-A` … `ibsi-E` for the lung CT phantom.
 * A preset sets the processing chain and the texture aggregations; the other groups (inputs,
 * defacing, normalisation) stay the command's. Every configuration uses GLCM/NGTDM/NGLDM distance 1
 * (Chebyshev) and NGLDM coarseness 0.
 */
const PRESETS = {
  // Digital phantom: no processing; its grey levels 1..6 are the bins (N_g = highest level, 6,
  // with absent levels 2 and 5 counted); all texture aggregations have reference values.
  "ibsi-digital": {
    processing: { discretisation: ["nodisc"], ivh: "nodisc" },
    features: { aggregations: [...AGGREGATIONS_2D, ...AGGREGATIONS_3D] },
  },
  // A: 2D, no interpolation, range [-500, 400] HU, FBS 25 HU (from -500), IVH on raw HU.
  "ibsi-A": {
    processing: { resegmentation: { range: [-500, 400] }, discretisation: ["fbs25"], ivh: "nodisc" },
    features: { aggregations: AGGREGATIONS_2D },
  },
  // B: 2D, in-plane bilinear to 2 x 2 mm, HU rounded, bilinear mask >= 0.5, range [-500, 400], FBN 32.
  "ibsi-B": {
    processing: {
      resampling: { spacing: [2, 2, 2], inPlane: true, interpolation: "linear", roundIntensities: true, maskInterpolation: "linear", maskThreshold: 0.5 },
      resegmentation: { range: [-500, 400] },
      discretisation: ["fbn32"],
      ivh: "nodisc",
    },
    features: { aggregations: AGGREGATIONS_2D },
  },
  // C: 3D, trilinear to 2 mm isotropic, range [-1000, 400], FBS 25 HU, IVH FBS 2.5 HU.
  "ibsi-C": {
    processing: {
      resampling: { spacing: [2, 2, 2], interpolation: "linear", roundIntensities: true, maskInterpolation: "linear", maskThreshold: 0.5 },
      resegmentation: { range: [-1000, 400] },
      discretisation: ["fbs25"],
      ivh: "fbs2.5",
    },
    features: { aggregations: AGGREGATIONS_3D },
  },
  // D: 3D, trilinear to 2 mm, outliers outside mean ± 3 sd removed, FBN 32, IVH on raw HU.
  "ibsi-D": {
    processing: {
      resampling: { spacing: [2, 2, 2], interpolation: "linear", roundIntensities: true, maskInterpolation: "linear", maskThreshold: 0.5 },
      resegmentation: { outlierSigma: 3 },
      discretisation: ["fbn32"],
      ivh: "nodisc",
    },
    features: { aggregations: AGGREGATIONS_3D },
  },
  // E: 3D, tricubic spline to 2 mm (trilinear mask), range [-1000, 400] and mean ± 3 sd, FBN 32, IVH 1000 bins.
  "ibsi-E": {
    processing: {
      resampling: { spacing: [2, 2, 2], interpolation: "spline", roundIntensities: true, maskInterpolation: "linear", maskThreshold: 0.5 },
      resegmentation: { range: [-1000, 400], outlierSigma: 3 },
      discretisation: ["fbn32"],
      ivh: "fbn1000",
    },
    features: { aggregations: AGGREGATIONS_3D },
  },
} satisfies Record<string, SettingsInput>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** The IBSI configuration letters of the CT phantom, in order. */
export const CT_CONFIGS = ["A", "B", "C", "D", "E"] as const;
export type CtConfig = (typeof CT_CONFIGS)[number];

/** A preset as settings input (to merge under a settings file and the command line); a usage error names the known presets otherwise. */
export function presetInput(name: string): SettingsInput {
  if (!(name in PRESETS)) throw usageError(`unknown preset "${name}"; known presets: ${PRESET_NAMES.join(", ")}`);
  return structuredClone(PRESETS[name as PresetName]) as SettingsInput;
}

/** A preset's complete settings (every other key at its default). */
export function presetSettings(name: string): Settings {
  return SettingsSchema.parse(presetInput(name));
}
