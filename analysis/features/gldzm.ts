import type { FamilyFunction } from "./types.js";
import type { PreparedRoi } from "./types.js";
import * as f from "./texture/countMatrix.js";
import { CountMatrix, type CountStats } from "./texture/countMatrix.js";
import { countMatrixFamily } from "./texture/countMatrixFamily.js";
import { edgeDistanceMap } from "./texture/edgeDistance.js";
import type { FeatureDef } from "./texture/featureTable.js";
import { textureGrid, type TextureGrid } from "./texture/grid.js";
import { sliceAggregatedRows } from "./texture/sliceAggregation.js";
import { forEachZone } from "./texture/zones.js";

// d_ij: number of zones of grey level i at distance j from the ROI edge; N_s zones, N_v voxels.
export const GLDZM_FEATURES: readonly FeatureDef<CountStats>[] = [
  { feature: "Small distance emphasis", ibsiCode: "0GBI", compute: f.lowCountEmphasis }, // (1/N_s) Σ_j d_.j / j²
  { feature: "Large distance emphasis", ibsiCode: "MB4I", compute: f.highCountEmphasis }, // (1/N_s) Σ_j j² d_.j
  { feature: "Low grey level zone emphasis", ibsiCode: "S1RA", compute: f.lowGreyLevelEmphasis }, // (1/N_s) Σ_i d_i. / i²
  { feature: "High grey level zone emphasis", ibsiCode: "K26C", compute: f.highGreyLevelEmphasis }, // (1/N_s) Σ_i i² d_i.
  { feature: "Small distance low grey level emphasis", ibsiCode: "RUVG", compute: f.lowCountLowGreyEmphasis }, // Σ d_ij/(i²j²) / N_s
  { feature: "Small distance high grey level emphasis", ibsiCode: "DKNJ", compute: f.lowCountHighGreyEmphasis }, // Σ i² d_ij/j² / N_s
  { feature: "Large distance low grey level emphasis", ibsiCode: "A7WM", compute: f.highCountLowGreyEmphasis }, // Σ j² d_ij/i² / N_s
  { feature: "Large distance high grey level emphasis", ibsiCode: "KLTH", compute: f.highCountHighGreyEmphasis }, // Σ i² j² d_ij / N_s
  { feature: "Grey level non-uniformity", ibsiCode: "VFT7", compute: f.greyLevelNonUniformity }, // Σ_i d_i.² / N_s
  { feature: "Normalised grey level non-uniformity", ibsiCode: "7HP3", compute: f.normalisedGreyLevelNonUniformity }, // Σ_i d_i.² / N_s²
  { feature: "Zone distance non-uniformity", ibsiCode: "V294", compute: f.countNonUniformity }, // Σ_j d_.j² / N_s
  { feature: "Normalised zone distance non-uniformity", ibsiCode: "IATH", compute: f.normalisedCountNonUniformity }, // Σ_j d_.j² / N_s²
  { feature: "Zone percentage", ibsiCode: "VIWW", compute: f.countPercentage }, // N_s / N_v
  { feature: "Grey level variance", ibsiCode: "QK93", compute: f.greyLevelVariance }, // Σ (i-μ)² p_ij
  { feature: "Zone distance variance", ibsiCode: "7WT1", compute: f.countVariance }, // Σ (j-μ)² p_ij
  { feature: "Zone distance entropy", ibsiCode: "GBDU", compute: f.countEntropy }, // -Σ p_ij log2 p_ij
];

/**
 * The mask whose edge distances are measured: IBSI uses the morphological mask (zones come from
 * the intensity mask). Intensity voxels outside it (not expected after re-segmentation) are added
 * so that every zone has a distance of at least 1.
 */
function distanceMask(roi: PreparedRoi, g: TextureGrid): Uint8Array {
  const mask = new Uint8Array(g.levels.length);
  for (let p = 0; p < mask.length; p++) mask[p] = roi.morphMask[p] || g.levels[p] > 0 ? 1 : 0;
  return mask;
}

/** Distance zone matrices: per slice (4-connected distances, 8-connected zones) or for the volume. */
function distanceZoneMatrices(roi: PreparedRoi, g: TextureGrid, planar: boolean): CountMatrix[] {
  const distance = edgeDistanceMap(distanceMask(roi, g), roi.dims, planar);
  const ms = planar ? Array.from({ length: g.nz }, () => new CountMatrix(g.present)) : [new CountMatrix(g.present)];
  forEachZone(g, planar, distance, (level, _size, d, k) => ms[planar ? k : 0].add(level, d));
  ms.forEach((m, k) => (m.nVoxels = planar ? g.sliceVoxels[k] : g.nVoxels));
  return ms;
}

/** IBSI grey level distance zone matrix features (VMDZ): 2D, 2.5D and 3D aggregation. */
export const gldzm: FamilyFunction = (roi, settings) => {
  const g = textureGrid(roi, "gldzm");
  return sliceAggregatedRows(
    countMatrixFamily("gldzm", GLDZM_FEATURES, g.present, "the ROI is empty: no zones",
      () => distanceZoneMatrices(roi, g, true),
      () => distanceZoneMatrices(roi, g, false)[0],
    ),
    settings,
  );
};
