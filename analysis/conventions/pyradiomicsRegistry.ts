import type { FamilyName } from "../features/types.js";

/**
 * Every PyRadiomics feature (classes firstorder, shape, glcm, glrlm, glszm, gldm, ngtdm) and how our
 * engine computes it: the IBSI family, code and aggregation it equals, plus a convention `adjust`
 * where PyRadiomics differs from IBSI (kurtosis + 3, voxelArrayShift, SD from the variance). A feature
 * with `ibsi: null` has no IBSI counterpart; `reason` says why it is not computed.
 */

export const PYRADIOMICS_CLASSES = ["firstorder", "shape", "glcm", "glrlm", "glszm", "gldm", "ngtdm"] as const;
export type PyradiomicsClass = (typeof PYRADIOMICS_CLASSES)[number];

/** Which aggregation a class's value is: texture per-direction average, merged, or none. */
export type PyAggregation = "none" | "directions" | "volume";

export type PyAdjust =
  | "kurtosisPlus3" // PyRadiomics reports kurtosis, IBSI excess kurtosis
  | "shiftedEnergy" // Σ (x + c)², c = voxelArrayShift
  | "shiftedTotalEnergy" // voxel volume · Σ (x + c)²
  | "shiftedRms" // √(Σ (x + c)² / N)
  | "sqrtVariance"; // standard deviation: √ of the population variance

export interface PyFeatureDef {
  pyClass: PyradiomicsClass;
  name: string;
  ibsi: { family: FamilyName; code: string } | null;
  aggregation: PyAggregation;
  adjust?: PyAdjust;
  reason?: string;
}

type Entry = [name: string, code: string | null, adjust?: PyAdjust | string];

function defs(pyClass: PyradiomicsClass, family: FamilyName, aggregation: PyAggregation, entries: Entry[]): PyFeatureDef[] {
  return entries.map(([name, code, extra]) => {
    const adjust = extra && !extra.includes(" ") ? (extra as PyAdjust) : undefined;
    const def: PyFeatureDef = { pyClass, name, ibsi: code ? { family, code } : null, aggregation };
    if (adjust) def.adjust = adjust;
    if (!code) def.reason = extra;
    return def;
  });
}

// Histogram-based first-order features use the texture discretisation (intensity_histogram family).
const FIRSTORDER: PyFeatureDef[] = [
  ...defs("firstorder", "intensity_statistics", "none", [
    ["Energy", "N8CA", "shiftedEnergy"],
    ["TotalEnergy", "N8CA", "shiftedTotalEnergy"],
    ["Minimum", "1GSF"],
    ["10Percentile", "QG58"],
    ["90Percentile", "8DWT"],
    ["Maximum", "84IY"],
    ["Mean", "Q4LE"],
    ["Median", "Y12H"],
    ["InterquartileRange", "SALO"],
    ["Range", "2OJQ"],
    ["MeanAbsoluteDeviation", "4FUA"],
    ["RobustMeanAbsoluteDeviation", "1128"],
    ["RootMeanSquared", "5ZWQ", "shiftedRms"],
    ["StandardDeviation", "ECT3", "sqrtVariance"],
    ["Skewness", "KE2A"],
    ["Kurtosis", "IPH6", "kurtosisPlus3"],
    ["Variance", "ECT3"],
  ]),
  ...defs("firstorder", "intensity_histogram", "none", [
    ["Entropy", "TLU2"],
    ["Uniformity", "BJ5W"],
  ]),
];

const NO_PLANE_DIAMETER = "maximum diameter within axial/coronal/sagittal planes only: IBSI defines no per-plane diameter";

const SHAPE = defs("shape", "morphology", "none", [
  ["MeshVolume", "RNU0"],
  ["VoxelVolume", "YEKZ"],
  ["SurfaceArea", "C0JK"],
  ["SurfaceVolumeRatio", "2PR5"],
  ["Sphericity", "QCFX"],
  ["Compactness1", "SKGS"],
  ["Compactness2", "BQWJ"],
  ["SphericalDisproportion", "KRCK"],
  ["Maximum3DDiameter", "L0JK"],
  ["Maximum2DDiameterSlice", null, NO_PLANE_DIAMETER],
  ["Maximum2DDiameterColumn", null, NO_PLANE_DIAMETER],
  ["Maximum2DDiameterRow", null, NO_PLANE_DIAMETER],
  ["MajorAxisLength", "TDIC"],
  ["MinorAxisLength", "P9VJ"],
  ["LeastAxisLength", "7J51"],
  ["Elongation", "Q3CK"],
  ["Flatness", "N17B"],
]);

// PyRadiomics computes GLCM and GLRLM features per direction and averages them (IBSI "3D, averaged").
const GLCM = defs("glcm", "glcm", "directions", [
  ["Autocorrelation", "QWB0"],
  ["JointAverage", "60VM"],
  ["ClusterProminence", "AE86"],
  ["ClusterShade", "7NFM"],
  ["ClusterTendency", "DG8W"],
  ["Contrast", "ACUI"],
  ["Correlation", "NI2N"],
  ["DifferenceAverage", "TF7R"],
  ["DifferenceEntropy", "NTRS"],
  ["DifferenceVariance", "D3YU"],
  ["JointEnergy", "8ZQL"],
  ["JointEntropy", "TU9B"],
  ["Imc1", "R8DG"],
  ["Imc2", "JN9H"],
  ["Idm", "WF0Z"],
  ["Idmn", "1QCO"],
  ["Id", "IB1Z"],
  ["Idn", "NDRX"],
  ["InverseVariance", "E8JP"],
  ["MaximumProbability", "GYBY"],
  ["SumAverage", "ZGXS"],
  ["SumEntropy", "P6QZ"],
  ["SumSquares", "UR99"],
  ["MCC", null, "maximal correlation coefficient (second eigenvalue of Q): not an IBSI 1 feature"],
]);

