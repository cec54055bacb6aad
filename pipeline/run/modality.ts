import type { Modality } from "../../masks/faceMask.js";

/** What one intensity unit is before normalisation. */
export const intensityUnit = (m: Modality): string => (m === "ct" ? "HU" : "a.u.");
