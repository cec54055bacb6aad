import { toShared, type VoxelArray, type Vec3 } from "../../analysis/core/volume.js";
import { DefaceImpactError } from "../../analysis/core/errors.js";
import { roiFeatures, type ConfigValues, type ReferenceFeatures } from "../../analysis/features/extract.js";
import type { AffineIntensityMap } from "../../analysis/normalisation/zscore.js";
import type { PlannedDiscretisation } from "../../analysis/processing/processingPlan.js";
import { greyLevelSummary, type GreyLevelSummary } from "../../analysis/processing/greyLevels.js";
import { prepareRoi, type RoiPlan } from "../../analysis/processing/prepare.js";
import type { FeatureSelection, ProcessingSettings } from "../../analysis/settings.js";

/**
 * A volume as it crosses to a worker: a SharedArrayBuffer is shared, not copied; where there is no
 * shared memory (a browser page that is not cross-origin isolated, e.g. opened from file://) it is
 * the voxels' own ArrayBuffer, which the browser's pool copies to each worker once (web/worker/pool.ts).
 */
export interface SharedVolume {
  buffer: SharedArrayBuffer | ArrayBuffer;
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
  return { buffer: jobBuffer(data), type: data.constructor.name as VoxelTypeName, dims, spacing };
}

/** True where this JavaScript runtime has shared memory (always in Node; in a browser only when cross-origin isolated). */
export const hasSharedMemory = (): boolean => typeof SharedArrayBuffer === "function";

/**
 * The buffer a job carries an array in: shared memory when there is some (the array's own when it
 * already is), otherwise a buffer holding exactly the array (its own when it spans it).
 */
export function jobBuffer(data: VoxelArray): SharedArrayBuffer | ArrayBuffer {
  if (hasSharedMemory()) return toShared(data).buffer as SharedArrayBuffer;
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  return (whole ? data.buffer : data.slice().buffer) as ArrayBuffer;
}

export function viewShared(v: SharedVolume): VoxelArray {
  return new (CONSTRUCTORS[v.type] as unknown as new (b: ArrayBufferLike) => VoxelArray)(v.buffer);
}

/** One condition of a job: the voxels defacing replaced (in the plan's source region) and the normalisation's map. */
export interface JobCondition {
  name: string;
  replaced: { indices: Uint32Array; values: Float64Array };
  map: AffineIntensityMap;
}

/**
 * One unit of work: one normalisation, every condition (the original first) and every
 * configuration. Keeping a normalisation's conditions together lets each defaced condition reuse
 * what it provably shares with the original (roiFeatures' reference).
 */
export interface FeatureJob {
  image: SharedVolume;
  /** the ROI mask on the full grid (shared where there is shared memory, see SharedVolume). */
  roi: SharedArrayBuffer | ArrayBuffer;
  plan: RoiPlan;
  conditions: JobCondition[];
  processing: ProcessingSettings;
  features: FeatureSelection;
  discretisations: PlannedDiscretisation[];
  /** what the job is, for error messages (e.g. "normalisation zscore-global"). */
  label: string;
}

/** What a job returns, per condition: the values per configuration, the voxels its re-segmentation kept, and how each discretisation cut the ROI. */
export type FeatureJobResult = { configs: ConfigValues[]; intensityVoxels: number; greyLevels: GreyLevelSummary[] }[];

/**
 * Runs feature jobs and returns their results in job order, whatever order they finish in: worker
 * threads in Node (runJobs.ts), Web Workers in the browser (web/worker/pool.ts). Both call runFeatureJob.
 */
export type JobRunner = (jobs: FeatureJob[], onDone?: (done: number, total: number) => void) => Promise<FeatureJobResult[]>;

/** Runs the jobs one after another on this thread (one thread, or a subject already on a worker). */
export const inlineJobs: JobRunner = async (jobs, onDone = () => {}) => {
  const results: FeatureJobResult[] = [];
  for (const job of jobs) {
    results.push(runFeatureJob(job));
    onDone(results.length, jobs.length);
  }
  return results;
};

/** The pure computation of a job: the same function runs inline and in the workers. A bad-input error names the job. */
export function runFeatureJob(job: FeatureJob): FeatureJobResult {
  const out: FeatureJobResult = [];
  let reference: ReferenceFeatures | undefined;
  for (const condition of job.conditions) {
    try {
      const prepared = prepareRoi(
        { data: viewShared(job.image), dims: job.image.dims, spacing: job.image.spacing },
        new Uint8Array(job.roi),
        job.processing,
        { plan: job.plan, condition: { replaced: condition.replaced, map: condition.map }, discretisations: job.discretisations },
      );
      const configs = roiFeatures(prepared, job.features, job.processing, reference);
      reference ??= { prepared, configs };
      out.push({
        configs,
        intensityVoxels: prepared.diagnostics.resegmentedRoi.intensityCount,
        greyLevels: prepared.discretised.map((d) => greyLevelSummary(d, prepared.roi.intensity, prepared.roi.intensityMask)),
      });
    } catch (err) {
      if (err instanceof DefaceImpactError && err.kind !== "internal") throw new DefaceImpactError(err.kind, `condition ${condition.name}, ${job.label}: ${err.message}`);
      throw err;
    }
  }
  return out;
}
