import { inputError, usageError } from "../core/errors.js";
import { voxelCount, type Mask, type Vec3, type VoxelArray } from "../core/volume.js";
import type { PreparedRoi } from "../features/types.js";
import type { AffineIntensityMap } from "../normalisation/zscore.js";
import type { ProcessingSettings } from "../settings.js";
import { boxDims, roiBoundingBox, type BoundingBox } from "./crop.js";
import { maskBoxDims, maskedStats, type Diagnostics, type ImageDiagnostics, type RoiDiagnostics } from "./diagnostics.js";
import { discretise, type Discretisation } from "./discretise.js";
import { castToVoxelType } from "./castToVoxelType.js";
import { zeroOutsideImage, type ImageEdge } from "./imageEdge.js";
import { resegment } from "./resegment.js";
import { cropClamped, resampleBlock, resampledGrid, roundHalfEven, type Interpolation, type OutputBlock, type ResampledGrid } from "./resample.js";
import { edgeIndex, resampleRegion, sourceRegion } from "./resampleRegion.js";

/**
 * The one road from (image, ROI, settings, condition) to prepared ROIs, walked by every command:
 *
 *   crop → replacements (defacing) → normalisation → resampling → re-segmentation → each discretisation
 *
 * The crop is the part of the image the ROI's features can see: its bounding box, the 1 cm³ sphere
 * of the local-intensity features around it, and, when resampling, the interpolation kernel's
 * support (and the spline prefilter's margin). Everything after it works on that small block, so
 * the full volume is read once per condition and never touched again.
 *
 * Normalisation is an affine map (plus PyRadiomics' optional clipping). Interpolation weights sum to
 * one, so resampling commutes with the affine part: it is applied after interpolation, and
 * `roundIntensities` rounds in image units (HU) whatever the normalisation. Clipping does not
 * commute, so a clipping map is applied before interpolation, as PyRadiomics does.
 */

/**
 * Radius (mm) of the 1 cm³ sphere of the local intensity features (IBSI 3.2): the prepared box keeps
 * real image values this far around the ROI so local intensity peaks see the ROI's surroundings.
 */
export const LOCAL_INTENSITY_RADIUS_MM = 6.2035;

/** Where one ROI's work happens: computed once per subject, shared by every condition. */
export interface RoiPlan {
  /** the ROI's bounding box on the original grid. */
  roiBox: BoundingBox;
  /** the original-grid region that is read (inclusive; may reach beyond the image when resampling). */
  source: { lo: Vec3; hi: Vec3 };
  /** the resampled grid, when resampling. */
  grid?: ResampledGrid;
  /** the prepared box on the output grid (the original grid when not resampling). */
  block: OutputBlock;
  /** what a source position beyond the image reads: the edge voxel (IBSI), or the mirrored image (SimpleITK's B-spline). */
  edge: ImageEdge;
  /** the interpolation the source region serves (the mirror applies to the B-spline only). */
  interpolation: Interpolation;
}

/** A condition on the road: the voxels defacing replaced, and the normalisation's map. */
export interface RoiCondition {
  /** positions in the plan's source region (x fastest) and their new values (image units); see replacementsInSource. */
  replaced?: { indices: Uint32Array; values: Float64Array };
  /** the normalisation: Ĩ = clamp(scale·I + offset, ±clip); identity when absent. */
  map?: AffineIntensityMap;
}

/** One discretisation of the prepared ROI: its `config` label and grey levels. */
export interface DiscretisedRoi {
  label: string;
  discretisation: Discretisation;
  levels: Int32Array;
  nLevels: number;
}

export interface PreparedResult {
  /** the prepared ROI, without grey levels (see `discretised`). */
  roi: PreparedRoi;
  /** one entry per requested discretisation, in order. */
  discretised: DiscretisedRoi[];
  diagnostics: Diagnostics;
  /** where the prepared box sits on the (resampled) grid: voxel lo .. lo + dims − 1. */
  box: OutputBlock;
}

/**
 * Most voxels a resampled ROI box may have (each holds a few float64 copies): 2²⁷, a box of 134 litres
 * at 1 mm, far beyond any ROI; a spacing of 10⁻⁹ mm would otherwise ask for more memory than exists.
 */
export const MAX_PREPARED_VOXELS = 2 ** 27;

export interface PrepareOptions {
  /** the subject's plan (planRoi), so the full ROI mask is not scanned again for every condition. */
  plan?: RoiPlan;
  condition?: RoiCondition;
  /** the discretisations to apply, with their labels (default: none). */
  discretisations?: readonly { label: string; discretisation: Discretisation }[];
  /** the ROI's file, named in errors. */
  roiName?: string;
  /**
   * Also report the whole image's mean/min/max before and after interpolation (a pass over the
   * full volume and a full-volume interpolation; the ROI itself never needs them).
   */
  fullImageDiagnostics?: boolean;
}

