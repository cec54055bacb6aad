import { usageError } from "../core/errors.js";
import { parseProcessingSettings, type ProcessingSettings, type ProcessingSettingsInput } from "../processing/settings.js";

/**
 * The IBSI 1 reference configurations (reference manual chapter 5, "Reference data sets"):
 * `ibsi-digital` for the digital phantom, `ibsi-A` … `ibsi-E` for the lung CT phantom. Every
 * configuration uses GLCM/NGTDM/NGLDM distance 1 (Chebyshev) and NGLDM coarseness 0.
 */
const PRESET_INPUTS = {
  // Digital phantom: no processing; its grey levels 1..6 are the bins (N_g = highest level, 6,
  // with absent levels 2 and 5 counted); all texture aggregations have reference values.
  "ibsi-digital": {
    discretisation: { kind: "none" },
    ivh: { kind: "none" },
    texture: { dimension: "all", distance: 1, ngldmCoarseness: 0 },
  },
  // A: 2D, no interpolation, range [-500, 400] HU, FBS 25 HU (from -500), IVH on raw HU.
  "ibsi-A": {
    resegmentation: { range: [-500, 400] },
    discretisation: { kind: "fbs", binWidth: 25 },
    ivh: { kind: "none" },
    texture: { dimension: "2D", distance: 1, ngldmCoarseness: 0 },
  },
  // B: 2D, in-plane bilinear to 2 x 2 mm, HU rounded, bilinear mask >= 0.5, range [-500, 400], FBN 32.
  "ibsi-B": {
    resampling: { spacing: [2, 2, 2], inPlane: true, interpolation: "linear", roundIntensities: true, maskInterpolation: "linear", maskThreshold: 0.5 },
    resegmentation: { range: [-500, 400] },
    discretisation: { kind: "fbn", nBins: 32 },
    ivh: { kind: "none" },
    texture: { dimension: "2D", distance: 1, ngldmCoarseness: 0 },
  },
  // C: 3D, trilinear to 2 mm isotropic, range [-1000, 400], FBS 25 HU, IVH FBS 2.5 HU.
  "ibsi-C": {
    resampling: { spacing: [2, 2, 2], interpolation: "linear", roundIntensities: true, maskInterpolation: "linear", maskThreshold: 0.5 },
    resegmentation: { range: [-1000, 400] },
    discretisation: { kind: "fbs", binWidth: 25 },
    ivh: { kind: "fbs", binWidth: 2.5 },
    texture: { dimension: "3D", distance: 1, ngldmCoarseness: 0 },
  },
  // D: 3D, trilinear to 2 mm, outliers outside mean ± 3 sd removed, FBN 32, IVH on raw HU.
  "ibsi-D": {
    resampling: { spacing: [2, 2, 2], interpolation: "linear", roundIntensities: true, maskInterpolation: "linear", maskThreshold: 0.5 },
    resegmentation: { outlierSigma: 3 },
    discretisation: { kind: "fbn", nBins: 32 },
    ivh: { kind: "none" },
    texture: { dimension: "3D", distance: 1, ngldmCoarseness: 0 },
  },
  // E: 3D, tricubic spline to 2 mm (trilinear mask), range [-1000, 400] and mean ± 3 sd, FBN 32, IVH 1000 bins.
  "ibsi-E": {
    resampling: { spacing: [2, 2, 2], interpolation: "spline", roundIntensities: true, maskInterpolation: "linear", maskThreshold: 0.5 },
    resegmentation: { range: [-1000, 400], outlierSigma: 3 },
    discretisation: { kind: "fbn", nBins: 32 },
    ivh: { kind: "fbn", nBins: 1000 },
    texture: { dimension: "3D", distance: 1, ngldmCoarseness: 0 },
  },
} satisfies Record<string, ProcessingSettingsInput>;

export type PresetName = keyof typeof PRESET_INPUTS;
export const PRESET_NAMES = Object.keys(PRESET_INPUTS) as PresetName[];

/** The IBSI configuration letters of the CT phantom, in order. */
export const CT_CONFIGS = ["A", "B", "C", "D", "E"] as const;
export type CtConfig = (typeof CT_CONFIGS)[number];

/** Validated settings of a preset; a usage error names the known presets otherwise. */
export function presetSettings(name: string): ProcessingSettings {
  if (!(name in PRESET_INPUTS)) {
    throw usageError(`unknown preset "${name}"; known presets: ${PRESET_NAMES.join(", ")}`);
  }
  return parseProcessingSettings(PRESET_INPUTS[name as PresetName]);
}
