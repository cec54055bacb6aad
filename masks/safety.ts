import { DefaceImpactError } from "../analysis/core/errors.js";
import { countMask, type Grid, type Mask } from "../analysis/core/volume.js";
import { maskBoundingBox } from "../analysis/processing/crop.js";
import { minDistanceMm } from "./maskDistance.js";
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
  /** the ROI's file, named in the error when the mask removes ROI voxels. */
  roiName?: string;
}

export function safetyChecks(mask: Mask, grid: Grid, inputs: SafetyInputs = {}): SafetyReport {
  const voxelMm3 = voxelVolumeMm3(grid.affine);
  let maskVoxels = 0;
  let roiOverlap = 0;
  let brainIn = 0;
  let headIn = 0;
  const { roi, brain, head } = inputs;
  // what the mask removes lies in its bounding box: only the head's own size needs the whole grid
  const box = maskBoundingBox(mask, grid.dims);
  const [nx, ny] = grid.dims;
  if (box)
    for (let k = box.lo[2]; k <= box.hi[2]; k++)
      for (let j = box.lo[1]; j <= box.hi[1]; j++)
        for (let i = box.lo[0], v = i + nx * (j + ny * k); i <= box.hi[0]; i++, v++) {
          if (!mask[v]) continue;
          maskVoxels++;
          if (roi && roi[v]) roiOverlap++;
          if (brain && brain[v]) brainIn++;
          if (head && head[v]) headIn++;
        }
  const headAll = head ? countMask(head) : 0;
  if (roi && roiOverlap > 0 && !inputs.allowRoiOverlap)
    throw new DefaceImpactError(
      "input",
      `the face mask${inputs.maskName ? ` (${inputs.maskName})` : ""} removes ${roiOverlap} ROI voxels (${(roiOverlap * voxelMm3).toFixed(1)} mm³): ` +
        "the ROI would be changed by the defacing itself; check the ROI and the mask, or pass --allow-roi-overlap to measure it anyway",
      inputs.roiName,
    );
  return {
    maskVoxels,
    maskVolumeMm3: maskVoxels * voxelMm3,
    roiOverlapVoxels: roi ? roiOverlap : null,
    brainIntrusionVoxels: brain ? brainIn : null,
    brainIntrusionMm3: brain ? brainIn * voxelMm3 : null,
    minDistanceToRoiMm: roi && maskVoxels > 0 ? roiDistance(roi, mask, roiOverlap, grid) : null,
    headRemovedFraction: head ? (headAll > 0 ? headIn / headAll : 0) : null,
  };
}

/** Mask-to-ROI distance (mm): 0 when they overlap, else the exact distance between their surfaces. */
function roiDistance(roi: Mask, mask: Mask, overlap: number, grid: Grid): number | null {
  if (overlap > 0) return 0;
  const d = minDistanceMm(roi, mask, grid);
  return Number.isFinite(d) ? d : null;
}
