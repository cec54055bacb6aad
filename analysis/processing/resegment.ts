/**
 * IBSI re-segmentation (section 2.5, IF9H): removes voxels from the intensity mask (SEFI) by
 * intensity; the morphological mask (G5KJ) is left as it is. Combining methods keeps the
 * intersection of their intensity ranges.
 */

export interface ResegmentationSettings {
  /** range re-segmentation (USB3) [lower, upper], inclusive; null for an open end. */
  range?: readonly [number | null, number | null] | null;
  /** outlier filtering (7ACA): keep μ ± k·σ of the ROI intensities; IBSI uses k = 3. */
  outlierSigma?: number | null;
}

/** The closed intensity interval a voxel must lie in to stay in the intensity mask. */
export interface ResegmentationBounds {
  lower: number;
  upper: number;
}

/**
 * The interval implied by the settings on these ROI intensities: the range ∩ [μ − kσ, μ + kσ],
 * with μ and σ (population) over the ROI before re-segmentation, as IBSI (and MIRP) define it.
 */
export function resegmentationBounds(
  intensity: ArrayLike<number>,
  mask: Uint8Array,
  settings: ResegmentationSettings,
): ResegmentationBounds {
  let lower = -Infinity,
    upper = Infinity;
  if (settings.range) {
    if (settings.range[0] !== null) lower = settings.range[0];
    if (settings.range[1] !== null) upper = settings.range[1];
  }
  if (settings.outlierSigma) {
    let n = 0,
      sum = 0;
    for (let i = 0; i < mask.length; i++) {
      if (mask[i]) {
        n++;
        sum += intensity[i];
      }
    }
    if (n > 0) {
      const mean = sum / n;
      let ss = 0;
      for (let i = 0; i < mask.length; i++) if (mask[i]) ss += (intensity[i] - mean) ** 2;
      const sd = Math.sqrt(ss / n);
      lower = Math.max(lower, mean - settings.outlierSigma * sd);
      upper = Math.min(upper, mean + settings.outlierSigma * sd);
    }
  }
  return { lower, upper };
}

/** A new intensity mask: the voxels of `mask` whose intensity lies in [lower, upper]. */
export function applyBounds(intensity: ArrayLike<number>, mask: Uint8Array, bounds: ResegmentationBounds): Uint8Array {
  const out = new Uint8Array(mask.length);
  const { lower, upper } = bounds;
  for (let i = 0; i < mask.length; i++) {
    const v = intensity[i];
    out[i] = mask[i] && v >= lower && v <= upper ? 1 : 0;
  }
  return out;
}

/** Re-segments: returns the intensity mask and the bounds that were applied. */
export function resegment(
  intensity: ArrayLike<number>,
  mask: Uint8Array,
  settings: ResegmentationSettings,
): { intensityMask: Uint8Array; bounds: ResegmentationBounds } {
  const bounds = resegmentationBounds(intensity, mask, settings);
  return { intensityMask: applyBounds(intensity, mask, bounds), bounds };
}
