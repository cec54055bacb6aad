import { DefaceImpactError } from "../analysis/core/errors.js";
import { timeStage } from "../analysis/core/stageTimes.js";
import { type Mask, type Volume, voxelCount } from "../analysis/core/volume.js";
import { FALLBACK_WARNING } from "./brainMaskFallback.js";
import { type DefaceFill, defaceFillName, defaceFillValues } from "./defaceFill.js";
import { applyFill, maskIndices } from "./uniformFill.js";
import { detectModality, type Modality } from "./modality.js";
export { detectModality, type Modality };
import { type DetectedFill, importDefaced } from "./importDefaced.js";
import { faceRegionFromBrain, type ResidualFace, residualFace } from "./privacy.js";
import { type BrainSource, brainMaskOf, headMasks, type SubjectMasks } from "./subjectMasks.js";
export type { BrainSource, SubjectMasks };
import { type SafetyReport, safetyChecks } from "./safety.js";
import { type ShearPlane, shearDeface } from "./shear.js";

/**
 * Building a face mask for an image, whatever its source (the built-in shear defacer, a mask file,
 * another tool's defaced image), with the defaced image, the safety checks and the residual face.
 * This is what `deface` and `run` call; it knows nothing about files beyond the names it is given.
 */
export type FaceMaskSource =
  | { kind: "shear"; bufferMm?: number }
  | { kind: "mask"; mask: Mask; name: string }
  | { kind: "defaced"; image: Volume; name: string };


export interface FaceMaskOptions {
  source: FaceMaskSource;
  /** fill for the shear defacer and mask files (default: min, i.e. air in CT and zero in most MRI). Another tool's image keeps its own. */
  fill?: DefaceFill;
  /** seed of the noise fill (default 1). */
  seed?: number;
  /** brain mask (e.g. from --brain-mask); otherwise automatic for CT, a head-geometry estimate for MRI. */
  brain?: { mask: Mask; name: string };
  /** default: CT when the image reaches -500 or below (air in Hounsfield units; same rule as pipeline/run/modality.ts), else MR. */
  modality?: Modality;
  roi?: Mask;
  /** names the ROI (its file) in errors. */
  roiName?: string;
  allowRoiOverlap?: boolean;
  /** reference face region for the residual-face measure (e.g. a phantom's face mask); default: estimated from the brain. */
  faceRegion?: Mask;
  /** progress lines ("brain mask: automatic CT"), for the CLI. */
  log?: (line: string) => void;
  /**
   * the head, skin and brain masks of an earlier result for the same image: a run with several
   * sources (a mask file, the shear defacer, other tools) computes them once.
   */
  reuse?: SubjectMasks;
}

/** The removed region and what it did, beside the masks it was judged with (SubjectMasks). */
export interface FaceMaskResult extends SubjectMasks {
  /** the removed region, 0/1 on the image grid. */
  mask: Mask;
  /** the removed voxels' indices, increasing. */
  indices: Uint32Array;
  /**
   * what the defaced image holds in them (the fill's values, or another tool's): the defaced image
   * is the input with these values at `indices` (see defacedImage); no copy of it is made here.
   */
  fillValues: Float64Array;
  /** name of the fill applied, or of the one detected in another tool's image. */
  fillName: string;
  /** for another tool's defaced image: what it wrote into the removed voxels. */
  detectedFill?: DetectedFill;
  plane?: ShearPlane;
  safety: SafetyReport;
  /** residual face in the face region (the reference one, or the central face estimated from the brain). */
  privacy: ResidualFace;
  /** without a reference face region: the same measure with the cheeks and temples included (full width). */
  privacyWithCheeks?: ResidualFace;
  faceRegionSource: "reference" | "estimated-from-brain";
  /** the face region `privacy` counts (the reference one, or estimated from the brain). */
  faceRegion: Mask;
  /** things the user should know (e.g. the brain was only estimated). */
  warnings: string[];
}


/** The defaced image of a result, as a new array (the input is not modified). */
export function defacedImage(image: Volume, result: Pick<FaceMaskResult, "indices" | "fillValues">): Volume {
  return { ...image, data: applyFill(image, result.indices, result.fillValues) };
}