const GLRLM = defs("glrlm", "glrlm", "directions", [
  ["ShortRunEmphasis", "22OV"],
  ["LongRunEmphasis", "W4KF"],
  ["GrayLevelNonUniformity", "R5YN"],
  ["GrayLevelNonUniformityNormalized", "OVBL"],
  ["RunLengthNonUniformity", "W92Y"],
  ["RunLengthNonUniformityNormalized", "IC23"],
  ["RunPercentage", "9ZK5"],
  ["GrayLevelVariance", "8CE5"],
  ["RunVariance", "SXLW"],
  ["RunEntropy", "HJ9O"],
  ["LowGrayLevelRunEmphasis", "V3SW"],
  ["HighGrayLevelRunEmphasis", "G3QZ"],
  ["ShortRunLowGrayLevelEmphasis", "HTZT"],
  ["ShortRunHighGrayLevelEmphasis", "GD3A"],
  ["LongRunLowGrayLevelEmphasis", "IVPO"],
  ["LongRunHighGrayLevelEmphasis", "3KUM"],
]);

// Zone, dependence and neighbourhood-difference matrices: one matrix for the volume (IBSI "3D").
const GLSZM = defs("glszm", "glszm", "volume", [
  ["SmallAreaEmphasis", "5QRC"],
  ["LargeAreaEmphasis", "48P8"],
  ["GrayLevelNonUniformity", "JNSA"],
  ["GrayLevelNonUniformityNormalized", "Y1RO"],
  ["SizeZoneNonUniformity", "4JP3"],
  ["SizeZoneNonUniformityNormalized", "VB3A"],
  ["ZonePercentage", "P30P"],
  ["GrayLevelVariance", "BYLV"],
  ["ZoneVariance", "3NSA"],
  ["ZoneEntropy", "GU8N"],
  ["LowGrayLevelZoneEmphasis", "XMSY"],
  ["HighGrayLevelZoneEmphasis", "5GN9"],
  ["SmallAreaLowGrayLevelEmphasis", "5RAI"],
  ["SmallAreaHighGrayLevelEmphasis", "HW1V"],
  ["LargeAreaLowGrayLevelEmphasis", "YH51"],
  ["LargeAreaHighGrayLevelEmphasis", "J17V"],
]);

// PyRadiomics' GLDM is IBSI's NGLDM with coarseness gldm_a (dependence = 1 + similar neighbours).
const GLDM = defs("gldm", "ngldm", "volume", [
  ["SmallDependenceEmphasis", "SODN"],
  ["LargeDependenceEmphasis", "IMOQ"],
  ["GrayLevelNonUniformity", "FP8K"],
  ["DependenceNonUniformity", "Z87G"],
  ["DependenceNonUniformityNormalized", "OKJI"],
  ["GrayLevelVariance", "1PFV"],
  ["DependenceVariance", "DNX2"],
  ["DependenceEntropy", "FCBV"],
  ["LowGrayLevelEmphasis", "TL9H"],
  ["HighGrayLevelEmphasis", "OAE7"],
  ["SmallDependenceLowGrayLevelEmphasis", "EQ3F"],
  ["SmallDependenceHighGrayLevelEmphasis", "JA6D"],
  ["LargeDependenceLowGrayLevelEmphasis", "NBZI"],
  ["LargeDependenceHighGrayLevelEmphasis", "9QMG"],
]);

const NGTDM = defs("ngtdm", "ngtdm", "volume", [
  ["Coarseness", "QCDE"],
  ["Contrast", "65HE"],
  ["Busyness", "NQ30"],
  ["Complexity", "HDEZ"],
  ["Strength", "1X9X"],
]);

export const PYRADIOMICS_FEATURES: readonly PyFeatureDef[] = [...FIRSTORDER, ...SHAPE, ...GLCM, ...GLRLM, ...GLSZM, ...GLDM, ...NGTDM];

/** PyRadiomics' column name for an original-image feature, e.g. original_glcm_Contrast. */
export const pyradiomicsColumn = (d: Pick<PyFeatureDef, "pyClass" | "name">): string => `original_${d.pyClass}_${d.name}`;

/** The features that cannot be matched, with the reason (for the README and the validation output). */
export const UNMATCHED_FEATURES = PYRADIOMICS_FEATURES.filter((d) => d.ibsi === null);

/** The IBSI families a set of PyRadiomics classes needs. */
export function familiesFor(classes: readonly PyradiomicsClass[]): FamilyName[] {
  const out = new Set<FamilyName>();
  for (const d of PYRADIOMICS_FEATURES) if (d.ibsi && classes.includes(d.pyClass)) out.add(d.ibsi.family);
  return [...out];
}
