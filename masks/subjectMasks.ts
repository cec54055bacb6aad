import { inputError } from "../analysis/core/errors.js";
import { timeStage } from "../analysis/core/stageTimes.js";
import { type Mask, type Volume, voxelCount } from "../analysis/core/volume.js";
import { ctBrainMask } from "./brainMaskCt.js";
import { fallbackBrainMask } from "./brainMaskFallback.js";
import { foregroundThreshold, headMask } from "./headMask.js";
import type { Modality } from "./modality.js";
import { dilate } from "./morphology.js";
import { skinHead } from "./privacy.js";

/**
 * The masks every defacing of one image shares (faceMask.ts): the head and its skin, and the brain.
 * Built once per image; a run with several sources reuses them, and a run with worker threads builds
 * the head's here while a worker builds a CT image's brain mask (pipeline/run/premadeMasks.ts).
 */
export interface SubjectMasks {
  modality: Modality;
  head: Mask;
  /** foreground threshold of the head mask: also the iso-value of the skin for renders. */
  headThreshold: number;
  /** the head grown by 5 mm: the first half of the skin's closing, and the region renders draw. */
  headGrown: Mask;
  /** the head with eyes, nostrils and mouth sealed: the skin the residual-face measure counts. */
  skin: Mask;
  brain: Mask;
  brainSource: BrainSource;
}

export type BrainSource = "file" | "ct-automatic" | "mr-head-geometry";

/** Radius of the closing that seals the skin's openings (eyelids, nostrils, lips), mm. */
const SKIN_CLOSING_MM = 5;

/** The head (Otsu threshold, largest component, holes filled), grown by 5 mm, and its sealed skin. */
export function headMasks(image: Volume, modality: Modality, log: (line: string) => void): Pick<SubjectMasks, "head" | "headThreshold" | "headGrown" | "skin"> {
  const { mask: head, threshold } = timeStage("masks", () => headMask(image, foregroundThreshold(image, modality)));
  log(`head mask: threshold ${+threshold.toFixed(2)}`);
  const headGrown = timeStage("masks", () => dilate(head, image, SKIN_CLOSING_MM));
  const skin = timeStage("masks", () => skinHead(head, image, SKIN_CLOSING_MM, headGrown));
  return { head, headThreshold: threshold, headGrown, skin };
}

/** The line a CT image's automatic brain mask is announced with. */
export const CT_BRAIN_LOG = "brain mask: automatic (CT: inside the skull)";

/** The brain: the given mask (checked), else automatic for CT (inside the skull), else estimated from the head's geometry (MR). */
export function brainMaskOf(
  image: Volume,
  modality: Modality,
  head: Mask,
  given: { mask: Mask; name: string } | undefined,
  log: (line: string) => void,
): Pick<SubjectMasks, "brain" | "brainSource"> {
  if (given) {
    if (given.mask.length !== voxelCount(image)) throw inputError("the brain mask is not on the image's grid (different number of voxels)", given.name);
    if (!given.mask.includes(1)) throw inputError("the brain mask is empty (no voxel is 1)", given.name);
    return { brain: given.mask, brainSource: "file" };
  }
  if (modality === "ct") {
    log(CT_BRAIN_LOG);
    return { brain: timeStage("masks", () => ctBrainMask(image)), brainSource: "ct-automatic" };
  }
  log("brain mask: estimated from head geometry (no --brain-mask)");
  return { brain: timeStage("masks", () => fallbackBrainMask(image, head)), brainSource: "mr-head-geometry" };
}
