import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Mask, Volume } from "../../analysis/core/volume.js";
import { makeHeadPhantom, type HeadPhantom } from "../../fixtures/phantom/makeHeadPhantom.js";
import { writePhantomBidsDataset } from "../../pipeline/bids/phantomDataset.js";
import { writeNifti } from "../../pipeline/io/nifti.js";
import { projectRoot } from "../../pipeline/version.js";
import { writePhantomDicom } from "../pipeline/io/dicom/phantomDicom.js";
import { readmeBlocks, shellCommands, words, type CodeBlock } from "./readmeBlocks.js";
import { mulberry32 } from "../../analysis/core/random.js";

/**
 * Every example command of the README (```sh blocks, `npx deface-impact ...`) runs as written, in
 * README order, on stand-ins for its placeholder names (the table below), so an example that no
 * longer runs fails here. The only additions: --threads 1 and --quiet where a command has them
 * (speed, quiet logs); `npx deface-impact` is the built CLI; `~` is a home folder of the test's own.
 */
const main = join(projectRoot(), "dist", "pipeline", "cli", "main.js");

/** What each placeholder image file of the README stands for: the CT phantom's files. */
const PLACEHOLDERS: Record<string, "image" | "roi" | "face" | "brain" | "defaced"> = {
  "head.nii.gz": "image",
  "tumour.nii.gz": "roi",
  "face.nii.gz": "face",
  "brain.nii.gz": "brain",
  "head_pydeface.nii.gz": "defaced",
  "head_reface.nii.gz": "defaced",
  "other_tool.nii.gz": "defaced",
  "s01.nii.gz": "image",
  "s01_gtv.nii.gz": "roi",
  "ct.nii.gz": "image",
  "gtv.nii.gz": "roi",
  // the manifest of the README's csv block
  "s01/t1.nii.gz": "image",
  "s01/tumour.nii.gz": "roi",
  "s01/brain.nii.gz": "brain",
  "s01/face.nii.gz": "face",
  "s01/t1_pydeface.nii.gz": "defaced",
};
/** The phantom as a DICOM series, its ROI as an RTSTRUCT (ROI GTV-1). */
const DICOM_SERIES = ["ct_dicom", "dicom/patient-017"];
const RTSTRUCT = "rs.dcm";
/** Files whose content the README shows: written from its blocks. */
const FROM_README = { "cohort.csv": (b: CodeBlock) => b.lang === "csv", "my-study.yaml": (b: CodeBlock) => b.lang === "yaml" && b.heading === "Settings", "hierarchies.yaml": (b: CodeBlock) => b.lang === "yaml" && b.text.includes("intervals") };
/** Tables of the release workflow: synthetic people (tables.ts below). */
const CLINICAL = "cohort-clinical.csv";
const REGISTRY = "registry.csv";
/** A pseudonym in the README: stands for the first pseudonymised PatientID of the released table. */
const PSEUDONYM = "x7Q-aZ91k";

/** Examples documented to exit non-zero: a check that fails is their point. */
const EXPECTED_EXIT: Record<string, number> = {
  "regress --phantom-seed 2": 1, // "shows the suite catching a change"
  "privacy check --table cohort-clinical.csv --quasi age,sex,site,study_date --sensitive grade --k 5 --l 2 --t 0.3 --json check.json": 1, // "exit 1 below a threshold"
};

const COMMANDS_WITH_THREADS = new Set(["run", "compare", "features", "regress", "bids"]);
/** The BIDS dataset of the `bids` examples: the tests' phantom dataset (sub-03 broken); `masks/` holds sub-01's ROI as desc-tumour. */
const BIDS_DATASET = "bids";

function examples(): string[] {
  return readmeBlocks()
    .filter((b) => b.lang === "sh")
    .flatMap((b) => shellCommands(b.text))
    .filter((c) => c.startsWith("npx deface-impact "))
    .map((c) => c.slice("npx deface-impact ".length));
}

