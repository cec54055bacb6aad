import type { Command } from "commander";

/** Every sub-command registers itself on the program; one file per command in this folder. */
export type RegisterCommand = (program: Command) => void;

/**
 * One line per command, in the order `--help` lists them: its name, a one-line summary for the top-level
 * `--help`, and its module, imported only when that command runs (start-up stays fast: `--help` and small
 * commands do not load the feature, DICOM or report code).
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<RegisterCommand>;
}

export const COMMANDS: CommandEntry[] = [
  { name: "run", summary: "Deface, normalise, extract features in the ROI per condition and report the shifts", load: async () => (await import("./run.js")).registerRun },
  { name: "features", summary: "Extract IBSI radiomic features of an image inside an ROI (tidy CSV)", load: async () => (await import("./features.js")).registerFeatures },
  { name: "deface", summary: "Remove the face from a head CT/MRI; renders and a safety/privacy summary", load: async () => (await import("./deface.js")).registerDeface },
  { name: "phantom", summary: "Write a built-in CT or MR head phantom with face, brain and ROI masks", load: async () => (await import("./phantom.js")).registerPhantom },
  { name: "demo", summary: "What `npm start` runs: the whole analysis on the built-in CT and MR phantoms", load: async () => (await import("./demo.js")).registerDemo },
  { name: "convert", summary: "Convert DICOM/NIfTI/NRRD to NIfTI, and its ROI (an RTSTRUCT structure or a mask)", load: async () => (await import("./convert.js")).registerConvert },
  { name: "ibsi-check", summary: "Verify this installation against the IBSI 1 reference values", load: async () => (await import("./ibsiCheck.js")).registerIbsiCheck },
  { name: "validate", summary: "Check deface-impact against reference data laid out as ../shared/data", load: async () => (await import("./validate.js")).registerValidate },
  { name: "regress", summary: "Nightly regression: compare features and shifts on reference phantoms with a baseline", load: async () => (await import("./regress.js")).registerRegress },
  { name: "compare", summary: "Compare defacing tools over a cohort: scorecard, ICC/CCC and Bland-Altman per feature", load: async () => (await import("./compare.js")).registerCompare },
  { name: "privacy", summary: "Release a table safely: k/ℓ/t checks, anonymisation, linkage attacks, differential privacy, keyed pseudonyms", load: async () => (await import("./privacy.js")).registerPrivacy },
];
