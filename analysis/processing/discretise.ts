/**
 * IBSI discretisation (section 2.7): grey levels start at 1. Writes levels for voxels inside the
 * mask and 0 outside, and returns N_g (absent levels count, as IBSI defines).
 */

/** Fixed bin number: N_g equal bins between the ROI minimum and maximum. */
export function discretiseFixedBinNumber(
  intensity: Float64Array,
  mask: Uint8Array,
  nBins: number,
): { levels: Int32Array; nLevels: number } {
  let min = Infinity,
    max = -Infinity;
  for (let i = 0; i < intensity.length; i++) {
    if (!mask[i]) continue;
    const v = intensity[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const levels = new Int32Array(intensity.length);
  const range = max - min;
  for (let i = 0; i < intensity.length; i++) {
    if (!mask[i]) continue;
    // A flat ROI has one grey level; the maximum belongs to the last bin.
    levels[i] = range === 0 ? 1 : Math.min(nBins, Math.floor((nBins * (intensity[i] - min)) / range) + 1);
  }
  return { levels, nLevels: nBins };
}

/**
 * Fixed bin size w from the lower bound `lower` (the re-segmentation range's lower end when there is
 * one, else the ROI minimum). N_g is the highest level reached, or the count of bins up to the
 * re-segmentation range's upper end when `upper` is given.
 */
export function discretiseFixedBinSize(
  intensity: Float64Array,
  mask: Uint8Array,
  binWidth: number,
  lower?: number,
  upper?: number,
): { levels: Int32Array; nLevels: number } {
  let lo = lower;
  if (lo === undefined) {
    lo = Infinity;
    for (let i = 0; i < intensity.length; i++) if (mask[i] && intensity[i] < lo) lo = intensity[i];
  }
  const levels = new Int32Array(intensity.length);
  let maxLevel = 0;
  for (let i = 0; i < intensity.length; i++) {
    if (!mask[i]) continue;
    const level = Math.floor((intensity[i] - lo) / binWidth) + 1;
    levels[i] = level;
    if (level > maxLevel) maxLevel = level;
  }
  const nLevels = upper === undefined ? maxLevel : Math.max(maxLevel, Math.floor((upper - lo) / binWidth) + 1);
  return { levels, nLevels };
}
