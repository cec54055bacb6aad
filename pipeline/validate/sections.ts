import { dicomSection } from "./dicom.js";
import { ibsiSection } from "./ibsiCheck.js";
import { niftiGeometrySection } from "./niftiGeometry.js";
import { headsSection } from "./heads.js";
import { impactSection } from "./impact.js";
import { bidsHeadsSection } from "./bidsHeads.js";
import { pyradiomicsSection } from "./pyradiomics.js";
import type { ValidationSection } from "./types.js";

/** The validation sections, run in this order by `deface-impact validate`. */
export const SECTIONS: ValidationSection[] = [niftiGeometrySection, ibsiSection, pyradiomicsSection, dicomSection, headsSection, impactSection, bidsHeadsSection];
