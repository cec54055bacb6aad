import { ibsiFirstOrderConfigA } from "./ibsiFirstOrderConfigA.js";
import { dicomSection } from "./dicom.js";
import type { ValidationSection } from "./types.js";

/** The validation sections, run in this order by `deface-impact validate`. */
export const SECTIONS: ValidationSection[] = [ibsiFirstOrderConfigA, dicomSection];
