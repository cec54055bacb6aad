import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { inputError, usageError } from "../../analysis/core/errors.js";
import { entity, entityString, parseBidsName, type Entities } from "./entities.js";

/**
 * Which images of a BIDS dataset `bids` analyses, found from file names alone (no image is read):
 * per participant and session, the anatomical images of the first suffix in the preference list
 * that has any, each with its ROI: a mask derivative `sub-<l>[_ses-<l>]_…_desc-<DESC>_mask.nii[.gz]`
 * in the same `sub-<l>/[ses-<l>/]anat/` folder under the ROI folder.
 */

export interface LayoutOptions {
  /** absolute paths. */
  bidsDir: string;
  roiDir: string;
  roiDesc: string;
  /** anatomical suffixes in order of preference (T1w, T2w, CT). */
  suffixes: readonly string[];
  /** participant labels (without sub-); all when absent. */
  participants?: readonly string[];
  /** session labels (without ses-); all when absent. */
  sessions?: readonly string[];
}

/** One image to deface and analyse: a subject of the cohort. */
export interface AnalysisUnit {
  /** the `subject` column of every output: the image's entities, e.g. sub-01_ses-1. */
  subject: string;
  participant: string;
  session: string | null;
  /** absolute path, and relative to the BIDS dataset (with /). */
  image: string;
  imageRel: string;
  entities: Entities;
  suffix: string;
  /** the ROI mask, absolute, when exactly one matches. */
  roi?: string;
  /** why the image cannot be analysed (no ROI, several ROIs). */
  problem?: string;
}

export interface ParticipantPlan {
  participant: string;
  units: AnalysisUnit[];
  /** why the participant has nothing to analyse, if so. */
  problem?: string;
}

/** Entities a mask derivative may carry that its source image does not. */
const DERIVATIVE_ONLY = new Set(["space", "res", "den", "label", "desc", "seg", "atlas"]);

const sorted = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);
const isDir = (p: string): boolean => statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;

/** The participant labels present (folders sub-<label>), sorted. */
export function participantLabels(bidsDir: string): string[] {
  return sorted(bidsDir)
    .filter((n) => /^sub-[A-Za-z0-9]+$/.test(n) && isDir(join(bidsDir, n)))
    .map((n) => n.slice(4));
}

/** `sub-01` and `01` both mean participant 01 (BIDS Apps take labels without the prefix; many users type it). */
export const stripPrefix = (label: string, prefix: "sub-" | "ses-"): string => (label.startsWith(prefix) ? label.slice(prefix.length) : label);

/**
 * The participants to analyse, each with its images and their ROIs. A requested participant that is
 * not in the dataset is a usage error (before any work); a participant or image that cannot be
 * analysed carries its problem, for the participant level to report.
 */
export function planParticipants(options: LayoutOptions): ParticipantPlan[] {
  const present = participantLabels(options.bidsDir);
  const wanted = options.participants?.map((l) => stripPrefix(l, "sub-"));
  const unknown = wanted?.filter((l) => !present.includes(l)) ?? [];
  if (unknown.length) {
    throw usageError(
      `participant${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} not in the BIDS dataset ${options.bidsDir} (it has ${present.length ? present.join(", ") : "no sub-<label> folders"})`,
    );
  }
  return (wanted ? [...new Set(wanted)] : present).map((participant) => planParticipant(participant, options));
}

function planParticipant(participant: string, options: LayoutOptions): ParticipantPlan {
  const subDir = join(options.bidsDir, `sub-${participant}`);
  const allSessions = sorted(subDir).filter((n) => /^ses-[A-Za-z0-9]+$/.test(n) && isDir(join(subDir, n))).map((n) => n.slice(4));
  const wantedSessions = options.sessions?.map((s) => stripPrefix(s, "ses-"));
  let sessions: (string | null)[] = allSessions.length ? allSessions : [null];
  if (wantedSessions) {
    sessions = allSessions.filter((s) => wantedSessions.includes(s));
    if (sessions.length === 0) {
      return { participant, units: [], problem: `no session ${wantedSessions.join(", ")} (sessions: ${allSessions.length ? allSessions.join(", ") : "none"})` };
    }
  }
  const units = sessions.flatMap((session) => sessionUnits(participant, session, options));
  if (units.length === 0) {
    return {
      participant,
      units,
      problem: `no anatomical image (${options.suffixes.map((s) => `*_${s}.nii[.gz]`).join(", ")}) in ${relative(options.bidsDir, subDir)}/${sessions[0] === null ? "" : "ses-*/"}anat/`,
    };
  }
  return { participant, units };
}

const NIFTI = new Set([".nii", ".nii.gz"]);

