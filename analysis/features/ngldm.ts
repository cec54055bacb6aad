import type { FamilyFunction } from "./types.js";
import * as f from "./texture/countMatrix.js";
import { CountMatrix, type CountStats } from "./texture/countMatrix.js";
import { countMatrixFamily } from "./texture/countMatrixFamily.js";
import type { FeatureDef } from "./texture/featureTable.js";
import { textureDistance, ngldmCoarseness } from "./texture/settings.js";
import { textureGrid, type TextureGrid } from "./texture/grid.js";
import { forEachNeighbourhood } from "./texture/neighbourhood.js";
import { sliceAggregatedRows } from "./texture/sliceAggregation.js";

// s_ij: number of voxels of grey level i with dependence j (1 + dependent ROI neighbours); N_s = N_v.
export const NGLDM_FEATURES: readonly FeatureDef<CountStats>[] = [
  { feature: "Low dependence emphasis", ibsiCode: "SODN", compute: f.lowCountEmphasis }, // (1/N_s) Σ_j s_.j / j²
  { feature: "High dependence emphasis", ibsiCode: "IMOQ", compute: f.highCountEmphasis }, // (1/N_s) Σ_j j² s_.j
  { feature: "Low grey level count emphasis", ibsiCode: "TL9H", compute: f.lowGreyLevelEmphasis }, // (1/N_s) Σ_i s_i. / i²
  { feature: "High grey level count emphasis", ibsiCode: "OAE7", compute: f.highGreyLevelEmphasis }, // (1/N_s) Σ_i i² s_i.
  { feature: "Low dependence low grey level emphasis", ibsiCode: "EQ3F", compute: f.lowCountLowGreyEmphasis }, // Σ s_ij/(i²j²) / N_s
  { feature: "Low dependence high grey level emphasis", ibsiCode: "JA6D", compute: f.lowCountHighGreyEmphasis }, // Σ i² s_ij/j² / N_s
  { feature: "High dependence low grey level emphasis", ibsiCode: "NBZI", compute: f.highCountLowGreyEmphasis }, // Σ j² s_ij/i² / N_s
  { feature: "High dependence high grey level emphasis", ibsiCode: "9QMG", compute: f.highCountHighGreyEmphasis }, // Σ i² j² s_ij / N_s
  { feature: "Grey level non-uniformity", ibsiCode: "FP8K", compute: f.greyLevelNonUniformity }, // Σ_i s_i.² / N_s
  { feature: "Normalised grey level non-uniformity", ibsiCode: "5SPA", compute: f.normalisedGreyLevelNonUniformity }, // Σ_i s_i.² / N_s²
  { feature: "Dependence count non-uniformity", ibsiCode: "Z87G", compute: f.countNonUniformity }, // Σ_j s_.j² / N_s
  { feature: "Normalised dependence count non-uniformity", ibsiCode: "OKJI", compute: f.normalisedCountNonUniformity }, // Σ_j s_.j² / N_s²
  { feature: "Dependence count percentage", ibsiCode: "6XV8", compute: f.countPercentage }, // N_s / N_v (= 1 here)
  { feature: "Grey level variance", ibsiCode: "1PFV", compute: f.greyLevelVariance }, // Σ (i-μ)² p_ij
  { feature: "Dependence count variance", ibsiCode: "DNX2", compute: f.countVariance }, // Σ (j-μ)² p_ij
  { feature: "Dependence count entropy", ibsiCode: "FCBV", compute: f.countEntropy }, // -Σ p_ij log2 p_ij
  { feature: "Dependence count energy", ibsiCode: "CAS9", compute: f.countEnergy }, // Σ p_ij²
];

/**
 * NGLDMs per slice or for the volume: dependence j_k = 1 + number of ROI neighbours (Chebyshev
 * distance delta) whose grey level differs from the centre by at most the coarseness alpha.
 */
function ngldmMatrices(g: TextureGrid, delta: number, alpha: number, planar: boolean): CountMatrix[] {
  const ms = Array.from({ length: planar ? g.nz : 1 }, () => new CountMatrix(g.present));
  forEachNeighbourhood(g, delta, planar, (_p, level, k, neighbours, count) => {
    let j = 1;
    for (let c = 0; c < count; c++) if (Math.abs(neighbours[c] - level) <= alpha) j++;
    ms[planar ? k : 0].add(level, j);
  });
  ms.forEach((m, k) => (m.nVoxels = planar ? g.sliceVoxels[k] : g.nVoxels));
  return ms;
}

/** IBSI neighbouring grey level dependence matrix features (REK0): 2D, 2.5D and 3D aggregation. */
export const ngldm: FamilyFunction = (roi, settings) => {
  const g = textureGrid(roi, "ngldm");
  const delta = textureDistance(settings);
  const alpha = ngldmCoarseness(settings);
  return sliceAggregatedRows(
    countMatrixFamily("ngldm", NGLDM_FEATURES, g.present, "the ROI is empty: no neighbourhoods",
      () => ngldmMatrices(g, delta, alpha, true),
      () => ngldmMatrices(g, delta, alpha, false)[0],
    ),
    settings,
  );
};