describe("the README's example commands run on the phantoms", () => {
  const dir = mkdtempSync(join(tmpdir(), "readme-examples-"));
  const home = join(dir, "home");
  let phantom: HeadPhantom;
  beforeAll(() => {
    // 64³ at 3 mm: the head at full size, seconds per command
    phantom = makeHeadPhantom({ kind: "ct", seed: 5, dims: [64, 64, 64], spacing: [3, 3, 3] });
    const volumes = { image: phantom.image, roi: mask(phantom.roi), face: mask(phantom.faceMask), brain: mask(phantom.brainMask), defaced: defacedByMin(phantom) };
    for (const [name, what] of Object.entries(PLACEHOLDERS)) writeNifti(join(dir, name), volumes[what]);
    // an identity the de-identification must replace (the pseudonym example needs a PatientID)
    for (const series of DICOM_SERIES) writePhantomDicom(join(dir, series), join(dir, series, "..", RTSTRUCT), phantom, { PatientID: "PAT0000017", PatientName: "EXAMPLE^PATIENT" });
    const blocks = readmeBlocks();
    for (const [name, pick] of Object.entries(FROM_README)) {
      const block = blocks.find(pick);
      expect(block, `README.md shows ${name}`).toBeDefined();
      writeFileSync(join(dir, name), block!.text);
    }
    const people = syntheticPeople(300, 1000, 7);
    writeFileSync(join(dir, CLINICAL), people.clinical);
    writeFileSync(join(dir, REGISTRY), people.registry);
    mkdirSync(home);
    writePhantomBidsDataset(join(dir, BIDS_DATASET));
    mkdirSync(join(dir, "masks", "sub-01", "anat"), { recursive: true });
    copyFileSync(join(dir, BIDS_DATASET, "derivatives", "roi", "sub-01", "anat", "sub-01_desc-roi_mask.nii.gz"), join(dir, "masks", "sub-01", "anat", "sub-01_desc-tumour_mask.nii.gz"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const mask = (m: Mask): Volume => ({ ...phantom.image, data: m });

  const list = examples();
  it("finds the examples of every command the README shows", () => {
    const commands = new Set(list.map((c) => words(c)[0]));
    for (const c of ["--help", "run", "compare", "deface", "regress", "features", "privacy", "bids"]) expect(commands).toContain(c);
    expect(list.length).toBeGreaterThanOrEqual(25);
  });

  for (const example of list) {
    it(`npx deface-impact ${example}`, () => {
      const args = words(example).map((w) => (w.startsWith("~/") ? join(home, w.slice(2)) : w === PSEUDONYM ? firstPseudonym(dir) : w));
      const extra = COMMANDS_WITH_THREADS.has(args[0]) && !args.includes("--print-settings") ? ["--threads", "1", "--quiet"] : [];
      const r = spawnSync(process.execPath, [main, ...args, ...extra], { cwd: dir, encoding: "utf8", timeout: 600_000, env: { ...process.env, HOME: home } });
      expect(r.status, `${r.stderr}\n${r.stdout}`).toBe(EXPECTED_EXIT[example] ?? 0);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      if (args[0] === "privacy" && args[1] === "reidentify") expect(r.stdout.trim()).toMatch(/^P\d{7}$/); // back to a patient of the clinical table
    }, 600_000);
  }
});

/** The first PatientID of released.csv (a pseudonym, written by the anonymise example). */
function firstPseudonym(dir: string): string {
  const [header, first] = readFileSync(join(dir, "released.csv"), "utf8").split("\n");
  return first.split(",")[header.split(",").indexOf("PatientID")];
}

/**
 * A registry of people (PatientID, sex, age, visit date, site A/B/C) and a clinical table of some of
 * them with a tumour grade, as the release workflow reads them. Seeded; nobody real.
 */
function syntheticPeople(clinical: number, registry: number, seed: number): { clinical: string; registry: string } {
  const rnd = mulberry32(seed);
  const people = Array.from({ length: registry }, (_, i) => ({
    id: `P${String(i + 1).padStart(7, "0")}`,
    sex: rnd() < 0.5 ? "F" : "M",
    age: 18 + Math.floor(rnd() * 73),
    date: new Date(Date.UTC(2019, 0, 1) + Math.floor(rnd() * 5 * 365) * 86400000).toISOString().slice(0, 10),
    site: "ABC"[Math.floor(rnd() * 3)],
  }));
  const rows = people.slice(0, clinical).map((p) => `${p.id},${p.age},${p.sex},${p.site},${p.date},G${1 + Math.floor(rnd() * 3)}`);
  return {
    clinical: ["PatientID,age,sex,site,study_date,grade", ...rows].join("\n") + "\n",
    registry: ["person_id,sex,age,study_date,site", ...people.map((p) => `${p.id},${p.sex},${p.age},${p.date},${p.site}`)].join("\n") + "\n",
  };
}

/** "Another tool's" output: the face set to the image's lowest value. */
function defacedByMin(p: HeadPhantom): Volume {
  let min = Infinity;
  for (const v of p.image.data) min = Math.min(min, v);
  const data = Int16Array.from(p.image.data);
  p.faceMask.forEach((m, i) => {
    if (m) data[i] = min;
  });
  return { ...p.image, data };
}
