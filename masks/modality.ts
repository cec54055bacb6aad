import type { Volume } from "../analysis/core/volume.js";

export type Modality = "ct" | "mr";

/** CT when the image reaches air in Hounsfield units (<= -500); MR otherwise (as pipeline/run/modality.ts). */
export function detectModality(volume: Volume): Modality {
  const d = volume.data;
  for (let i = 0; i < d.length; i++) if (d[i] <= -500) return "ct";
  return "mr";
}
