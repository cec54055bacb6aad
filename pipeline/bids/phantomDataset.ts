import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Vec3 } from "../../analysis/core/volume.js";
import { makeHeadPhantom, type PhantomKind } from "../../fixtures/phantom/makeHeadPhantom.js";
import { COHORT_LESION_CENTRES } from "../compare/phantomCohort.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import { writeNifti } from "../io/nifti.js";
import { BIDS_VERSION } from "./derivativesDataset.js";

/**
 * A small BIDS dataset of head phantoms for the tests and `.ci/run` (scripts/phantom-bids.mjs):
 * sub-01 (no session), sub-02 (sessions 1 and 2), and sub-03, whose image is deliberately broken
 * (a truncated .nii.gz), each with an ROI mask derivative in derivatives/roi/. Default grid 64³ at
 * 3 mm: the head at full size, seconds per image.
 */
export interface PhantomDatasetOptions {
  kind?: PhantomKind;
  dims?: Vec3;
  spacing?: Vec3;
  /** healthy participants added after sub-03 (sub-04, sub-05, ...), for measuring the group level on more images. */
  extraParticipants?: number;
}

/** The images of the dataset, as [participant, session or null, seed]; the broken one is sub-03. */
export const PHANTOM_DATASET_IMAGES: [string, string | null, number][] = [
  ["01", null, 31],
  ["02", "1", 32],
  ["02", "2", 33],
  ["03", null, 34],
];
export const BROKEN_PARTICIPANT = "03";

/** The dataset's images with `extra` healthy participants after sub-03: sub-04, sub-05, ... */
export function phantomDatasetImages(extra = 0): [string, string | null, number][] {
  const added = Array.from({ length: extra }, (_, k): [string, string | null, number] => [String(4 + k).padStart(2, "0"), null, 35 + k]);
  return [...PHANTOM_DATASET_IMAGES, ...added];
}

export function writePhantomBidsDataset(dir: string, options: PhantomDatasetOptions = {}): void {
  const kind = options.kind ?? "mr";
  const images = phantomDatasetImages(options.extraParticipants);
  const suffix = kind === "mr" ? "T1w" : "CT";
  const json = (path: string, value: unknown) => writeFileAtomic(path, JSON.stringify(value, null, 2) + "\n");
  json(join(dir, "dataset_description.json"), { Name: `deface-impact ${kind.toUpperCase()} head phantoms`, BIDSVersion: BIDS_VERSION, DatasetType: "raw" });
  writeFileAtomic(join(dir, "participants.tsv"), ["participant_id", ...new Set(images.map(([p]) => `sub-${p}`))].join("\n") + "\n");
  json(join(dir, "derivatives", "roi", "dataset_description.json"), {
    Name: "lesion ROIs of the phantoms",
    BIDSVersion: BIDS_VERSION,
    DatasetType: "derivative",
    GeneratedBy: [{ Name: "deface-impact phantom generator" }],
  });
  images.forEach(([participant, session, seed], i) => {
    const p = makeHeadPhantom({
      kind,
      seed,
      dims: options.dims ?? [64, 64, 64],
      spacing: options.spacing ?? [3, 3, 3],
      lesion: { centerMm: COHORT_LESION_CENTRES[i % COHORT_LESION_CENTRES.length] },
    });
    const folder = join(`sub-${participant}`, ...(session ? [`ses-${session}`] : []), "anat");
    const stem = `sub-${participant}${session ? `_ses-${session}` : ""}`;
    const image = join(dir, folder, `${stem}_${suffix}.nii.gz`);
    writeNifti(image, p.image, { description: `deface-impact ${kind} head phantom seed ${seed}` });
    json(join(dir, folder, `${stem}_${suffix}.json`), { Modality: kind.toUpperCase(), Manufacturer: "deface-impact phantom generator" });
    writeNifti(join(dir, "derivatives", "roi", folder, `${stem}_desc-roi_mask.nii.gz`), { ...p.image, data: p.roi }, { description: "lesion ROI" });
    if (participant === BROKEN_PARTICIPANT) {
      // the broken subject: the image is cut short, as an interrupted copy leaves it
      const bytes = readFileSync(image);
      writeFileAtomic(image, bytes.subarray(0, Math.floor(bytes.length / 3)));
    }
  });
}
