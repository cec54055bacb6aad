import { NON_IBSI_FEATURES, pyradiomicsColumn } from "./pyradiomicsRegistry.js";

/**
 * Which PyRadiomics features have no IBSI counterpart or are not computed, with the reason: the
 * README's list is this table (a test compares them), so it cannot drift from the registry.
 */
export const NOT_COMPUTED: readonly { features: string; reason: string }[] = [
  { features: "original_shape2D_*", reason: "the 2D shape class (shape of a single slice with force2D) is not implemented" },
  {
    features: "original_glcm_Dissimilarity, Homogeneity1, Homogeneity2, SumVariance",
    reason: "deprecated in PyRadiomics, which returns no value (they equal DifferenceAverage, Id, Idm and ClusterTendency)",
  },
  {
    features: "original_gldm_GrayLevelNonUniformityNormalized, DependencePercentage",
    reason: "deprecated in PyRadiomics, which returns no value (firstorder Uniformity; always 1)",
  },
  { features: "wavelet-*, log-sigma-*, square_*, … (filtered image types)", reason: "only the Original image type is implemented" },
];

/** The markdown table of the README's "features without an IBSI counterpart or not computed". */
export function coverageMarkdown(): string {
  const rows = [
    "| PyRadiomics feature | computed | reason |",
    "| --- | --- | --- |",
    ...NON_IBSI_FEATURES.map((d) => `| \`${pyradiomicsColumn(d)}\` | yes, by deface-impact (checked against the baselines) | ${d.reason} |`),
    ...NOT_COMPUTED.map((n) => `| \`${n.features}\` | no | ${n.reason} |`),
  ];
  return rows.join("\n");
}
