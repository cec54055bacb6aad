import { boxDims, maskBoundingBox } from "./crop.js";
import type { Vec3 } from "../core/volume.js";

/**
 * IBSI diagnostic features (reference manual chapter 5, "Diagnostic features"): how the image and
 * the ROI masks change with each processing step. They make processing differences visible before
 * they spread into hundreds of feature values.
 */

export interface ImageDiagnostics {
  /** voxels along x, y, z. */
  dims: Vec3;
  /** voxel size (mm). */
  spacing: Vec3;
  /** mean, minimum and maximum over the whole image; absent when not computed (see prepareRoi). */
  mean?: number;
  min?: number;
  max?: number;
}

export interface RoiDiagnostics {
  /** dimensions of the grid the masks live on (the whole image's grid). */
  maskDims: Vec3;
  intensityBoxDims: Vec3;
  morphologyBoxDims: Vec3;
  intensityCount: number;
  morphologyCount: number;
  /** intensities inside the intensity mask. */
  mean: number;
  min: number;
  max: number;
}

export interface Diagnostics {
  initialImage: ImageDiagnostics;
  interpolatedImage: ImageDiagnostics;
  initialRoi: RoiDiagnostics;
  interpolatedRoi: RoiDiagnostics;
  resegmentedRoi: RoiDiagnostics;
}

const AXES = ["x", "y", "z"] as const;

/**
 * The diagnostics keyed like the reference table's `compliance_tag` column (e.g.
 * `int_mask_vox_count_reseg_roi`), so each can be compared with its reference value.
 */
export function diagnosticValues(d: Diagnostics): Map<string, number> {
  const out = new Map<string, number>();
  const image = (img: ImageDiagnostics, stage: string) => {
    AXES.forEach((a, i) => out.set(`img_dim_${a}_${stage}`, img.dims[i]));
    AXES.forEach((a, i) => out.set(`vox_dim_${a}_${stage}`, img.spacing[i]));
    if (img.mean !== undefined) out.set(`mean_int_${stage}`, img.mean);
    if (img.min !== undefined) out.set(`min_int_${stage}`, img.min);
    if (img.max !== undefined) out.set(`max_int_${stage}`, img.max);
  };
  const roi = (r: RoiDiagnostics, stage: string) => {
    AXES.forEach((a, i) => out.set(`int_mask_dim_${a}_${stage}`, r.maskDims[i]));
    AXES.forEach((a, i) => out.set(`int_mask_bb_dim_${a}_${stage}`, r.intensityBoxDims[i]));
    AXES.forEach((a, i) => out.set(`morph_mask_bb_dim_${a}_${stage}`, r.morphologyBoxDims[i]));
    out.set(`int_mask_vox_count_${stage}`, r.intensityCount);
    out.set(`morph_mask_vox_count_${stage}`, r.morphologyCount);
    out.set(`int_mask_mean_int_${stage}`, r.mean);
    out.set(`int_mask_min_int_${stage}`, r.min);
    out.set(`int_mask_max_int_${stage}`, r.max);
  };
  image(d.initialImage, "init_img");
  image(d.interpolatedImage, "interp_img");
  roi(d.initialRoi, "init_roi");
  roi(d.interpolatedRoi, "interp_roi");
  roi(d.resegmentedRoi, "reseg_roi");
  return out;
}

/** Mean, minimum and maximum of the values where `mask` is set (all values when mask is null). */
export function maskedStats(values: ArrayLike<number>, mask: Uint8Array | null): { mean: number; min: number; max: number; count: number } {
  let n = 0,
    sum = 0,
    min = Infinity,
    max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (mask && !mask[i]) continue;
    const v = values[i];
    n++;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { mean: n ? sum / n : NaN, min, max, count: n };
}

/** Bounding-box size of a mask stored on a box of `dims` (zeros when the mask is empty). */
export function maskBoxDims(mask: Uint8Array, dims: Vec3): Vec3 {
  const box = maskBoundingBox(mask, dims);
  return box ? boxDims(box) : [0, 0, 0];
}
