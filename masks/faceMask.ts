import { DefaceImpactError, inputError } from "../analysis/core/errors.js";
import { type Mask, type Volume, voxelCount } from "../analysis/core/volume.js";
import { ctBrainMask } from "./brainMaskCt.js";
import { FALLBACK_WARNING, fallbackBrainMask } from "./brainMaskFallback.js";
import { type DefaceFill, defaceFillName, defaceFillValues } from "./defaceFill.js";
import { applyFill, maskIndices } from "./uniformFill.js";
import { foregroundThreshold, headMask } from "./headMask.js";
import { detectModality, type Modality } from "./modality.js";
export { detectModality, type Modality };
import { type DetectedFill, importDefaced } from "./importDefaced.js";
import { faceRegionFromBrain, type ResidualFace, residualFace, skinHead } from "./privacy.js";
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
  reuse?: Pick<FaceMaskResult, "modality" | "head" | "headThreshold" | "skin" | "brain" | "brainSource">;
}

export type BrainSource = "file" | "ct-automatic" | "mr-head-geometry";

export interface FaceMaskResult {
  /** the removed region, 0/1 on the image grid. */
  mask: Mask;
  /** the defaced image (new array, same type and grid as the input). */
  defaced: Volume;
  /** name of the fill applied, or of the one detected in another tool's image. */
  fillName: string;
  /** for another tool's defaced image: what it wrote into the removed voxels. */
  detectedFill?: DetectedFill;
  modality: Modality;
  brain: Mask;
  brainSource: BrainSource;
  head: Mask;
  /** foreground threshold of the head mask: also the iso-value of the skin for renders. */
  headThreshold: number;
  /** the head with eyes, nostrils and mouth sealed: the skin the residual-face measure counts. */
  skin: Mask;
  plane?: ShearPlane;
  safety: SafetyReport;
  /** residual face in the face region (the reference one, or the central face estimated from the brain). */
  privacy: ResidualFace;
  /** without a reference face region: the same measure with the cheeks and temples included (full width). */
  privacyWithCheeks?: ResidualFace;
  faceRegionSource: "reference" | "estimated-from-brain";
  /** things the user should know (e.g. the brain was only estimated). */
  warnings: string[];
}


export function buildFaceMask(image: Volume, options: FaceMaskOptions): FaceMaskResult {
  const log = options.log ?? (() => {});
  const warnings: string[] = [];
  const reuse = options.reuse;
  const modality = reuse?.modality ?? options.modality ?? detectModality(image);
  let head: Mask;
  let threshold: number;
  let brain: Mask;
  let brainSource: BrainSource;
  if (reuse) {
    if (reuse.head.length !== voxelCount(image)) throw new DefaceImpactError("internal", "buildFaceMask: reused masks are on another grid");
    ({ head, headThreshold: threshold, brain, brainSource } = reuse);
    if (brainSource === "mr-head-geometry") warnings.push(FALLBACK_WARNING);
  } else {
    ({ mask: head, threshold } = headMask(image, foregroundThreshold(image, modality)));
    log(`head mask: threshold ${+threshold.toFixed(2)}`);
    if (options.brain) {
      if (options.brain.mask.length !== voxelCount(image))
        throw inputError("the brain mask is not on the image's grid (different number of voxels)", options.brain.name);
      brain = options.brain.mask;
      brainSource = "file";
      if (!brain.includes(1)) throw inputError("the brain mask is empty (no voxel is 1)", options.brain.name);
    } else if (modality === "ct") {
      log("brain mask: automatic (CT: inside the skull)");
      brain = ctBrainMask(image);
      brainSource = "ct-automatic";
    } else {
      log("brain mask: estimated from head geometry (no --brain-mask)");
      brain = fallbackBrainMask(image, head);
      brainSource = "mr-head-geometry";
      warnings.push(FALLBACK_WARNING);
    }
  }

  let mask: Mask;
  let defaced: Volume;
  let fillName: string;
  let detectedFill: DetectedFill | undefined;
  let plane: ShearPlane | undefined;
  const source = options.source;
  if (source.kind === "defaced") {
    const imported = importDefaced(image, source.image, source.name);
    mask = imported.mask;
    defaced = source.image;
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
    const indices = maskIndices(mask);
    const values = defaceFillValues(fill, image, indices, { mask, head, seed: options.seed ?? 1 });
    defaced = { ...image, data: applyFill(image, indices, values) };
  }

  const maskName = source.kind === "shear" ? "shear defacer" : source.name;
  const safety = safetyChecks(mask, image, { roi: options.roi, roiName: options.roiName, brain, head, allowRoiOverlap: options.allowRoiOverlap, maskName });
  if (safety.brainIntrusionVoxels)
    warnings.push(`the face mask removes ${safety.brainIntrusionVoxels} brain voxels (${safety.brainIntrusionMm3!.toFixed(1)} mm³)`);
  const skin = reuse?.skin ?? skinHead(head, image);
  const faceRegion = options.faceRegion ?? faceRegionFromBrain(brain, image);
  const privacy = residualFace(skin, faceRegion, mask, image);
  const privacyWithCheeks = options.faceRegion
    ? undefined
    : residualFace(skin, faceRegionFromBrain(brain, image, { halfWidthMm: Infinity }), mask, image);
  if (privacy.residualPercent !== null) log(`residual face: ${privacy.residualPercent.toFixed(1)} % of the facial skin surface`);
  return {
    mask,
    defaced,
    fillName,
    detectedFill,
    modality,
    brain,
    brainSource,
    head,
    headThreshold: threshold,
    skin,
    plane,
    safety,
    privacy,
    privacyWithCheeks,
    faceRegionSource: options.faceRegion ? "reference" : "estimated-from-brain",
    warnings,
  };
}
