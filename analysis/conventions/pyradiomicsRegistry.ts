import type { FamilyName } from "../features/types.js";

/**
 * Every PyRadiomics feature of the classes firstorder, shape, glcm, glrlm, glszm, gldm and ngtdm,
 * and how deface-impact computes it: the IBSI feature (family, code) it equals once PyRadiomics'
 * conventions are applied (`adjust`, `undefinedValue`), or, for the few without an IBSI
 * counterpart, the PyRadiomics-only computation (`extra`) of the conventions engine.
 */

/** In PyRadiomics' order when every class is enabled (its modules, alphabetically; shape is computed first). */
export const PYRADIOMICS_CLASSES = ["firstorder", "glcm", "gldm", "glrlm", "glszm", "ngtdm", "shape"] as const;
export type PyradiomicsClass = (typeof PYRADIOMICS_CLASSES)[number];

/**
 * How a class's matrices are aggregated: "directions" (GLCM, GLRLM: per direction, averaged, or one
 * merged matrix with weightingNorm), "volume" (one matrix, per slice merged with force2D), "none".
 */
export type PyAggregation = "none" | "directions" | "volume";

/** PyRadiomics' conventions where its value differs from the IBSI feature's (pyradiomicsValues.ts). */
export type PyAdjust =
  | "kurtosisPlus3" // kurtosis, not excess kurtosis; 0 for a flat ROI
  | "shiftedEnergy" // Σ (x + c)², c = voxelArrayShift
  | "shiftedTotalEnergy" // voxel volume · Σ (x + c)²
  | "shiftedRms" // √(Σ (x + c)² / N)
  | "sqrtVariance" // standard deviation: √ of the population variance
  | "populationAxis" // 4√λ of the covariance divided by N, not N − 1
  | "logEpsilon"; // entropies −Σ p log2(p + ε): −ε/ln 2 instead of 0 for a single-valued distribution

/** PyRadiomics-only features the conventions engine computes itself. */
export type PyExtra = "maximum2DDiameterSlice" | "maximum2DDiameterColumn" | "maximum2DDiameterRow" | "mcc";

export interface PyFeatureDef {
  pyClass: PyradiomicsClass;
  name: string;
  /** the IBSI feature this one equals after `adjust`, or null. */
  ibsi: { family: FamilyName; code: string } | null;
  aggregation: PyAggregation;
  adjust?: PyAdjust;
  /** PyRadiomics' value where IBSI leaves the feature undefined (NaN) on a degenerate ROI or matrix. */
  undefinedValue?: number;
  /** computed by the conventions engine (no IBSI counterpart). */
  extra?: PyExtra;
  /** PyRadiomics marks it deprecated: computed only when listed by name, as PyRadiomics does. */
  deprecated?: boolean;
  /** why there is no IBSI counterpart (features with `extra`). */
  reason?: string;
}

type Entry = [name: string, code: string, more?: Partial<PyFeatureDef>];

function defs(pyClass: PyradiomicsClass, family: FamilyName, aggregation: PyAggregation, entries: Entry[]): PyFeatureDef[] {
  return entries.map(([name, code, more]) => ({ pyClass, name, ibsi: { family, code }, aggregation, ...more }));
}

function extra(pyClass: PyradiomicsClass, name: string, aggregation: PyAggregation, what: PyExtra, reason: string): PyFeatureDef {
  return { pyClass, name, ibsi: null, aggregation, extra: what, reason };
}

// Histogram features (Entropy, Uniformity) use the discretised intensities (IBSI intensity histogram).
const FIRSTORDER: PyFeatureDef[] = [
  ...defs("firstorder", "intensity_statistics", "none", [
    ["Energy", "N8CA", { adjust: "shiftedEnergy" }],
    ["TotalEnergy", "N8CA", { adjust: "shiftedTotalEnergy" }],
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
    ["RootMeanSquared", "5ZWQ", { adjust: "shiftedRms" }],
    ["StandardDeviation", "ECT3", { adjust: "sqrtVariance", deprecated: true }],
    ["Skewness", "KE2A"],
    ["Kurtosis", "IPH6", { adjust: "kurtosisPlus3" }],
    ["Variance", "ECT3"],
  ]),
  ...defs("firstorder", "intensity_histogram", "none", [
    ["Entropy", "TLU2", { adjust: "logEpsilon" }],
    ["Uniformity", "BJ5W"],
  ]),
];