export interface ImageGrid {
  data: VoxelArray | ArrayLike<number>;
  dims: Vec3;
  spacing: Vec3;
}

/** The region of the image the road reads for this ROI and these settings. */
export function planRoi(image: Pick<ImageGrid, "dims" | "spacing">, mask: Mask, processing: ProcessingSettings, what = "ROI mask"): RoiPlan {
  if (mask.length !== voxelCount(image)) {
    throw inputError(`ROI mask has ${mask.length} voxels but the image has ${voxelCount(image)}`, what);
  }
  const roiBox = roiBoundingBox(mask, image, what);
  const rs = processing.resampling;
  if (!rs.spacing) {
    const lo: Vec3 = [0, 0, 0],
      hi: Vec3 = [0, 0, 0];
    for (let a = 0; a < 3; a++) {
      const margin = Math.ceil(LOCAL_INTENSITY_RADIUS_MM / image.spacing[a]);
      lo[a] = Math.max(0, roiBox.lo[a] - margin);
      hi[a] = Math.min(image.dims[a] - 1, roiBox.hi[a] + margin);
    }
    return { roiBox, source: { lo, hi }, block: { lo, dims: boxDims({ lo, hi }) }, edge: "nearest", interpolation: "nearest" };
  }
  // a spacing of 0 keeps that axis (PyRadiomics); in-plane interpolation keeps z
  const target = rs.spacing.map((v, a) => (v === 0 || (rs.inPlane && a === 2) ? null : v));
  const grid = resampledGrid(image.dims, image.spacing, target, rs.gridAlignment);
  const block = roiBlock(grid, roiBox, rs.maskInterpolation);
  const voxels = block.dims[0] * block.dims[1] * block.dims[2];
  if (!(voxels <= MAX_PREPARED_VOXELS)) {
    throw usageError(
      `resampling to ${rs.spacing.join(" x ")} mm (processing.resampling.spacing) makes the ROI's box ${block.dims.join(" x ")} voxels, more than the ${MAX_PREPARED_VOXELS} supported: choose a coarser spacing`,
    );
  }
  // the image's kernel reaches at least as far as the mask's (linear or nearest), so one crop serves both
  const wider = rs.interpolation === "nearest" ? rs.maskInterpolation : rs.interpolation;
  return { roiBox, source: sourceRegion(grid, block, wider), grid, block, edge: rs.imageEdge, interpolation: rs.interpolation };
}

/**
 * A condition's replaced voxels (global indices) as positions in the plan's source region. Where the
 * region reaches beyond the image, its edge voxels are repeated (IBSI's padding), and so are their
 * replacements. Done once per condition, so preparing never scans the face mask.
 */
export function replacementsInSource(indices: Uint32Array, values: Float64Array, dims: Vec3, plan: RoiPlan): { indices: Uint32Array; values: Float64Array } {
  const { lo, hi } = plan.source;
  const indexOf = edgeIndex(plan.edge, plan.interpolation);
  // per axis and original coordinate, the source positions that read it (padding repeats or mirrors
  // voxels); indexed by coordinate, as most of a face mask lies outside the region and is dismissed here
  const readers = [0, 1, 2].map((a) => {
    const byCoordinate: (number[] | undefined)[] = new Array(dims[a]).fill(undefined);
    for (let p = lo[a]; p <= hi[a]; p++) {
      const c = indexOf(p, dims[a]);
      (byCoordinate[c] ??= []).push(p - lo[a]);
    }
    return byCoordinate;
  });
  const [nx, ny] = dims;
  const [sx, sy] = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1];
  const outIndices: number[] = [];
  const outValues: number[] = [];
  for (let n = 0; n < indices.length; n++) {
    const idx = indices[n];
    const zs = readers[2][Math.floor(idx / (nx * ny))];
    if (!zs) continue;
    const ys = readers[1][Math.floor(idx / nx) % ny];
    if (!ys) continue;
    const xs = readers[0][idx % nx];
    if (!xs) continue;
    for (const z of zs) for (const y of ys) for (const x of xs) {
      outIndices.push(x + sx * (y + sy * z));
      outValues.push(values[n]);
    }
  }
  return { indices: Uint32Array.from(outIndices), values: Float64Array.from(outValues) };
}

