import { join } from "node:path";
import { usageError } from "../../analysis/core/errors.js";
import { bidsName, withEntity } from "./entities.js";
import type { AnalysisUnit } from "./layout.js";

/**
 * Where one image's derivatives go: OUT_DIR/sub-<l>/[ses-<l>/]anat/, named by the image's entities
 * with a desc- entity: the defaced image (desc-defaced; a second fill desc-defaced<Condition>), the
 * face mask (desc-face_mask), the features and shifts (desc-radiomics_features.tsv, _shifts.tsv),
 * each with a JSON sidecar, and the summary the group level reads (desc-radiomics_summary.json),
 * written last: its presence means the image is finished.
 */
export interface UnitFiles {
  /** the anat folder, absolute. */
  dir: string;
  /** relative to OUTPUT_DIR (with /), for the status file. */
  dirRel: string;
  defaced: { condition: string; file: string }[];
  faceMask: string;
  features: string;
  shifts: string;
  summary: string;
}

/** The JSON sidecar of a data file (.nii.gz, .tsv). */
export const sidecarOf = (file: string): string => file.replace(/(\.nii\.gz|\.nii|\.tsv)$/, ".json");

/** The desc label of a condition's defaced image: the first is `defaced`, the others `defaced` + the condition's letters and digits. */
function defacedDesc(condition: string, first: boolean): string {
  if (first) return "defaced";
  const alnum = condition.replace(/[^A-Za-z0-9]/g, "");
  return `defaced${alnum.charAt(0).toUpperCase()}${alnum.slice(1)}`;
}

export function unitFiles(outDir: string, unit: AnalysisUnit, conditions: readonly string[]): UnitFiles {
  const parts = [`sub-${unit.participant}`, ...(unit.session === null ? [] : [`ses-${unit.session}`]), "anat"];
  const name = (desc: string, suffix: string, ext: string) => bidsName(withEntity(unit.entities, "desc", desc), suffix, ext);
  const defaced = conditions.map((condition, i) => ({ condition, file: name(defacedDesc(condition, i === 0), unit.suffix, ".nii.gz") }));
  const files = new Set(defaced.map((d) => d.file));
  if (files.size < defaced.length) {
    throw usageError(`the defaced conditions ${conditions.join(", ")} do not give distinct BIDS desc- labels (letters and digits only): choose fills that differ in letters or digits`);
  }
  return {
    dir: join(outDir, ...parts),
    dirRel: parts.join("/"),
    defaced,
    faceMask: name("face", "mask", ".nii.gz"),
    features: name("radiomics", "features", ".tsv"),
    shifts: name("radiomics", "shifts", ".tsv"),
    summary: name("radiomics", "summary", ".json"),
  };
}
