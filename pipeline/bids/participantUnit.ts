import { existsSync, rmSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { inputError } from "../../analysis/core/errors.js";
import { countMask, type Volume } from "../../analysis/core/volume.js";
import type { Settings } from "../../analysis/settings.js";
import { applyFill } from "../../masks/uniformFill.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { writeNifti } from "../io/niftiWrite.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { featureUnit, normalisedUnit } from "../report/html/units.js";
import { hashInput } from "../report/provenance.js";
import { toReportJson } from "../report/runReport.js";
import { toTsv } from "../report/tsv.js";
import { threadPool } from "../pool/runJobs.js";
import { analyseSubject } from "../run/analyseSubject.js";
import { conditionSpecs } from "../run/conditionSpec.js";
import { conditionRecords, maskSources } from "../run/defacingConditions.js";
import { intensityUnit } from "../run/modality.js";
import { roiHistograms } from "../run/roiHistograms.js";
import { packageVersion } from "../version.js";
import { BIDS_FEATURE_COLUMNS, BIDS_SHIFT_COLUMNS, columnSidecar } from "./columnSidecars.js";
import type { AnalysisUnit } from "./layout.js";
import { readUnitSummary, type UnitSummary } from "./unitSummary.js";
import { sidecarOf, unitFiles, type UnitFiles } from "./unitFiles.js";

export interface UnitContext {
  /** absolute paths. */
  outDir: string;
  bidsDir: string;
  roiDir: string;
  settings: Settings;
  settingsHash: string;
  threads: number;
  /** analyse again an image whose outputs are finished. */
  force: boolean;
  warn: (message: string) => void;
  log?: (line: string) => void;
  onProgress?: (done: number, total: number) => void;
}

export type UnitOutcome = { status: "analysed" | "skipped"; files: UnitFiles };

/** A BIDS URI of a file in a linked dataset (dataset_description.json's DatasetLinks raw and roi). */
const bidsUri = (link: "raw" | "roi", root: string, file: string): string => `bids:${link}:${relative(root, file).split(sep).join("/")}`;

/**
 * The participant level for one image: deface it (the settings' fills, built-in shear defacer),
 * analyse it as `run` does, and write its BIDS derivatives, the summary last. An image whose summary
 * exists with the same settings is skipped unless `force`. Failures throw (the caller records them).
 */
export async function participantUnit(unit: AnalysisUnit, ctx: UnitContext): Promise<UnitOutcome> {
  if (unit.problem || !unit.roi) throw inputError(unit.problem ?? "no ROI", unit.image);
  const { settings } = ctx;
  const specs = conditionSpecs(settings.defacing);
  const files = unitFiles(ctx.outDir, unit, specs.map((s) => s.name));
  if (!ctx.force && finished(files, ctx.settingsHash)) return { status: "skipped", files };
  // the summary marks a finished image: gone first, so an interrupted rerun is not taken for finished
  rmSync(join(files.dir, files.summary), { force: true });

  const image = readVolume(unit.image, { shared: true });
  const roi = readMask(unit.roi, image, { label: settings.input.roiLabel });
  const analysis = analyseSubject(
    { subject: unit.subject, image, roi, roiName: unit.roi },
    { settings, specs, runJobs: threadPool(ctx.threads), renders: false, warn: ctx.warn, log: ctx.log, onProgress: ctx.onProgress },
  );
  const { defacing, modality } = analysis;
  const result = await analysis.features;
  const imageUnit = intensityUnit(modality);
  const sources = [bidsUri("raw", ctx.bidsDir, unit.image)];
  const write = (name: string, data: string | Uint8Array) => writeFileAtomic(join(files.dir, name), data);
  const writeJson = (name: string, value: unknown) => write(name, toReportJson(value));

  defacing.conditions.forEach((condition, i) => {
    const file = files.defaced[i].file;
    writeNifti(join(files.dir, file), { ...image, data: applyFill(image, condition.indices, condition.values) } as Volume, { description: `deface-impact ${condition.name}` });
    writeJson(sidecarOf(file), {
      Description: `${unit.imageRel} with the face removed: ${condition.description}`,
      SkullStripped: false,
      Sources: sources,
      Condition: condition.name,
      Defacing: defacing.summaries[i].summary,
    });
  });
  const faceMask = new Uint8Array(image.data.length);
  for (const i of defacing.conditions[0]?.indices ?? []) faceMask[i] = 1;
  writeNifti(join(files.dir, files.faceMask), { ...image, data: faceMask }, { description: "deface-impact face mask" });
  writeJson(sidecarOf(files.faceMask), {
    Description: `the voxels the defacing removed (${defacing.summaries[0]?.summary.source ?? "no defacing"}): 1 inside, 0 outside`,
    Type: "Face",
    Sources: sources,
  });

  const units = (r: { family: string; ibsi_code: string; normalization: string }) => ({
    ...r,
    units: asciiUnit(featureUnit(r.family, r.ibsi_code, normalisedUnit(r.normalization, imageUnit))),
  });
  write(files.features, toTsv(result.features.map(units), BIDS_FEATURE_COLUMNS));
  write(sidecarOf(files.features), columnSidecar(BIDS_FEATURE_COLUMNS));
  write(files.shifts, toTsv(result.shifts.map(units), BIDS_SHIFT_COLUMNS));
  write(sidecarOf(files.shifts), columnSidecar(BIDS_SHIFT_COLUMNS));

  const summary: UnitSummary = {
    tool: "deface-impact",
    version: packageVersion(),
    settings_sha256: ctx.settingsHash,
    record: {
      subject: unit.subject,
      bids: { participant: unit.participant, session: unit.session, image: unit.imageRel },
      modality: modality.toUpperCase(),
      intensity_unit: imageUnit,
      dims: [...image.dims],
      spacing_mm: [...image.spacing],
      roi_voxels: countMask(roi),
      masks: maskSources(defacing, {}),
      conditions: conditionRecords(defacing.conditions, image.spacing),
      defacing: defacing.summaries,
      maps: result.maps,
      warnings: analysis.warnings,
    },
    inputs: [hashInput("image", unit.image), hashInput("roi", unit.roi)],
    affine: image.affine,
    normalisations: analysis.normalisations,
    box: result.box,
    roi_overlap: result.roiOverlap,
    grey_levels: result.greyLevels,
    histograms: roiHistograms(image, roi, defacing.conditions, result.maps),
    files: { defaced: files.defaced, face_mask: files.faceMask, features: files.features, shifts: files.shifts },
  };
  writeJson(files.summary, summary);
  return { status: "analysed", files };
}

const SUPERSCRIPTS: Record<string, string> = { "²": "^2", "³": "^3", "⁻¹": "^-1" };

/** A report unit for a table (CMIXF-like, as BIDS recommends): mm³ → mm^3, σ² → σ^2, "–" (dimensionless) → 1. */
export const asciiUnit = (unit: string): string => (unit === "–" ? "1" : unit.replace(/⁻¹|²|³/g, (s) => SUPERSCRIPTS[s]));

/** Finished: the summary is there, made with these settings, and every file it lists too. */
function finished(files: UnitFiles, settingsHash: string): boolean {
  const path = join(files.dir, files.summary);
  if (!existsSync(path)) return false;
  try {
    const s = readUnitSummary(path);
    const listed = [...s.files.defaced.map((d) => d.file), s.files.face_mask, s.files.features, s.files.shifts];
    return s.settings_sha256 === settingsHash && listed.every((f) => existsSync(join(files.dir, f)) && existsSync(join(files.dir, sidecarOf(f))));
  } catch {
    return false;
  }
}
