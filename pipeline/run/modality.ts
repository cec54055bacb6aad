import type { Volume } from "../../analysis/core/volume.js";

export type Modality = "ct" | "mr";

/** CT when the image reaches air in Hounsfield units (≤ −500); MR otherwise. */
export function detectModality(image: Volume): Modality {
  const d = image.data;
  let min = Infinity;
  for (let i = 0; i < d.length; i++) if (d[i] < min) min = d[i];
  return min <= -500 ? "ct" : "mr";
}

export const intensityUnit = (m: Modality): string => (m === "ct" ? "HU" : "a.u.");
