import type { GreyLevelSummary } from "../processing/greyLevels.js";

/**
 * Whether the grey levels a shift compares can carry its meaning. A histogram or texture feature
 * describes the ROI only when the discretisation cuts the ROI's intensities into enough levels,
 * each holding enough voxels. Two ways to fail, both read from the discretised ROI itself:
 *
 * - too coarse: the ROI occupies fewer than MIN_GREY_LEVELS grey levels, i.e. the bin width is not
 *   much smaller than the ROI's intensity range (a fixed bin size of 0.1 σ of the whole head on a
 *   ROI spanning 0.03 σ: one or two levels). A feature then measures where the few bin edges fall,
 *   and an affine map that moves an edge by a hair turns, e.g., 1 level into 2: shifts of hundreds
 *   of percent that say nothing about the ROI.
 * - too fine: the ROI holds fewer than MIN_VOXELS_PER_LEVEL voxels per occupied grey level, i.e.
 *   the bin width is far below the ROI's range / voxel count: almost every voxel is its own level,
 *   and the texture matrices are mostly empty.
 *
 * A shift is judged by the worse of its two discretisations (original and defaced).
 */

/** Fewer occupied grey levels than this: too coarse (the literature's texture studies use 8 to 256). */
export const MIN_GREY_LEVELS = 8;
/** Fewer ROI voxels per occupied grey level than this: too fine. */
export const MIN_VOXELS_PER_LEVEL = 2;

/** `discretisation` column of shifts.csv: n/a for features that read no grey levels. */
export type DiscretisationStatus = "ok" | "too-coarse" | "too-fine" | "n/a";

export function discretisationStatus(s: GreyLevelSummary): Exclude<DiscretisationStatus, "n/a"> {
  if (s.occupied < MIN_GREY_LEVELS) return "too-coarse";
  if (s.voxels < MIN_VOXELS_PER_LEVEL * s.occupied) return "too-fine";
  return "ok";
}

/** The worse of the two discretisations a shift compares: too coarse before too fine before ok. */
export function pairStatus(original: GreyLevelSummary, defaced: GreyLevelSummary): Exclude<DiscretisationStatus, "n/a"> {
  const a = discretisationStatus(original);
  const b = discretisationStatus(defaced);
  if (a === "too-coarse" || b === "too-coarse") return "too-coarse";
  if (a === "too-fine" || b === "too-fine") return "too-fine";
  return "ok";
}

/** Whether a shift under this status is ranked apart from the meaningful ones. */
export const isDegenerate = (status: DiscretisationStatus | undefined): boolean => status === "too-coarse" || status === "too-fine";
