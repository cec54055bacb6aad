import { DefaceImpactError } from "../core/errors.js";
import { meanAndSd, type RegionMoments, type SdMode } from "./moments.js";

/**
 * An intensity normalisation as applied to voxels: Ĩ = scale·I + offset. Every normalisation of
 * deface-impact is such an affine map; only its region (where μ and σ come from) differs.
 */
export interface AffineIntensityMap {
  scale: number;
  offset: number;
}

export interface ZScoreParameters extends AffineIntensityMap {
  /** μ of the region (image units). */
  mean: number;
  /** σ of the region (image units). */
  sd: number;
  /** voxels in the region. */
  count: number;
}

/** z-score (I − μ)/σ over a region, with an optional scale factor (PyRadiomics' normalizeScale). */
export function zscoreFromMoments(moments: RegionMoments, sdMode: SdMode = "population", factor = 1): ZScoreParameters {
  const { mean, sd } = meanAndSd(moments, sdMode);
  if (!(sd > 0)) {
    throw new DefaceImpactError("input", `cannot z-score: the normalisation region has zero variance (${moments.count} voxels)`);
  }
  return { mean, sd, count: moments.count, scale: factor / sd, offset: (-factor * mean) / sd };
}

export const IDENTITY_MAP: AffineIntensityMap = { scale: 1, offset: 0 };

/**
 * The map that takes the original condition's normalised intensities of an unchanged voxel to the
 * defaced condition's: Ĩ_d = a·Ĩ + b, with a = s_d/s and b = o_d − a·o.
 */
export function relativeMap(original: AffineIntensityMap, defaced: AffineIntensityMap): { a: number; b: number } {
  const a = defaced.scale / original.scale;
  return { a, b: defaced.offset - a * original.offset };
}
