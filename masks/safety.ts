import { DefaceImpactError } from "../analysis/core/errors.js";
import type { Grid, Mask } from "../analysis/core/volume.js";
import { squaredDistanceTransform } from "./distanceTransform.js";
import { voxelVolumeMm3 } from "./worldGeometry.js";

/**
 * What a face mask does to the parts of the scan that must survive: the ROI (an overlap is an
 * error unless allowed), the brain (intrusion in voxels and mm³), and how close it comes to the ROI.
 */
export interface SafetyReport {
  maskVoxels: number;
  maskVolumeMm3: number;
  /** voxels of the ROI inside the mask (null without an ROI). */
  roiOverlapVoxels: number | null;
  /** brain voxels inside the mask, and their volume (null without a brain mask). */
  brainIntrusionVoxels: number | null;
  brainIntrusionMm3: number | null;
  /** smallest distance between a mask voxel centre and an ROI voxel centre, mm (0 if they overlap; null without an ROI or with an empty mask). */
  minDistanceToRoiMm: number | null;
  /** share of the head (foreground) inside the mask, 0..1 (null without a head mask). */
  headRemovedFraction: number | null;
}

export interface SafetyInputs {
  roi?: Mask;
  brain?: Mask;
  head?: Mask;
  /** an ROI overlap is reported instead of failing. */
  allowRoiOverlap?: boolean;
  /** names the mask in error messages (a file or a defacer). */
  maskName?: string;
}

export function safetyChecks(mask: Mask, grid: Grid, inputs: SafetyInputs = {}): SafetyReport {
  const voxelMm3 = voxelVolumeMm3(grid.affine);
  let maskVoxels = 0;
  let roiOverlap = 0;
  let brainIn = 0;
  let headIn = 0;
  let headAll = 0;
  const { roi, brain, head } = inputs;
  for (let i = 0; i < mask.length; i++) {
    const m = mask[i];
    maskVoxels += m;
    if (roi && roi[i] && m) roiOverlap++;
    if (brain && brain[i] && m) brainIn++;
    if (head && head[i]) (headAll++, (headIn += m));
  }
  if (roi && roiOverlap > 0 && !inputs.allowRoiOverlap)
    throw new DefaceImpactError(
      "input",
      `the face mask${inputs.maskName ? ` (${inputs.maskName})` : ""} removes ${roiOverlap} ROI voxels (${(roiOverlap * voxelMm3).toFixed(1)} mm³): ` +
        "the ROI would be changed by the defacing itself; check the ROI and the mask, or pass --allow-roi-overlap to measure it anyway",
    );
  return {
    maskVoxels,
    maskVolumeMm3: maskVoxels * voxelMm3,
    roiOverlapVoxels: roi ? roiOverlap : null,
    brainIntrusionVoxels: brain ? brainIn : null,
    brainIntrusionMm3: brain ? brainIn * voxelMm3 : null,
    minDistanceToRoiMm: roi && maskVoxels > 0 ? minDistanceMm(mask, roi, grid) : null,
    headRemovedFraction: head ? (headAll > 0 ? headIn / headAll : 0) : null,
  };
}

/**
 * Smallest distance (mm) between the centres of voxels of `a` and of `b`: the exact Euclidean
 * distance transform of `a` (anisotropic spacing), read at the voxels of `b`. Null if either is empty.
 */
export function minDistanceMm(a: Mask, b: Mask, grid: Pick<Grid, "dims" | "spacing">): number | null {
  let anyB = false;
  for (let i = 0; i < b.length && !anyB; i++) if (b[i]) anyB = true;
  if (!anyB) return null;
  const d2 = squaredDistanceTransform(a, grid.dims, grid.spacing);
  let best = Infinity;
  for (let i = 0; i < b.length; i++) if (b[i] && d2[i] < best) best = d2[i];
  return best === Infinity ? null : Math.sqrt(best);
}
