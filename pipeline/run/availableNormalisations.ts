import type { Mask } from "../../analysis/core/volume.js";
import type { NormalisationName } from "../../analysis/normalisation/normalisations.js";

/** The default comparison: every normalisation whose region the inputs provide, in a fixed order. */
export function availableNormalisations(masks: { brainMask?: Mask; headMask?: Mask }): NormalisationName[] {
  const out: NormalisationName[] = ["none", "zscore-global"];
  if (masks.headMask) out.push("zscore-foreground");
  if (masks.brainMask) out.push("zscore-brain");
  out.push("zscore-unmasked", "zscore-roi");
  if (masks.headMask) out.push("percentile");
  return out;
}
