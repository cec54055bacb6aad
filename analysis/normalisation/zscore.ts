import { DefaceImpactError } from "../core/errors.js";
import { meanAndSd, type RegionMoments, type SdMode } from "./moments.js";

/**
 * An intensity normalisation as applied to voxels: Ĩ = clamp(scale·I + offset, clip). Every
 * normalisation of deface-impact is such a map; only its region (where its statistics come from)
 * differs. Without `clip` the map is affine.
 */
export interface AffineIntensityMap {
  scale: number;
  offset: number;
  /** clip normalised values to [−clip, clip] (PyRadiomics' removeOutliers, scaled). */
  clip?: number;
}

export interface ZScoreParameters extends AffineIntensityMap {
  /** μ of the region (image units). */
  mean: number;
  /** σ of the region (image units). */
  sd: number;
  /** voxels in the region. */
  count: number;
}

export interface ZScoreOptions {
  sdMode: SdMode;
  /** multiplies the z-score (PyRadiomics' normalizeScale). */
  scaleFactor: number;
  /** clip z-scores beyond ± this many σ before scaling (PyRadiomics' removeOutliers). */
  outlierSd?: number;
}

/** z-score (I − μ)/σ over a region, with PyRadiomics' scale factor and outlier clipping. */
export function zscoreFromMoments(moments: RegionMoments, options: ZScoreOptions, regionName: string): ZScoreParameters {
  const { mean, sd } = meanAndSd(moments, options.sdMode);
  if (!(sd > 0)) {
    throw new DefaceImpactError(
      "input",
      `cannot z-score over the ${regionName}: its ${moments.count} voxels have zero variance`,
    );
  }
  const f = options.scaleFactor;
  return {
    mean,
    sd,
    count: moments.count,
    scale: f / sd,
    offset: (-f * mean) / sd,
    ...(options.outlierSd !== undefined ? { clip: options.outlierSd * f } : {}),
  };
}

/** Applies a map to one value. */
export function applyMap(map: AffineIntensityMap, x: number): number {
  const v = map.scale * x + map.offset;
  if (map.clip === undefined) return v;
  return v > map.clip ? map.clip : v < -map.clip ? -map.clip : v;
}

/**
 * The map that takes the original condition's normalised intensities of an unchanged voxel to the
 * defaced condition's: Ĩ_d = a·Ĩ + b, with a = s_d/s and b = o_d − a·o (exact where nothing is clipped).
 */
export function relativeMap(original: AffineIntensityMap, defaced: AffineIntensityMap): { a: number; b: number } {
  const a = defaced.scale / original.scale;
  return { a, b: defaced.offset - a * original.offset };
}
