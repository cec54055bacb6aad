import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import type { Settings } from "../../analysis/settings.js";
import { ctBrainMask } from "../../masks/brainMaskCt.js";
import { derivativesProblems } from "../bids/checkDerivatives.js";
import { BIDS_VERSION } from "../bids/derivativesDataset.js";
import { executeGroup } from "../bids/executeGroup.js";
import { executeParticipant, type BidsHooks } from "../bids/executeParticipant.js";
import type { BidsArgs } from "../bids/bidsContext.js";
import { readTsv } from "../report/tsv.js";
import { writeNifti } from "../io/niftiWrite.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { sphereAtCentre } from "./impact.js";
import type { CheckResult, ValidationSection } from "./types.js";

/**
 * `bids` on real heads: a BIDS dataset in the work folder whose images are the real CT and T1w
 * heads (linked, not copied) with an ROI mask derivative each (a ball at the centre of the brain),
 * through the participant and group levels under the user's settings. Checks: every image is
 * analysed, the derivatives pass the structural check, a rerun skips them, and the group level
 * includes them with all their rows.
 */
const ROI_RADIUS_MM = 12;

const CASES = [
  { participant: "ct01", suffix: "CT", image: "ct_head_face.nii.gz", brainMask: undefined },
  { participant: "mr01", suffix: "T1w", image: "mri_t1_colin27.nii.gz", brainMask: "mri_t1_colin27_brainmask.nii.gz" },
];

export const bidsHeadsSection: ValidationSection = {
  name: "bids",
  async run(dataDir, workDir, log, settings) {
    const heads = resolve(dataDir, "heads"); // absolute: the dataset links to it
    const missing = CASES.flatMap((c) => [c.image, ...(c.brainMask ? [c.brainMask] : [])]).filter((f) => !existsSync(join(heads, f)));
    if (missing.length) return [{ name: "bids on real heads: inputs", ok: false, detail: `missing ${missing.map((f) => join(heads, f)).join(", ")}` }];
    const ds = join(workDir, "bids-heads");
    writeDataset(ds, heads);
    const args: BidsArgs = { bidsDir: ds, outDir: join(workDir, "bids-heads-out"), roiDesc: "roi", suffixes: ["T1w", "T2w", "CT"], skipBidsValidation: false, force: false };
    const hooks: BidsHooks = { threads: availableParallelism(), warn: (m) => log(`  warning: ${m}`), log: (l) => log(`  ${l}`), error: (l) => log(`  error: ${l}`) };
    const bidsSettings: Settings = { ...settings, defacing: { ...settings.defacing, defacer: "shear", faceMask: undefined, defaced: [] }, output: { ...settings.output, renders: false } };

    const first = await executeParticipant(bidsSettings, args, hooks);
    const checks: CheckResult[] = [
      {
        name: "bids participant on a real CT and T1w: every image analysed",
        ok: first.analysed === CASES.length && first.failed === 0,
        detail: `${first.analysed} analysed, ${first.failed} failed${first.failed ? `: ${first.statuses.flatMap((s) => s.images.map((i) => i.error?.message)).filter(Boolean).join("; ")}` : ""}`,
      },
    ];
    const problems = derivativesProblems(args.outDir);
    checks.push({ name: "bids derivatives of the real heads pass the structural check", ok: problems.length === 0, detail: problems.length ? problems.slice(0, 3).join("; ") : "dataset_description, names, entity order, sidecars" });
    const again = await executeParticipant(bidsSettings, args, hooks);
    checks.push({ name: "bids participant rerun skips the finished images", ok: again.skipped === CASES.length && again.analysed === 0, detail: `${again.skipped} skipped, ${again.analysed} analysed` });

    const group = await executeGroup(bidsSettings, args, hooks);
    const subjects = readTsv(join(group.dir, "subjects.tsv")).rows;
    const participantRows = first.statuses.flatMap((s) => s.images).reduce((n, i) => n + (i.summary ? tableRows(join(args.outDir, i.summary.replace(/_desc-radiomics_summary\.json$/, "_desc-radiomics_features.tsv"))) : 0), 0);
    const groupRows = tableRows(join(group.dir, "features.tsv"));
    checks.push({
      name: "bids group on the real heads: both included, every feature row",
      ok: subjects.every((s) => s.status === "included") && subjects.length === CASES.length && groupRows === participantRows && participantRows > 0,
      detail: `${subjects.map((s) => `${s.subject} ${s.status}`).join(", ")}; ${groupRows} feature rows (participants: ${participantRows})`,
    });
    return checks;
  },
};

/** The dataset: the images linked from the data folder, ROIs written as a mask derivative. */
function writeDataset(ds: string, heads: string): void {
  const json = (path: string, value: unknown) => writeFileSync(path, JSON.stringify(value, null, 2) + "\n");
  mkdirSync(join(ds, "derivatives", "roi"), { recursive: true });
  json(join(ds, "dataset_description.json"), { Name: "real heads of ../shared/data", BIDSVersion: BIDS_VERSION, DatasetType: "raw" });
  json(join(ds, "derivatives", "roi", "dataset_description.json"), { Name: "ROI balls", BIDSVersion: BIDS_VERSION, DatasetType: "derivative", GeneratedBy: [{ Name: "deface-impact validate" }] });
  for (const c of CASES) {
    const anat = join(ds, `sub-${c.participant}`, "anat");
    const roiAnat = join(ds, "derivatives", "roi", `sub-${c.participant}`, "anat");
    mkdirSync(anat, { recursive: true });
    mkdirSync(roiAnat, { recursive: true });
    const imagePath = join(anat, `sub-${c.participant}_${c.suffix}.nii.gz`);
    symlinkSync(join(heads, c.image), imagePath);
    const image = readVolume(imagePath);
    const brain = c.brainMask ? readMask(join(heads, c.brainMask), image) : ctBrainMask(image);
    writeNifti(join(roiAnat, `sub-${c.participant}_desc-roi_mask.nii.gz`), { ...image, data: sphereAtCentre(image, brain, ROI_RADIUS_MM) }, { description: "ROI ball" });
  }
}

function tableRows(path: string): number {
  return readFileSync(path, "utf8").trimEnd().split("\n").length - 1;
}
