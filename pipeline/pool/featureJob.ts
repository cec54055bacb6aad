import type { VoxelArray, Vec3 } from "../../analysis/core/volume.js";
import type { FeatureConfig } from "../../analysis/features/configs.js";
import { featureSettingsFor } from "../../analysis/features/configs.js";
import { computeFeatures } from "../../analysis/features/registry.js";
import type { FeatureValue } from "../../analysis/features/types.js";
import type { AffineIntensityMap } from "../../analysis/normalisation/zscore.js";
import { conditionRoi } from "../../analysis/processing/conditionRoi.js";
import type { BoundingBox } from "../../analysis/processing/crop.js";

/** A volume as it crosses to a worker: its SharedArrayBuffer is shared, not copied. */
export interface SharedVolume {
  buffer: SharedArrayBuffer;
  type: VoxelTypeName;
  dims: Vec3;
  spacing: Vec3;
}

export type VoxelTypeName =
  | "Float32Array"
  | "Float64Array"
  | "Int8Array"
  | "Uint8Array"
  | "Int16Array"
  | "Uint16Array"
  | "Int32Array"
  | "Uint32Array";

const CONSTRUCTORS = {
  Float32Array,
  Float64Array,
  Int8Array,
  Uint8Array,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
} as const;

export function shareVolume(data: VoxelArray, dims: Vec3, spacing: Vec3): SharedVolume {
  if (!(data.buffer instanceof SharedArrayBuffer)) throw new Error("shareVolume needs a SharedArrayBuffer-backed array");
  return { buffer: data.buffer, type: data.constructor.name as VoxelTypeName, dims, spacing };
}

export function viewShared(v: SharedVolume): VoxelArray {
  return new (CONSTRUCTORS[v.type] as unknown as new (b: SharedArrayBuffer) => VoxelArray)(v.buffer);
}

/** One unit of work: one condition x normalisation x feature configuration. */
export interface FeatureJob {
  image: SharedVolume;
  /** the ROI mask on the full grid (shared). */
  roi: SharedArrayBuffer;
  box: BoundingBox;
  replacements: { indices: Uint32Array; values: Float64Array };
  map: AffineIntensityMap;
  config: FeatureConfig;
}

/** The pure computation of a job: the same function runs inline and in the workers. */
export function runFeatureJob(job: FeatureJob): FeatureValue[] {
  const roi = conditionRoi({
    data: viewShared(job.image),
    dims: job.image.dims,
    spacing: job.image.spacing,
    roi: new Uint8Array(job.roi),
    box: job.box,
    replacements: job.replacements,
    map: job.map,
    discretisation: job.config.discretisation,
  });
  return computeFeatures(roi, featureSettingsFor(job.config), job.config.families);
}