const PLANE_DIAMETER =
  "PyRadiomics-only: the largest distance between surface-mesh vertices lying in one plane of the image grid; IBSI defines no per-plane diameter";

const SHAPE: PyFeatureDef[] = [
  ...defs("shape", "morphology", "none", [
    ["MeshVolume", "RNU0"],
    ["VoxelVolume", "YEKZ"],
    ["SurfaceArea", "C0JK"],
    ["SurfaceVolumeRatio", "2PR5"],
    ["Sphericity", "QCFX"],
    ["Compactness1", "SKGS", { deprecated: true }],
    ["Compactness2", "BQWJ", { deprecated: true }],
    ["SphericalDisproportion", "KRCK", { deprecated: true }],
    ["Maximum3DDiameter", "L0JK"],
    ["MajorAxisLength", "TDIC", { adjust: "populationAxis" }],
    ["MinorAxisLength", "P9VJ", { adjust: "populationAxis" }],
    ["LeastAxisLength", "7J51", { adjust: "populationAxis" }],
    ["Elongation", "Q3CK"],
    ["Flatness", "N17B"],
  ]),
  extra("shape", "Maximum2DDiameterSlice", "none", "maximum2DDiameterSlice", PLANE_DIAMETER),
  extra("shape", "Maximum2DDiameterColumn", "none", "maximum2DDiameterColumn", PLANE_DIAMETER),
  extra("shape", "Maximum2DDiameterRow", "none", "maximum2DDiameterRow", PLANE_DIAMETER),
];

// PyRadiomics' Correlation is 1 and Imc1 0 where IBSI's are 0/0 (a single grey level).
const GLCM: PyFeatureDef[] = [
  ...defs("glcm", "glcm", "directions", [
    ["Autocorrelation", "QWB0"],
    ["JointAverage", "60VM"],
    ["ClusterProminence", "AE86"],
    ["ClusterShade", "7NFM"],
    ["ClusterTendency", "DG8W"],
    ["Contrast", "ACUI"],
    ["Correlation", "NI2N", { undefinedValue: 1 }],
    ["DifferenceAverage", "TF7R"],
    ["DifferenceEntropy", "NTRS", { adjust: "logEpsilon" }],
    ["DifferenceVariance", "D3YU"],
    ["JointEnergy", "8ZQL"],
    ["JointEntropy", "TU9B", { adjust: "logEpsilon" }],
    ["Imc1", "R8DG", { undefinedValue: 0 }],
    ["Imc2", "JN9H"],
    ["Idm", "WF0Z"],
    ["Idmn", "1QCO"],
    ["Id", "IB1Z"],
    ["Idn", "NDRX"],
    ["InverseVariance", "E8JP"],
    ["MaximumProbability", "GYBY"],
    ["SumAverage", "ZGXS"],
    ["SumEntropy", "P6QZ", { adjust: "logEpsilon" }],
    ["SumSquares", "UR99"],
  ]),
  extra("glcm", "MCC", "directions", "mcc",
    "PyRadiomics-only: maximal correlation coefficient (√ of the second largest eigenvalue of Q); not an IBSI 1 feature"),
];

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
  ["RunEntropy", "HJ9O", { adjust: "logEpsilon" }],
  ["LowGrayLevelRunEmphasis", "V3SW"],
  ["HighGrayLevelRunEmphasis", "G3QZ"],
  ["ShortRunLowGrayLevelEmphasis", "HTZT"],
  ["ShortRunHighGrayLevelEmphasis", "GD3A"],
  ["LongRunLowGrayLevelEmphasis", "IVPO"],
  ["LongRunHighGrayLevelEmphasis", "3KUM"],
]);

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
  ["ZoneEntropy", "GU8N", { adjust: "logEpsilon" }],
  ["LowGrayLevelZoneEmphasis", "XMSY"],
  ["HighGrayLevelZoneEmphasis", "5GN9"],
  ["SmallAreaLowGrayLevelEmphasis", "5RAI"],
  ["SmallAreaHighGrayLevelEmphasis", "HW1V"],
  ["LargeAreaLowGrayLevelEmphasis", "YH51"],
  ["LargeAreaHighGrayLevelEmphasis", "J17V"],
]);

