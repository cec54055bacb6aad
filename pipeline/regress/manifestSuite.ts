import { basename } from "node:path";
import { countMask, type Mask, type Volume } from "../../analysis/core/volume.js";
import { inputError } from "../../analysis/core/errors.js";
import { readManifest, type ManifestRow } from "../io/manifest.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { hashInput } from "../report/provenance.js";
import { availableNormalisations } from "../run/availableNormalisations.js";
import { headMask as automaticHeadMask } from "../../masks/headMask.js";
import type { DefacedCondition } from "../run/runSubject.js";
import { importDefaced } from "../../masks/importDefaced.js";
import { maskIndices } from "../../masks/fill.js";
import {
  runStandardSubject,
  standardFillConditions,
  STANDARD_AGGREGATIONS,
  STANDARD_CONFIGS,
  STANDARD_FILLS,
  NOISE_FILL_SEED,
  STANDARD_NORMALISATION,
  type RegressSuite,
  type SuiteSubject,
} from "./suite.js";

/**
 * A suite of the user's own reference images from a manifest (pipeline/io/manifest.ts): per row
 * the face mask with the standard fills (conditions defaced-zero, defaced-min) and every other
 * tool's defaced image (condition = its column name), every normalisation the row's masks allow,
 * the standard configurations. The inputs' SHA-256 go into the settings, so a baseline says which
 * files it was made from and a changed file shows up as a settings difference.
 */
export function manifestSuite(path: string): RegressSuite {
  const rows = readManifest(path);
  const inputs: Record<string, Record<string, string>> = {};
  for (const row of rows) {
    const files: [string, string | undefined][] = [
      ["image", row.image],
      ["roi", row.roi],
      ["brain_mask", row.brainMask],
      ["head_mask", row.headMask],
      ["face_mask", row.faceMask],
      ...row.defaced.map((d): [string, string] => [d.name, d.path]),
    ];
    inputs[row.subject] = Object.fromEntries(files.filter((f): f is [string, string] => f[1] !== undefined).map(([role, p]) => [role, hashInput(role, p).sha256]));
  }
  return {
    name: basename(path),
    settings: {
      suite: "manifest",
      manifest: basename(path),
      fills: STANDARD_FILLS,
      noise_fill_seed: NOISE_FILL_SEED,
      noise_fill_background: "outside the row's head mask, else outside an Otsu head mask",
      normalisations: "every one the row's masks allow",
      normalisation: STANDARD_NORMALISATION,
      configs: STANDARD_CONFIGS,
      aggregations: STANDARD_AGGREGATIONS,
      inputs_sha256: inputs,
    },
    subjects: rows.map((row) => manifestSubject(row, path)),
  };
}

function manifestSubject(row: ManifestRow, manifestPath: string): SuiteSubject {
  return {
    name: row.subject,
    async run(hooks) {
      const image = readVolume(row.image);
      const roi = readMask(row.roi, image);
      const brainMask = row.brainMask ? readMask(row.brainMask, image) : undefined;
      const headMask = row.headMask ? readMask(row.headMask, image) : undefined;
      const conditions: DefacedCondition[] = [];
      if (row.faceMask) {
        const face = readMask(row.faceMask, image, { allowProbabilistic: true });
        if (countMask(face) === 0) hooks.warn(`${row.faceMask}: the face mask is empty: its conditions change nothing`);
        // the noise fill draws from outside the head: the row's head mask, else Otsu's
        const head = headMask ?? automaticHeadMask(image).mask;
        conditions.push(...standardFillConditions(image, face, head, `face mask ${basename(row.faceMask)}`));
      }
      for (const d of row.defaced) conditions.push(conditionFromDefacedImage(image, readVolume(d.path), d.name, d.path, roi, hooks.warn));
      if (conditions.length === 0) hooks.warn(`${manifestPath}: line ${row.line} (${row.subject}) has no face mask and no defaced image: only its features are compared`);
      const masks = { ...(brainMask ? { brainMask } : {}), ...(headMask ? { headMask } : {}) };
      return runStandardSubject(
        { subject: row.subject, image, roi, roiName: row.roi, conditions, ...masks },
        availableNormalisations(masks),
        hooks,
      );
    },
  };
}

/**
 * Another tool's defaced image as a condition: the voxels masks/importDefaced finds changed (exact
 * for integer images; float rounding noise below a millionth of the range ignored), with the values
 * the tool wrote there, so the condition reproduces that tool's output.
 */
export function conditionFromDefacedImage(image: Volume, defaced: Volume, name: string, path: string, roi: Mask, warn: (m: string) => void): DefacedCondition {
  const imported = importDefaced(image, defaced, path);
  if (imported.changedVoxels === 0) warn(`${path}: identical to the image: the tool changed nothing`);
  const indices = maskIndices(imported.mask);
  const values = new Float64Array(indices.length);
  for (let n = 0; n < indices.length; n++) values[n] = defaced.data[indices[n]];
  let inRoi = 0;
  for (let n = 0; n < indices.length; n++) inRoi += roi[indices[n]];
  if (inRoi > 0) throw inputError(`the defaced image changes ${inRoi} of the ROI's ${countMask(roi)} voxels: the ROI must lie outside what the tool removed`, path);
  return { name, description: `defaced image ${basename(path)} (fill: ${imported.fill.kind})`, indices, values };
}