/**
 * IBSI image processing of one ROI under one condition: crop, replacements, normalisation,
 * interpolation of that block only (on the resampled grid's coordinates, so values equal resampling
 * the whole image), split into morphological and intensity masks, re-segment, discretise.
 */
export function prepareRoi(image: ImageGrid, mask: Mask, processing: ProcessingSettings, options: PrepareOptions = {}): PreparedResult {
  const plan = options.plan ?? planRoi(image, mask, processing, options.roiName);
  const map = options.condition?.map;
  const rs = processing.resampling;
  const identity = !map || (map.scale === 1 && map.offset === 0 && map.clip === undefined);
  // The map goes before interpolation when it does not commute with it: clipping, or SimpleITK's 0
  // outside the image (0 in normalised units, as PyRadiomics resamples the normalised image).
  const mapFirst = !identity && (map!.clip !== undefined || (plan.grid !== undefined && rs.imageEdge === "simpleitk"));
  const initialImage = imageDiagnostics(image, options.fullImageDiagnostics ?? false);

  const { lo, hi } = plan.source;
  const sourceDims: Vec3 = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  const source = cropClamped(image.data, image.dims, lo, hi, edgeIndex(plan.edge, plan.interpolation));
  const replaced = options.condition?.replaced;
  if (replaced) for (let n = 0; n < replaced.indices.length; n++) source[replaced.indices[n]] = replaced.values[n];
  const maskSource = binary(cropClamped(mask, image.dims, lo, hi));
  const initialRoi = initialRoiDiagnostics(source, maskSource, sourceDims, plan, image.dims);
  if (mapFirst) applyMap(source, map!);

  let intensity: Float64Array, morphMask: Uint8Array, spacing: Vec3;
  let interpolatedImage: ImageDiagnostics;
  if (!plan.grid) {
    intensity = source;
    morphMask = maskSource;
    spacing = [...image.spacing];
    interpolatedImage = { ...initialImage };
  } else {
    const grid = plan.grid;
    intensity = resampleBlock(source, sourceDims, lo, grid, plan.block, rs.interpolation);
    const maskValues = resampleBlock(maskSource, sourceDims, lo, grid, plan.block, rs.maskInterpolation);
    if (rs.imageEdge === "simpleitk") {
      zeroOutsideImage(intensity, grid, plan.block, image.dims);
      zeroOutsideImage(maskValues, grid, plan.block, image.dims);
    }
    // SimpleITK keeps the image's voxel type; a normalised image is floating point already
    if (rs.castToInputType && identity) castToVoxelType(intensity, image.data as VoxelArray);
    if (rs.roundIntensities) roundInImageUnits(intensity, mapFirst ? map : undefined);
    morphMask = threshold(maskValues, rs.maskThreshold);
    spacing = [...grid.spacing];
    interpolatedImage = { dims: [...grid.dims], spacing: [...grid.spacing] };
    if (options.fullImageDiagnostics) {
      // diagnostics of the original image: only meaningful without a condition
      const whole = resampleRegion(image.data, image.dims, grid, { lo: [0, 0, 0], dims: grid.dims }, rs.interpolation, rs.imageEdge);
      if (rs.castToInputType) castToVoxelType(whole, image.data as VoxelArray);
      if (rs.roundIntensities) roundInImageUnits(whole, undefined);
      const s = maskedStats(whole, null);
      interpolatedImage = { ...interpolatedImage, mean: s.mean, min: s.min, max: s.max };
    }
  }
  if (!identity && !mapFirst) applyMap(intensity, map!);

  const dims = plan.block.dims;
  const gridDims = interpolatedImage.dims;
  const interpolatedRoi = roiDiagnostics(intensity, morphMask, morphMask, dims, gridDims);
  const { intensityMask, bounds } = resegment(intensity, morphMask, processing.resegmentation);
  const resegmentedRoi = roiDiagnostics(intensity, intensityMask, morphMask, dims, gridDims);
  if (resegmentedRoi.intensityCount === 0 && interpolatedRoi.intensityCount > 0) {
    throw inputError(
      `re-segmentation to [${bounds.lower}, ${bounds.upper}] removed all ${interpolatedRoi.intensityCount} ROI voxels (their intensities lie in ` +
        `[${interpolatedRoi.min}, ${interpolatedRoi.max}]); a range is in the units of the normalised intensities: restrict it to the ` +
        "normalisations it is meant for (processing.resegmentation.normalisations)",
      options.roiName,
    );
  }

  const range = processing.resegmentation.range;
  const roi: PreparedRoi = { dims: [...dims], spacing, intensity, intensityMask, morphMask };
  if (range) roi.resegRange = [range[0] ?? -Infinity, range[1] ?? Infinity];
  const discretised: DiscretisedRoi[] = [];
  if (resegmentedRoi.intensityCount > 0) {
    for (const { label, discretisation } of options.discretisations ?? []) {
      const d = discretise(intensity, intensityMask, discretisation, range?.[0] ?? undefined);
      discretised.push({ label, discretisation, levels: d.levels, nLevels: d.nLevels });
    }
  }
  return {
    roi,
    discretised,
    diagnostics: { initialImage, interpolatedImage, initialRoi, interpolatedRoi, resegmentedRoi },
    box: { lo: [...plan.block.lo], dims: [...plan.block.dims] },
  };
}

