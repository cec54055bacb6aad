import type { FamilyFunction } from "./types.js";
import * as f from "./texture/countMatrix.js";
import { CountMatrix, type CountStats } from "./texture/countMatrix.js";
import { countMatrixFamily } from "./texture/countMatrixFamily.js";
import type { FeatureDef } from "./texture/featureTable.js";
import { textureGrid, type TextureGrid } from "./texture/grid.js";
import { sliceAggregatedRows } from "./texture/sliceAggregation.js";
import { forEachZone } from "./texture/zones.js";

// s_ij: number of zones of grey level i and size j; N_s zones, N_v voxels (summed when merged).
export const GLSZM_FEATURES: readonly FeatureDef<CountStats>[] = [
  { feature: "Small zone emphasis", ibsiCode: "5QRC", compute: f.lowCountEmphasis }, // (1/N_s) Σ_j s_.j / j²
  { feature: "Large zone emphasis", ibsiCode: "48P8", compute: f.highCountEmphasis }, // (1/N_s) Σ_j j² s_.j
  { feature: "Low grey level zone emphasis", ibsiCode: "XMSY", compute: f.lowGreyLevelEmphasis }, // (1/N_s) Σ_i s_i. / i²
  { feature: "High grey level zone emphasis", ibsiCode: "5GN9", compute: f.highGreyLevelEmphasis }, // (1/N_s) Σ_i i² s_i.
  { feature: "Small zone low grey level emphasis", ibsiCode: "5RAI", compute: f.lowCountLowGreyEmphasis }, // Σ s_ij/(i²j²) / N_s
  { feature: "Small zone high grey level emphasis", ibsiCode: "HW1V", compute: f.lowCountHighGreyEmphasis }, // Σ i² s_ij/j² / N_s
  { feature: "Large zone low grey level emphasis", ibsiCode: "YH51", compute: f.highCountLowGreyEmphasis }, // Σ j² s_ij/i² / N_s
  { feature: "Large zone high grey level emphasis", ibsiCode: "J17V", compute: f.highCountHighGreyEmphasis }, // Σ i² j² s_ij / N_s
  { feature: "Grey level non-uniformity", ibsiCode: "JNSA", compute: f.greyLevelNonUniformity }, // Σ_i s_i.² / N_s
  { feature: "Normalised grey level non-uniformity", ibsiCode: "Y1RO", compute: f.normalisedGreyLevelNonUniformity }, // Σ_i s_i.² / N_s²
  { feature: "Zone size non-uniformity", ibsiCode: "4JP3", compute: f.countNonUniformity }, // Σ_j s_.j² / N_s
  { feature: "Normalised zone size non-uniformity", ibsiCode: "VB3A", compute: f.normalisedCountNonUniformity }, // Σ_j s_.j² / N_s²
  { feature: "Zone percentage", ibsiCode: "P30P", compute: f.countPercentage }, // N_s / N_v
  { feature: "Grey level variance", ibsiCode: "BYLV", compute: f.greyLevelVariance }, // Σ (i-μ)² p_ij
  { feature: "Zone size variance", ibsiCode: "3NSA", compute: f.countVariance }, // Σ (j-μ)² p_ij
  { feature: "Zone size entropy", ibsiCode: "GU8N", compute: f.countEntropy }, // -Σ p_ij log2 p_ij
];

/** Zone size matrices: one per slice (8-connected zones) or one for the volume (26-connected). */
function sizeZoneMatrices(g: TextureGrid, planar: boolean): CountMatrix[] {
  const ms = planar ? Array.from({ length: g.nz }, () => new CountMatrix(g.present)) : [new CountMatrix(g.present)];
  forEachZone(g, planar, null, (level, size, _d, k) => ms[planar ? k : 0].add(level, size));
  ms.forEach((m, k) => (m.nVoxels = planar ? g.sliceVoxels[k] : g.nVoxels));
  return ms;
}

/** IBSI grey level size zone matrix features (9SAK): 2D, 2.5D and 3D aggregation. */
export const glszm: FamilyFunction = (roi, settings) => {
  const g = textureGrid(roi, "glszm");
  return sliceAggregatedRows(
    countMatrixFamily("glszm", GLSZM_FEATURES, g.present, "the ROI is empty: no zones",
      () => sizeZoneMatrices(g, true),
      () => sizeZoneMatrices(g, false)[0],
    ),
    settings,
  );
};
