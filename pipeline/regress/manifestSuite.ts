import { basename } from "node:path";
import { detectModality } from "../../masks/faceMask.js";
import type { Settings } from "../../analysis/settings.js";
import { readCompareManifest, rowFiles, type CompareRow } from "../compare/manifest.js";
import { rowConditionSpecs } from "../compare/rowConditions.js";
import { defacingConditions } from "../run/defacingConditions.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { hashInput } from "../report/provenance.js";
import { availableNormalisations } from "../run/availableNormalisations.js";
import { suiteSettings } from "./phantomSuite.js";
import { runSuiteSubject, type RegressSuite, type SuiteSubject } from "./suite.js";

/**
 * A suite of the user's own reference images: the manifest `compare --manifest` reads
 * (pipeline/compare/manifest.ts: subject,image,roi[,brain_mask,head_mask,face_mask] and one column
 * per tool, each cell another tool's defaced image or builtin:mask[:FILL] / builtin:shear[:FILL]),
 * turned into conditions exactly as compare does (one per tool column, named by it), every
 * normalisation the masks allow (given, else computed) unless the settings name some, the settings'
 * processing and features. The inputs' SHA-256 go into the settings, so a baseline says which files it was made from and a changed
 * file shows up as a settings difference.
 */
export function manifestSuite(path: string, settings: Settings): RegressSuite {
  const manifest = readCompareManifest(path);
  const inputs: Record<string, Record<string, string>> = {};
  for (const row of manifest.rows) {
    const files = rowFiles(row);
    inputs[row.subject] = Object.fromEntries(files.filter((f): f is [string, string] => f[1] !== undefined).map(([role, p]) => [role, hashInput(role, p).sha256]));
  }
  return {
    name: basename(path),
    settings: {
      suite: "manifest",
      manifest: basename(path),
      tools: Object.fromEntries(manifest.rows.map((r) => [r.subject, r.versions.map((v) => (v.kind === "file" ? `${v.tool}: file` : `${v.tool}: builtin:${v.defacer}:${v.fill}`))])),
      ...suiteSettings(settings),
      inputs_sha256: inputs,
    },
    subjects: manifest.rows.map((row) => manifestSubject(row, settings)),
  };
}

function manifestSubject(row: CompareRow, settings: Settings): SuiteSubject {
  return {
    name: row.subject,
    async run(hooks) {
      const image = readVolume(row.image);
      const roi = readMask(row.roi, image, { label: settings.input.roiLabel });
      const brainFile = row.brainMask ? readMask(row.brainMask, image) : undefined;
      const headFile = row.headMask ? readMask(row.headMask, image) : undefined;
      const defacing = defacingConditions(image, rowConditionSpecs(row, settings.defacing.bufferMm), {
        roi,
        roiName: row.roi,
        brain: brainFile && row.brainMask ? { mask: brainFile, name: row.brainMask } : undefined,
        modality: settings.input.modality === "auto" ? detectModality(image) : settings.input.modality,
        allowRoiOverlap: settings.defacing.allowRoiOverlap,
        renders: false,
        seed: settings.defacing.seed,
      });
      for (const w of defacing.warnings) hooks.warn(`${row.subject}: ${w}`);
      const masks = { headMask: headFile ?? defacing.head, brainMask: brainFile ?? defacing.brain };
      return runSuiteSubject(
        { subject: row.subject, image, roi, roiName: row.roi, conditions: defacing.conditions, ...masks },
        settings,
        availableNormalisations(masks),
        hooks,
      );
    },
  };
}
