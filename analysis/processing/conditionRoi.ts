import type { Mask, Vec3, VoxelArray } from "../core/volume.js";
import type { Discretisation } from "../features/configs.js";
import type { PreparedRoi } from "../features/types.js";
import type { AffineIntensityMap } from "../normalisation/zscore.js";
import { boxDims, cropMask, cropValues, type BoundingBox } from "./crop.js";
import { discretiseFixedBinNumber, discretiseFixedBinSize } from "./discretise.js";

/** Everything needed to build one condition's ROI for one normalisation and discretisation. */
export interface ConditionRoiInput {
  data: VoxelArray;
  dims: Vec3;
  spacing: Vec3;
  /** the ROI mask on the full grid. */
  roi: Mask;
  /** the ROI's bounding box plus margin. */
  box: BoundingBox;
  /** the condition's replaced voxels inside the box (box-local indices) and their values. */
  replacements: { indices: Uint32Array; values: Float64Array };
  /** the normalisation, applied while cropping. */
  map: AffineIntensityMap;
  discretisation: Discretisation;
}

/**
 * Crops the box out of the full volume once, applying the defacing replacements and the
 * normalisation on the way, then discretises: the full volume is not touched again.
 */
export function conditionRoi(input: ConditionRoiInput): PreparedRoi {
  const { data, dims, spacing, roi, box, replacements, map, discretisation } = input;
  const intensity = cropValues(data, dims, box, map.scale, map.offset);
  for (let n = 0; n < replacements.indices.length; n++) {
    intensity[replacements.indices[n]] = replacements.values[n] * map.scale + map.offset;
  }
  if (map.clip !== undefined) clip(intensity, map.clip);
  const mask = cropMask(roi, dims, box);
  const prepared: PreparedRoi = {
    dims: boxDims(box),
    spacing: [...spacing],
    intensity,
    intensityMask: mask,
    morphMask: mask,
  };
  if (discretisation.kind === "fbn") {
    const { levels, nLevels } = discretiseFixedBinNumber(intensity, mask, discretisation.nBins);
    prepared.levels = levels;
    prepared.nLevels = nLevels;
  } else if (discretisation.kind === "fbs") {
    const { levels, nLevels } = discretiseFixedBinSize(intensity, mask, discretisation.binWidth);
    prepared.levels = levels;
    prepared.nLevels = nLevels;
  }
  return prepared;
}

function clip(values: Float64Array, limit: number): void {
  for (let i = 0; i < values.length; i++) {
    if (values[i] > limit) values[i] = limit;
    else if (values[i] < -limit) values[i] = -limit;
  }
}
