import type { DiscretisedRoi } from "./prepare.js";
import { maskRange } from "./discretise.js";

/**
 * How one discretisation cut the ROI: the grey levels its voxels occupy, and the ROI's intensity
 * range against the bin width. This is what says whether the histogram and texture features of a
 * configuration describe the ROI or the position of a few bin edges (analysis/impact/degenerate.ts).
 */
export interface GreyLevelSummary {
  /** the `config` label (fbn32, fbs0.1, ...). */
  config: string;
  /** distinct grey levels held by at least one ROI voxel. */
  occupied: number;
  /** N_g as the features use it (absent levels count). */
  nLevels: number;
  /** the ROI's intensity voxels (after re-segmentation). */
  voxels: number;
  /** the ROI's lowest and highest intensity, in the units of the (normalised) intensities. */
  min: number;
  max: number;
  /** the width of one bin in those units: W for fbsW, (max − min)/N for fbnN, 1 without discretisation. */
  binWidth: number;
}

/** The grey-level summary of one discretised ROI (a pass over the prepared box). */
export function greyLevelSummary(d: DiscretisedRoi, intensity: ArrayLike<number>, intensityMask: Uint8Array): GreyLevelSummary {
  const seen = new Uint8Array(d.nLevels + 2);
  let occupied = 0,
    voxels = 0;
  for (let i = 0; i < intensityMask.length; i++) {
    if (!intensityMask[i]) continue;
    voxels++;
    const level = d.levels[i];
    if (!seen[level]) {
      seen[level] = 1;
      occupied++;
    }
  }
  const [min, max] = voxels ? maskRange(intensity, intensityMask) : [NaN, NaN];
  const k = d.discretisation;
  const binWidth = k.kind === "fbs" ? k.binWidth : k.kind === "fbn" ? (max - min) / k.nBins : 1;
  return { config: d.label, occupied, nLevels: d.nLevels, voxels, min, max, binWidth };
}
