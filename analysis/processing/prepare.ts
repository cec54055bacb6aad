import { inputError, usageError } from "../core/errors.js";
import { voxelCount, type Mask, type Vec3, type Volume } from "../core/volume.js";
import { DISCRETISED_FAMILIES } from "../features/registry.js";
import type { PreparedRoi } from "../features/types.js";
import { boxDims, cropMask, cropValues, padBox, roiBoundingBox, type BoundingBox } from "./crop.js";
import { maskBoxDims, maskedStats, type Diagnostics, type ImageDiagnostics, type RoiDiagnostics } from "./diagnostics.js";
import { discretise } from "./discretise.js";
import { resegment } from "./resegment.js";
import {
  cropClamped,
  isIdentityAxis,
  kernelSupport,
  resampleBlock,
  resampledGrid,
  roundHalfEven,
  SPLINE_PREFILTER_MARGIN,
  type Interpolation,
  type OutputBlock,
  type ResampledGrid,
} from "./resample.js";
import type { ProcessingSettings } from "./settings.js";

/**
 * Radius (mm) of the 1 cm³ sphere of the local intensity features (IBSI 3.2): the prepared box keeps
 * real image values this far around the ROI so local intensity peaks see the ROI's surroundings.
 */
export const LOCAL_INTENSITY_RADIUS_MM = 6.2035;

export interface PreparedResult {
  roi: PreparedRoi;
  diagnostics: Diagnostics;
  /** where the ROI box sits on the (resampled) grid: voxel lo .. lo + dims − 1. */
  box: OutputBlock;
}

export interface PrepareOptions {
  /**
   * Also report the whole image's mean/min/max before and after interpolation (a pass over the
   * full volume and a full-volume interpolation; the ROI itself never needs them).
   */
  fullImageDiagnostics?: boolean;
  /**
   * Most voxels the resampled ROI box may have (the caller's memory budget; each voxel costs a few
   * float64 copies). A finer spacing than that is refused before anything is allocated.
   */
  maxResampledVoxels?: number;
}

/**
 * IBSI image processing of one ROI: crop to the ROI's bounding box plus a margin, interpolate that
 * box only (on the resampled grid's coordinates, so values equal resampling the whole image),
 * split into morphological and intensity masks, re-segment, discretise.
 */
export function prepareRoi(
  image: Volume,
  mask: Mask,
  settings: ProcessingSettings,
  options: PrepareOptions = {},
): PreparedResult {
  if (mask.length !== voxelCount(image)) {
    throw inputError(`ROI mask has ${mask.length} voxels but the image has ${voxelCount(image)}`, "ROI mask");
  }
  const box = roiBoundingBox(mask, image, "ROI mask");
  const initialImage = imageDiagnostics(image, options.fullImageDiagnostics ?? false);
  const initialRoi = initialRoiDiagnostics(image, mask, box);

  const rs = settings.resampling;
  let dims: Vec3, spacing: Vec3, intensity: Float64Array, morphMask: Uint8Array;
  let interpolatedImage: ImageDiagnostics;
  let where: OutputBlock;
  if (!rs.spacing) {
    const margin = image.spacing.map((s) => Math.ceil(LOCAL_INTENSITY_RADIUS_MM / s)) as Vec3;
    const outer = padBoxPerAxis(box, margin, image.dims);
    dims = boxDims(outer);
    where = { lo: [...outer.lo], dims };
    spacing = [...image.spacing];
    intensity = cropValues(image.data, image.dims, outer);
    morphMask = binary(cropMask(mask, image.dims, outer));
    interpolatedImage = { ...initialImage };
  } else {
    const target = rs.inPlane ? [rs.spacing[0], rs.spacing[1], null] : rs.spacing;
    const grid = resampledGrid(image.dims, image.spacing, target);
    const block = roiBlock(grid, box, rs.maskInterpolation);
    const voxels = block.dims[0] * block.dims[1] * block.dims[2];
    if (options.maxResampledVoxels !== undefined && !(voxels <= options.maxResampledVoxels)) {
      throw usageError(
        `resampling to ${rs.spacing.join(" x ")} mm makes the ROI's box ${block.dims.join(" x ")} voxels, more than the ${options.maxResampledVoxels} that fit in memory: choose a coarser spacing`,
      );
    }
    dims = block.dims;
    where = block;
    spacing = [...grid.spacing];
    intensity = resampleRegion(image.data, image.dims, grid, block, rs.interpolation);
    if (rs.roundIntensities) for (let i = 0; i < intensity.length; i++) intensity[i] = roundHalfEven(intensity[i]);
    const maskValues = resampleRegion(mask, image.dims, grid, block, rs.maskInterpolation, true);
    morphMask = threshold(maskValues, rs.maskThreshold);
    interpolatedImage = { dims: [...grid.dims], spacing: [...grid.spacing] };
    if (options.fullImageDiagnostics) {
      const whole = resampleRegion(image.data, image.dims, grid, { lo: [0, 0, 0], dims: grid.dims }, rs.interpolation);
      if (rs.roundIntensities) for (let i = 0; i < whole.length; i++) whole[i] = roundHalfEven(whole[i]);
      const s = maskedStats(whole, null);
      interpolatedImage = { ...interpolatedImage, mean: s.mean, min: s.min, max: s.max };
    }
  }
  const gridDims = interpolatedImage.dims;
  const interpolatedRoi = roiDiagnostics(intensity, morphMask, morphMask, dims, gridDims);

  const { intensityMask } = resegment(intensity, morphMask, settings.resegmentation);
  const resegmentedRoi = roiDiagnostics(intensity, intensityMask, morphMask, dims, gridDims);

  const range = settings.resegmentation.range;
  const roi: PreparedRoi = { dims, spacing, intensity, intensityMask, morphMask };
  if (range) roi.resegRange = [range[0] ?? -Infinity, range[1] ?? Infinity];
  const families = settings.families;
  if (!families || families.some((f) => DISCRETISED_FAMILIES.has(f))) {
    if (resegmentedRoi.intensityCount > 0) {
      const d = discretise(intensity, intensityMask, settings.discretisation, range?.[0] ?? undefined);
      roi.levels = d.levels;
      roi.nLevels = d.nLevels;
    }
  }
  return {
    roi,
    diagnostics: { initialImage, interpolatedImage, initialRoi, interpolatedRoi, resegmentedRoi },
    box: where,
  };
}