// PyRadiomics' GLDM is IBSI's NGLDM with coarseness gldm_a (dependence = 1 + dependent neighbours).
const GLDM = defs("gldm", "ngldm", "volume", [
  ["SmallDependenceEmphasis", "SODN"],
  ["LargeDependenceEmphasis", "IMOQ"],
  ["GrayLevelNonUniformity", "FP8K"],
  ["DependenceNonUniformity", "Z87G"],
  ["DependenceNonUniformityNormalized", "OKJI"],
  ["GrayLevelVariance", "1PFV"],
  ["DependenceVariance", "DNX2"],
  ["DependenceEntropy", "FCBV", { adjust: "logEpsilon" }],
  ["LowGrayLevelEmphasis", "TL9H"],
  ["HighGrayLevelEmphasis", "OAE7"],
  ["SmallDependenceLowGrayLevelEmphasis", "EQ3F"],
  ["SmallDependenceHighGrayLevelEmphasis", "JA6D"],
  ["LargeDependenceLowGrayLevelEmphasis", "NBZI"],
  ["LargeDependenceHighGrayLevelEmphasis", "9QMG"],
]);

// PyRadiomics' Busyness is 0 where IBSI's denominator Σ|i p_i − j p_j| is 0.
const NGTDM = defs("ngtdm", "ngtdm", "volume", [
  ["Coarseness", "QCDE"],
  ["Contrast", "65HE"],
  ["Busyness", "NQ30", { undefinedValue: 0 }],
  ["Complexity", "HDEZ"],
  ["Strength", "1X9X"],
]);

export const PYRADIOMICS_FEATURES: readonly PyFeatureDef[] = [...FIRSTORDER, ...SHAPE, ...GLCM, ...GLRLM, ...GLSZM, ...GLDM, ...NGTDM];

/** PyRadiomics' column name for an original-image feature, e.g. original_glcm_Contrast. */
export const pyradiomicsColumn = (d: Pick<PyFeatureDef, "pyClass" | "name">): string => `original_${d.pyClass}_${d.name}`;

/** The definition of a PyRadiomics feature, by class and name. */
export function pyradiomicsFeature(pyClass: PyradiomicsClass, name: string): PyFeatureDef | undefined {
  return PYRADIOMICS_FEATURES.find((d) => d.pyClass === pyClass && d.name === name);
}

/**
 * The features PyRadiomics computes for a class enabled with an empty list: all but the deprecated,
 * in its order (its get<Name>FeatureValue methods sorted by name, so MeanAbsoluteDeviation before Mean).
 */
export function defaultFeatures(pyClass: PyradiomicsClass): string[] {
  const key = (name: string) => `get${name}FeatureValue`;
  return PYRADIOMICS_FEATURES.filter((d) => d.pyClass === pyClass && !d.deprecated)
    .map((d) => d.name)
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The features without an IBSI counterpart, with the reason (README and validation output). */
export const NON_IBSI_FEATURES = PYRADIOMICS_FEATURES.filter((d) => d.ibsi === null);

/** The IBSI families the selected PyRadiomics features need. */
export function familiesFor(selection: Partial<Record<PyradiomicsClass, readonly string[]>>): FamilyName[] {
  const out = new Set<FamilyName>();
  for (const [cls, names] of Object.entries(selection) as [PyradiomicsClass, string[]][]) {
    for (const name of names) {
      const family = pyradiomicsFeature(cls, name)?.ibsi?.family;
      if (family) out.add(family);
    }
  }
  return [...out];
}
