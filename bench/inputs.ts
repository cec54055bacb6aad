import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { voxelToWorld } from "../analysis/core/volume.js";
import { headMask } from "../masks/headMask.js";
import { readVolume } from "../pipeline/io/readVolume.js";
import { writeNifti } from "../pipeline/io/niftiWrite.js";
import { runNode } from "./child.js";

/** What the benchmark runs on: the built-in phantoms, written by the CLI, and the real heads when present. */
export interface BenchInput {
  /** e.g. "CT phantom 256³". */
  name: string;
  image: string;
  roi: string;
  /** a face mask for the face-mask run (phantoms); real heads have none. */
  faceMask?: string;
}

/** Writes a head phantom with the CLI (`phantom`) into dir and names its files. */
export function phantomInput(cli: string, dir: string, kind: "ct" | "mr", size: string, spacing: string, seed = 1): BenchInput {
  runNode([cli, "phantom", "--kind", kind, "--size", size, "--spacing", spacing, "--phantom-seed", String(seed), "--out", dir]);
  const sizeName = /^\d+$/.test(size) ? `${size}³` : size;
  return { name: `${kind.toUpperCase()} phantom ${sizeName}`, image: join(dir, "image.nii.gz"), roi: join(dir, "roi.nii.gz"), faceMask: join(dir, "face_mask.nii.gz") };
}

/** The real heads of ../shared/data/heads that exist, each with an ROI the bench makes for it. */
export function realHeads(headsDir: string, scratch: string): BenchInput[] {
  const cases = [
    { file: "ct_head_face.nii.gz", name: "real CT head 256×256×108" },
    { file: "mri_t1_head_face.nii.gz", name: "real T1 MRI head 104×150×133" },
    { file: "mri_t1_colin27.nii.gz", name: "Colin27 T1 MRI 181×217×181" },
  ];
  const out: BenchInput[] = [];
  for (const c of cases) {
    const image = join(headsDir, c.file);
    if (!existsSync(image)) continue;
    const roi = join(scratch, `roi-${c.file}`);
    writeHeadRoi(image, roi);
    out.push({ name: c.name, image, roi });
  }
  return out;
}

/**
 * A spherical ROI of radius 15 mm for a real head: centred 25 mm behind and 20 mm above the head's
 * centroid (inside the skull, far from the face), cut to the head mask.
 */
export function writeHeadRoi(imagePath: string, out: string): number {
  const volume = readVolume(imagePath);
  const { mask: head } = headMask(volume);
  const [nx, ny, nz] = volume.dims;
  const centre = [0, 0, 0];
  let n = 0;
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++)
        if (head[v]) {
          const p = voxelToWorld(volume.affine, i, j, k);
          for (let a = 0; a < 3; a++) centre[a] += p[a];
          n++;
        }
  for (let a = 0; a < 3; a++) centre[a] /= n;
  centre[1] -= 25;
  centre[2] += 20;
  const roi = new Uint8Array(head.length);
  let count = 0;
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) {
        const p = voxelToWorld(volume.affine, i, j, k);
        if (head[v] && (p[0] - centre[0]) ** 2 + (p[1] - centre[1]) ** 2 + (p[2] - centre[2]) ** 2 <= 15 * 15) (roi[v] = 1), count++;
      }
  writeNifti(out, { ...volume, data: roi });
  return count;
}

/**
 * A cohort of CT phantoms (seeds 1..n) and its manifest for `compare`: the face mask with the
 * zero and min fills and the shear defacer, as in the demo. Returns the manifest's path.
 */
export function phantomCohort(cli: string, dir: string, n: number, size: string, spacing: string): string {
  mkdirSync(dir, { recursive: true });
  const lines = ["subject,image,roi,brain_mask,head_mask,face_mask,mask-zero,mask-min,shear-min"];
  for (let s = 1; s <= n; s++) {
    const subject = `ct-${String(s).padStart(2, "0")}`;
    phantomInput(cli, join(dir, subject), "ct", size, spacing, s);
    const f = (name: string) => `${subject}/${name}`;
    lines.push([subject, f("image.nii.gz"), f("roi.nii.gz"), f("brain_mask.nii.gz"), f("head_mask.nii.gz"), f("face_mask.nii.gz"), "builtin:mask:zero", "builtin:mask:min", "builtin:shear:min"].join(","));
  }
  const manifest = join(dir, "cohort.csv");
  writeFileSync(manifest, lines.join("\n") + "\n");
  return manifest;
}