function sessionUnits(participant: string, session: string | null, options: LayoutOptions): AnalysisUnit[] {
  const folder = join(`sub-${participant}`, ...(session === null ? [] : [`ses-${session}`]), "anat");
  const anat = join(options.bidsDir, folder);
  const belongs = (e: Entities) => entity(e, "sub") === participant && (session === null || entity(e, "ses") === session);
  const images = sorted(anat)
    .map((name) => ({ name, parsed: parseBidsName(name) }))
    .filter(({ parsed }) => parsed && NIFTI.has(parsed.extension) && belongs(parsed.entities) && entity(parsed.entities, "desc") === undefined);
  const suffix = options.suffixes.find((s) => images.some((i) => i.parsed!.suffix === s));
  if (!suffix) return [];
  const masks = sorted(join(options.roiDir, folder))
    .map((name) => ({ name, parsed: parseBidsName(name) }))
    .filter(({ parsed }) => parsed && NIFTI.has(parsed.extension) && parsed.suffix === "mask" && entity(parsed.entities, "desc") === options.roiDesc && belongs(parsed.entities));
  return images
    .filter((i) => i.parsed!.suffix === suffix)
    .map(({ name, parsed }): AnalysisUnit => {
      const entities = parsed!.entities;
      const image = join(anat, name);
      const unit: AnalysisUnit = {
        subject: entityString(entities),
        participant,
        session,
        image,
        imageRel: relative(options.bidsDir, image).split(sep).join("/"),
        entities,
        suffix,
      };
      const roi = matchRoi(entities, masks.map((m) => ({ name: m.name, entities: m.parsed!.entities })));
      if (roi.match) unit.roi = join(options.roiDir, folder, roi.match);
      else unit.problem = roi.problem(join(options.roiDir, folder), options.roiDesc);
      return unit;
    });
}

/**
 * The mask whose source entities (all but space, res, den, label, desc, seg, atlas) agree with the
 * image's; the most specific one when several agree (a run-1 mask beats a mask without run); a tie
 * is ambiguous.
 */
function matchRoi(image: Entities, masks: { name: string; entities: Entities }[]): { match?: string; problem: (dir: string, desc: string) => string } {
  const candidates = masks
    .filter((m) => m.entities.every(([k, v]) => DERIVATIVE_ONLY.has(k) || entity(image, k) === v))
    .map((m) => ({ name: m.name, specificity: m.entities.filter(([k]) => !DERIVATIVE_ONLY.has(k)).length }))
    .sort((a, b) => b.specificity - a.specificity);
  if (candidates.length === 1 || (candidates.length > 1 && candidates[0].specificity > candidates[1].specificity)) {
    return { match: candidates[0].name, problem: () => "" };
  }
  if (candidates.length === 0) {
    return { problem: (dir, desc) => `no ROI: no ${entityString(image)}[_…]_desc-${desc}_mask.nii[.gz] in ${dir} (set --roi-dir and --roi-desc)` };
  }
  const tied = candidates.filter((c) => c.specificity === candidates[0].specificity).map((c) => c.name);
  return { problem: (dir) => `ambiguous ROI: ${tied.join(" and ")} in ${dir} both match; give them distinct entities (e.g. run-)` };
}

/**
 * The structural check the BIDS Apps convention runs before the work (the full BIDS validator is not
 * bundled; --skip-bids-validation skips this): the folder exists, its dataset_description.json names
 * the dataset and its BIDS version, and it has sub-<label> folders.
 */
export function checkBidsDataset(bidsDir: string): void {
  if (!isDir(bidsDir)) throw inputError(existsSync(bidsDir) ? "the BIDS dataset is not a folder" : "BIDS dataset not found", bidsDir);
  const descriptionPath = join(bidsDir, "dataset_description.json");
  let description: unknown;
  try {
    description = JSON.parse(readFileSync(descriptionPath, "utf8"));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw inputError(
      code === "ENOENT"
        ? "not a BIDS dataset: dataset_description.json is missing (or pass --skip-bids-validation)"
        : `dataset_description.json is not valid JSON (${(err as Error).message})`,
      code === "ENOENT" ? bidsDir : descriptionPath,
      err,
    );
  }
  const d = description as Record<string, unknown>;
  const missing = ["Name", "BIDSVersion"].filter((k) => typeof d?.[k] !== "string");
  if (missing.length) throw inputError(`dataset_description.json lacks ${missing.join(" and ")} (required by BIDS)`, descriptionPath);
  if (participantLabels(bidsDir).length === 0) throw inputError("the BIDS dataset has no sub-<label> folders", bidsDir);
}
