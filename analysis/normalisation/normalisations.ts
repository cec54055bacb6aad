import { usageError } from "../core/errors.js";
import type { VoxelArray } from "../core/volume.js";
import { replaceVoxels, volumeMoments, type RegionMoments, type SdMode } from "./moments.js";
import { zscoreFromMoments, type AffineIntensityMap } from "./zscore.js";

/** Normalisations, each named by the region its statistics come from. */
export const NORMALISATION_NAMES = ["none", "zscore-global"] as const;
export type NormalisationName = (typeof NORMALISATION_NAMES)[number];

export function parseNormalisation(name: string): NormalisationName {
  if ((NORMALISATION_NAMES as readonly string[]).includes(name)) return name as NormalisationName;
  throw usageError(`unknown normalisation "${name}": choose from ${NORMALISATION_NAMES.join(", ")}`);
}

/** The statistics a normalisation drew from its region, for the report. */
export interface NormalisationParameters extends AffineIntensityMap {
  normalisation: NormalisationName;
  /** μ of the region (image units); absent for `none`. */
  mean?: number;
  /** σ of the region (image units). */
  sd?: number;
  /** voxels in the region. */
  count?: number;
}

export interface NormalisationOptions {
  sdMode: SdMode;
  /** multiplies the z-score (PyRadiomics' normalizeScale). */
  scaleFactor: number;
}

/** One image condition as normalisation sees it: the voxels it replaced and their new values. */
export interface ReplacedVoxels {
  indices: Uint32Array;
  values: Float64Array;
}

/**
 * Normalisation parameters for the original image (conditions[0] must replace nothing) and every
 * defaced condition. The whole volume is read once; each defaced condition then costs O(|mask|).
 */
export function normalisationParameters(
  data: VoxelArray,
  conditions: ReplacedVoxels[],
  names: readonly NormalisationName[],
  options: NormalisationOptions,
): NormalisationParameters[][] {
  let global: RegionMoments | undefined;
  return conditions.map((condition) =>
    names.map((normalisation): NormalisationParameters => {
      switch (normalisation) {
        case "none":
          return { normalisation, scale: 1, offset: 0 };
        case "zscore-global": {
          global ??= volumeMoments(data);
          const moments = replaceVoxels(global, data, condition.indices, condition.values);
          const z = zscoreFromMoments(moments, options.sdMode, options.scaleFactor);
          return { normalisation, ...z };
        }
      }
    }),
  );
}