/** The prepared ROI with one discretisation's grey levels attached. */
export const withLevels = (roi: PreparedRoi, d: DiscretisedRoi): PreparedRoi => ({ ...roi, levels: d.levels, nLevels: d.nLevels });

/** Ĩ = clamp(scale·I + offset, ±clip), in place. */
function applyMap(values: Float64Array, map: AffineIntensityMap): void {
  const { scale, offset, clip } = map;
  if (scale === 1 && offset === 0 && clip === undefined) return;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] * scale + offset;
    values[i] = clip === undefined ? v : v > clip ? clip : v < -clip ? -clip : v;
  }
}

/**
 * Rounds interpolated intensities to integers in image units (IBSI 68QD, half to even as MIRP).
 * Values already normalised (a clipping map is applied before interpolation) go back to image
 * units, are rounded there, and are mapped again.
 */
function roundInImageUnits(values: Float64Array, appliedMap: AffineIntensityMap | undefined): void {
  if (!appliedMap) {
    for (let i = 0; i < values.length; i++) values[i] = roundHalfEven(values[i]);
    return;
  }
  const { scale, offset } = appliedMap;
  for (let i = 0; i < values.length; i++) values[i] = roundHalfEven((values[i] - offset) / scale) * scale + offset;
}

function imageDiagnostics(image: ImageGrid, withStats: boolean): ImageDiagnostics {
  if (!withStats) return { dims: [...image.dims], spacing: [...image.spacing] };
  const s = maskedStats(image.data, null);
  return { dims: [...image.dims], spacing: [...image.spacing], mean: s.mean, min: s.min, max: s.max };
}

/** The ROI as read, on the original grid: its bounding box within the source region. */
function initialRoiDiagnostics(source: Float64Array, sourceMask: Uint8Array, sourceDims: Vec3, plan: RoiPlan, imageDims: Vec3): RoiDiagnostics {
  const { roiBox } = plan;
  const box = { lo: roiBox.lo.map((v, a) => v - plan.source.lo[a]) as Vec3, hi: roiBox.hi.map((v, a) => v - plan.source.lo[a]) as Vec3 };
  const dims = boxDims(box);
  const values = new Float64Array(dims[0] * dims[1] * dims[2]);
  const m = new Uint8Array(values.length);
  let o = 0;
  for (let k = box.lo[2]; k <= box.hi[2]; k++) {
    for (let j = box.lo[1]; j <= box.hi[1]; j++) {
      const row = box.lo[0] + sourceDims[0] * (j + sourceDims[1] * k);
      for (let i = 0; i < dims[0]; i++, o++) {
        values[o] = source[row + i];
        m[o] = sourceMask[row + i];
      }
    }
  }
  return roiDiagnostics(values, m, m, dims, imageDims);
}

function roiDiagnostics(intensity: Float64Array, intensityMask: Uint8Array, morphMask: Uint8Array, dims: Vec3, gridDims: Vec3): RoiDiagnostics {
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

/**
 * The block of the resampled grid to compute: every new voxel whose interpolated mask can be
 * non-zero (within one original voxel of the ROI's bounding box), plus the local-intensity margin,
 * clipped to the new grid.
 */
function roiBlock(grid: ResampledGrid, box: BoundingBox, maskMethod: "nearest" | "linear"): OutputBlock {
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

/** Binarises an interpolated mask; values are rounded to 6 decimals first so 0.4999999 counts as 0.5. */
function threshold(values: Float64Array, delta: number): Uint8Array {
  const out = new Uint8Array(values.length);
  const d = Math.round(delta * 1e6) / 1e6;
  for (let i = 0; i < values.length; i++) out[i] = Math.round(values[i] * 1e6) / 1e6 >= d ? 1 : 0;
  return out;
}

/** A cropped mask's values as 0/1. */
function binary(m: Float64Array): Uint8Array {
  const out = new Uint8Array(m.length);
  for (let i = 0; i < m.length; i++) out[i] = m[i] !== 0 ? 1 : 0;
  return out;
}
