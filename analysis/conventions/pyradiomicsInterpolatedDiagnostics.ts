import type { Vec3, Volume } from "../core/volume.js";
import { castToVoxelType } from "../processing/castToVoxelType.js";
import { boxDims, maskBoundingBox, type BoundingBox } from "../processing/crop.js";
import { maskedStats } from "../processing/diagnostics.js";
import type { PreparedResult } from "../processing/prepare.js";
import { resampleRegion } from "../processing/resampleRegion.js";
import { resampledGrid, type ResampledGrid } from "../processing/resample.js";
import type { ProcessingSettings } from "../settings.js";
import { connectedComponents, lpsPoint, maskCentre } from "./pyradiomicsDiagnostics.js";

/**
 * PyRadiomics' diagnostics after resampling (generalinfo.py with prefix "interpolated"): the
 * resampled image is the block of PyRadiomics' grid around the ROI's bounding box plus padDistance
 * new voxels (imageoperations.resampleImage), and its indices and physical points refer to that
 * block. Its values equal ours voxel for voxel (same grid, interpolation and cast), so these check
 * the grid placement, the interpolation and the resampled mask against PyRadiomics' own numbers.
 */
export interface PyradiomicsInterpolatedDiagnostics {
  "Image-interpolated_Spacing": Vec3;
  "Image-interpolated_Size": Vec3;
  "Image-interpolated_Mean": number;
  "Image-interpolated_Minimum": number;
  "Image-interpolated_Maximum": number;
  "Mask-interpolated_Spacing": Vec3;
  "Mask-interpolated_Size": Vec3;
  "Mask-interpolated_BoundingBox": [number, number, number, number, number, number];
  "Mask-interpolated_VoxelNum": number;
  "Mask-interpolated_VolumeNum": number;
  "Mask-interpolated_CenterOfMassIndex": Vec3;
  "Mask-interpolated_CenterOfMass": Vec3;
  "Mask-interpolated_Mean": number;
  "Mask-interpolated_Minimum": number;
  "Mask-interpolated_Maximum": number;
}

/** PyRadiomics' resampled block: new-grid voxels around the ROI's box (original voxels) plus `pad`, clipped to the grid. */
export function pyradiomicsResampledBlock(grid: ResampledGrid, roiBox: BoundingBox, pad: number): BoundingBox {
  const lo: Vec3 = [0, 0, 0],
    hi: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const ratio = 1 / grid.step[a];
    lo[a] = Math.max(0, Math.floor((roiBox.lo[a] - 0.5) * ratio - pad));
    hi[a] = Math.min(grid.dims[a] - 1, Math.ceil((roiBox.hi[a] + 0.5) * ratio + pad));
  }
  return { lo, hi };
}

/**
 * The interpolated diagnostics, or null when `processing` does not resample. `image` is the
 * (normalised) image prepareRoi resampled, `roiBox` the original ROI's box, `prepared` its result.
 */
export function pyradiomicsInterpolatedDiagnostics(
  image: Volume,
  processing: ProcessingSettings,
  roiBox: BoundingBox,
  prepared: PreparedResult,
  padDistance: number,
): PyradiomicsInterpolatedDiagnostics | null {
  const rs = processing.resampling;
  if (!rs.spacing) return null;
  const grid = resampledGrid(image.dims, image.spacing, rs.spacing, rs.gridAlignment);
  const block = pyradiomicsResampledBlock(grid, roiBox, padDistance);
  const size = boxDims(block);
  const values = resampleRegion(image.data, image.dims, grid, { lo: block.lo, dims: size }, rs.interpolation, rs.imageEdge);
  if (rs.castToInputType) castToVoxelType(values, image.data);
  const whole = maskedStats(values, null);

  const { roi, box } = prepared;
  const mask = roi.morphMask;
  const inRoi = maskedStats(roi.intensity, mask);
  const mbox = maskBoundingBox(mask, roi.dims)!;
  const offset = [0, 1, 2].map((a) => box.lo[a] - block.lo[a]); // prepared box → PyRadiomics' block
  const centre = maskCentre(mask, roi.dims).centre.map((v, a) => v + offset[a]) as Vec3;
  // Physical point of a block index: its original voxel coordinates through the image's affine.
  const physical = lpsPoint(image.affine, centre.map((v, a) => grid.origin[a] + grid.step[a] * (v + block.lo[a])));
  return {
    "Image-interpolated_Spacing": [...grid.spacing],
    "Image-interpolated_Size": size,
    "Image-interpolated_Mean": whole.mean,
    "Image-interpolated_Minimum": whole.min,
    "Image-interpolated_Maximum": whole.max,
    "Mask-interpolated_Spacing": [...grid.spacing],
    "Mask-interpolated_Size": size,
    "Mask-interpolated_BoundingBox": [mbox.lo[0] + offset[0], mbox.lo[1] + offset[1], mbox.lo[2] + offset[2], ...boxDims(mbox)],
    "Mask-interpolated_VoxelNum": inRoi.count,
    "Mask-interpolated_VolumeNum": connectedComponents(mask, roi.dims, mbox.lo, mbox.hi),
    "Mask-interpolated_CenterOfMassIndex": centre,
    "Mask-interpolated_CenterOfMass": physical,
    "Mask-interpolated_Mean": inRoi.mean,
    "Mask-interpolated_Minimum": inRoi.min,
    "Mask-interpolated_Maximum": inRoi.max,
  };
}
