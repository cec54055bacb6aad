import type { Settings } from "../../analysis/settings.js";

/**
 * `deface-impact validate --data DIR` runs every validation section against the reference data
 * folder (laid out as ../shared/data). A section is one file in this folder.
 */
export interface CheckResult {
  /** what was checked, e.g. "heads/ct_head_face.nii.gz dims". */
  name: string;
  ok: boolean;
  /** the measured value against the expected one, or why it failed. */
  detail: string;
}

export interface ValidationSection {
  /** short name, printed as a heading. */
  name: string;
  /**
   * runs the checks; `log` prints progress lines. Writes only under `workDir` (a temporary folder).
   * `settings` are the user's (the IBSI checks use the reference configurations whatever they say).
   */
  run(dataDir: string, workDir: string, log: (line: string) => void, settings: Settings): Promise<CheckResult[]>;
}