function imageDiagnostics(image: Volume, withStats: boolean): ImageDiagnostics {
  if (!withStats) return { dims: [...image.dims], spacing: [...image.spacing] };
  const s = maskedStats(image.data, null);
  return { dims: [...image.dims], spacing: [...image.spacing], mean: s.mean, min: s.min, max: s.max };
}

function initialRoiDiagnostics(image: Volume, mask: Mask, box: BoundingBox): RoiDiagnostics {
  const values = cropValues(image.data, image.dims, box);
  const m = binary(cropMask(mask, image.dims, box));
  return roiDiagnostics(values, m, m, boxDims(box), image.dims);
}

function roiDiagnostics(
  intensity: Float64Array,
  intensityMask: Uint8Array,
  morphMask: Uint8Array,
  dims: Vec3,
  gridDims: Vec3,
): RoiDiagnostics {
  const s = maskedStats(intensity, intensityMask);
  let morphCount = 0;
  for (let i = 0; i < morphMask.length; i++) morphCount += morphMask[i];
  return {
    maskDims: [...gridDims],
    intensityBoxDims: maskBoxDims(intensityMask, dims),
    morphologyBoxDims: maskBoxDims(morphMask, dims),
    intensityCount: s.count,
    morphologyCount: morphCount,
    mean: s.mean,
    min: s.min,
    max: s.max,
  };
}

function padBoxPerAxis(box: BoundingBox, margin: Vec3, dims: Vec3): BoundingBox {
  const out = padBox(box, 0, dims);
  for (let a = 0; a < 3; a++) {
    out.lo[a] = Math.max(0, box.lo[a] - margin[a]);
    out.hi[a] = Math.min(dims[a] - 1, box.hi[a] + margin[a]);
  }
  return out;
}

/**
 * The block of the resampled grid to compute: every new voxel whose interpolated mask can be
 * non-zero (within one original voxel of the ROI's bounding box), plus the local-intensity margin,
 * clipped to the new grid.
 */
function roiBlock(grid: ResampledGrid, box: BoundingBox, maskMethod: Interpolation): OutputBlock {
  const reach = maskMethod === "nearest" ? 0.5 : 1;
  const lo: Vec3 = [0, 0, 0],
    dims: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const margin = Math.ceil(LOCAL_INTENSITY_RADIUS_MM / grid.spacing[a]);
    const first = Math.floor((box.lo[a] - reach - grid.origin[a]) / grid.step[a]) - margin;
    const last = Math.ceil((box.hi[a] + reach - grid.origin[a]) / grid.step[a]) + margin;
    lo[a] = Math.max(0, first);
    dims[a] = Math.min(grid.dims[a] - 1, last) - lo[a] + 1;
  }
  return { lo, dims };
}

/**
 * Interpolates a block of the new grid from the part of a volume-sized array it needs: the block's
 * footprint on the original grid plus the kernel support (and the spline prefilter's margin).
 */
function resampleRegion(
  data: ArrayLike<number>,
  dims: Vec3,
  grid: ResampledGrid,
  block: OutputBlock,
  method: Interpolation,
  asMask = false,
): Float64Array {
  const lo: Vec3 = [0, 0, 0],
    hi: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const extra = isIdentityAxis(grid, a) ? 0 : kernelSupport(method) + (method === "spline" ? SPLINE_PREFILTER_MARGIN : 0);
    lo[a] = Math.floor(grid.origin[a] + grid.step[a] * block.lo[a]) - extra;
    hi[a] = Math.ceil(grid.origin[a] + grid.step[a] * (block.lo[a] + block.dims[a] - 1)) + extra;
  }
  const src = cropClamped(data, dims, lo, hi);
  if (asMask) for (let i = 0; i < src.length; i++) src[i] = src[i] !== 0 ? 1 : 0;
  return resampleBlock(src, [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1], lo, grid, block, method);
}

/** Binarises an interpolated mask; values are rounded to 6 decimals first so 0.4999999 counts as 0.5. */
function threshold(values: Float64Array, delta: number): Uint8Array {
  const out = new Uint8Array(values.length);
  const d = Math.round(delta * 1e6) / 1e6;
  for (let i = 0; i < values.length; i++) out[i] = Math.round(values[i] * 1e6) / 1e6 >= d ? 1 : 0;
  return out;
}

function binary(m: Uint8Array): Uint8Array {
  for (let i = 0; i < m.length; i++) m[i] = m[i] !== 0 ? 1 : 0;
  return m;
}
