import type { Mask, Volume } from "../../analysis/core/volume.js";
import type { Modality, SubjectMasks } from "../../masks/faceMask.js";
import { CT_BRAIN_LOG, headMasks } from "../../masks/subjectMasks.js";
import type { ConditionSpec } from "./conditionSpec.js";
import { sourceLabel } from "./defacingConditions.js";

/** Builds a CT image's automatic brain mask elsewhere (run: on a worker thread). */
export type CtBrainMaskBuilder = (image: Volume) => Promise<Mask>;

/**
 * The masks the defacings share, built before them when part of the work can go elsewhere: a CT
 * image without a brain mask has its automatic brain mask (inside the skull, about a second at 256³)
 * built by `ctBrainMask` while this thread builds the head, its 5 mm growth and the sealed skin. The
 * same functions as buildFaceMask's, with the same progress lines: the same masks. Undefined when
 * there is nothing to overlap (MR, whose brain estimate needs the head; a brain mask given; no defacing).
 */
export async function premadeMasks(
  image: Volume,
  modality: Modality,
  context: { specs: readonly ConditionSpec[]; brainGiven: boolean; log: (line: string) => void },
  ctBrainMask: CtBrainMaskBuilder,
): Promise<SubjectMasks | undefined> {
  const { specs, brainGiven } = context;
  if (modality !== "ct" || brainGiven || specs.length === 0) return undefined;
  // the lines buildFaceMask would print, under the first source's label (it builds the masks for all)
  const label = sourceLabel(specs[0].source);
  const log = (line: string) => context.log(`${label}: ${line}`);
  const brain = ctBrainMask(image);
  brain.catch(() => {}); // awaited below, once the head's masks are built
  const heads = headMasks(image, modality, log);
  log(CT_BRAIN_LOG);
  return { modality, ...heads, brain: await brain, brainSource: "ct-automatic" };
}