/** The values as the image's voxel type stores them (float32 rounding, integer range). */
function storedValues(image: Volume, values: Float64Array): Float64Array {
  const Stored = image.data.constructor as new (values: Float64Array) => ArrayLike<number>;
  return image.data instanceof Float64Array ? values : Float64Array.from(new Stored(values));
}

/** data[indices[n]] for every n (a plain loop: Float64Array.from with a callback is fifteen times slower on millions of voxels). */
function gather(data: ArrayLike<number>, indices: Uint32Array): Float64Array {
  const out = new Float64Array(indices.length);
  for (let n = 0; n < indices.length; n++) out[n] = data[indices[n]];
  return out;
}

export function buildFaceMask(image: Volume, options: FaceMaskOptions): FaceMaskResult {
  return timeStage("defacing", () => faceMaskOf(image, options));
}

function faceMaskOf(image: Volume, options: FaceMaskOptions): FaceMaskResult {
  const log = options.log ?? (() => {});
  const warnings: string[] = [];
  const reuse = options.reuse;
  const modality = reuse?.modality ?? options.modality ?? detectModality(image);
  if (reuse && reuse.head.length !== voxelCount(image)) throw new DefaceImpactError("internal", "buildFaceMask: reused masks are on another grid");
  const heads = reuse ?? headMasks(image, modality, log);
  const { brain, brainSource } = reuse ?? brainMaskOf(image, modality, heads.head, options.brain, log);
  if (brainSource === "mr-head-geometry") warnings.push(FALLBACK_WARNING);
  const { head, headThreshold: threshold, headGrown, skin } = heads;

  let mask: Mask;
  let indices: Uint32Array;
  let fillValues: Float64Array;
  let fillName: string;
  let detectedFill: DetectedFill | undefined;
  let plane: ShearPlane | undefined;
  const source = options.source;
  if (source.kind === "defaced") {
    const imported = importDefaced(image, source.image, source.name);
    mask = imported.mask;
    indices = maskIndices(mask);
    fillValues = gather(source.image.data, indices);
    detectedFill = imported.fill;
    fillName = detectedFill.kind === "constant" ? `constant:${detectedFill.value}` : detectedFill.kind;
    log(`${source.name}: ${imported.changedVoxels} voxels changed, fill detected: ${fillName}`);
    if (imported.changedVoxels === 0) warnings.push(`${source.name}: identical to the original image, nothing was defaced`);
  } else {
    if (source.kind === "shear") {
      const shear = shearDeface(brain, image, { bufferMm: source.bufferMm });
      mask = shear.mask;
      plane = shear.plane;
      log(`shear plane: normal (A ${plane.normal[1].toFixed(3)}, S ${plane.normal[2].toFixed(3)}), buffer ${plane.bufferMm} mm`);
    } else {
      mask = source.mask;
    }
    const fill = options.fill ?? { kind: "min" };
    fillName = defaceFillName(fill);
    indices = maskIndices(mask);
    fillValues = storedValues(image, defaceFillValues(fill, image, indices, { mask, head, seed: options.seed ?? 1 }));
  }

  const maskName = source.kind === "shear" ? "shear defacer" : source.name;
  const safety = safetyChecks(mask, image, { roi: options.roi, roiName: options.roiName, brain, head, allowRoiOverlap: options.allowRoiOverlap, maskName });
  if (safety.brainIntrusionVoxels)
    warnings.push(`the face mask removes ${safety.brainIntrusionVoxels} brain voxels (${safety.brainIntrusionMm3!.toFixed(1)} mm³)`);
  const faceRegion = options.faceRegion ?? timeStage("masks", () => faceRegionFromBrain(brain, image));
  const privacy = residualFace(skin, faceRegion, mask, image);
  const privacyWithCheeks = options.faceRegion
    ? undefined
    : residualFace(skin, timeStage("masks", () => faceRegionFromBrain(brain, image, { halfWidthMm: Infinity })), mask, image);
  if (privacy.residualPercent !== null) log(`residual face: ${privacy.residualPercent.toFixed(1)} % of the facial skin surface`);
  return {
    mask,
    indices,
    fillValues,
    fillName,
    detectedFill,
    modality,
    brain,
    brainSource,
    head,
    headThreshold: threshold,
    headGrown,
    skin,
    plane,
    safety,
    privacy,
    privacyWithCheeks,
    faceRegionSource: options.faceRegion ? "reference" : "estimated-from-brain",
    faceRegion,
    warnings,
  };
}
