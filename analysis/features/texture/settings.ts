import { usageError } from "../../core/errors.js";
import type { FeatureSettings } from "../types.js";

/** GLCM/NGTDM/NGLDM neighbourhood distance δ (Chebyshev, voxels): a positive integer, default 1. */
export function textureDistance(settings: FeatureSettings): number {
  const delta = settings.distance ?? 1;
  if (!Number.isInteger(delta) || delta < 1) throw usageError(`texture distance must be a positive integer number of voxels, got ${delta}`);
  return delta;
}

/** NGLDM coarseness α (grey levels): non-negative, default 0. */
export function ngldmCoarseness(settings: FeatureSettings): number {
  const alpha = settings.ngldmCoarseness ?? 0;
  if (!(alpha >= 0)) throw usageError(`NGLDM coarseness must be a non-negative number of grey levels, got ${alpha}`);
  return alpha;
}
