import { join } from "node:path";
import type { Mask, Volume } from "../../analysis/core/volume.js";
import type { HeadPhantom } from "../../fixtures/phantom/makeHeadPhantom.js";
import { writeFileAtomic } from "./atomicWrite.js";
import { writeNifti } from "./nifti.js";

/** The files written, by name. */
export const PHANTOM_FILES = ["image.nii.gz", "face_mask.nii.gz", "brain_mask.nii.gz", "head_mask.nii.gz", "roi.nii.gz", "phantom.json"];

/** Writes a phantom's image, masks and a JSON description into `dir` (each file atomically). */
export function writePhantom(dir: string, p: HeadPhantom): void {
  const label = `deface-impact ${p.kind} head phantom seed ${p.seed}`;
  const mask = (m: Mask): Volume => ({ ...p.image, data: m });
  writeNifti(join(dir, "image.nii.gz"), p.image, { description: label });
  writeNifti(join(dir, "face_mask.nii.gz"), mask(p.faceMask), { description: `${label}: face mask` });
  writeNifti(join(dir, "brain_mask.nii.gz"), mask(p.brainMask), { description: `${label}: brain mask` });
  writeNifti(join(dir, "head_mask.nii.gz"), mask(p.headMask), { description: `${label}: head mask` });
  writeNifti(join(dir, "roi.nii.gz"), mask(p.roi), { description: `${label}: lesion ROI` });
  const meta = {
    kind: p.kind,
    seed: p.seed,
    dims: p.image.dims,
    spacing_mm: p.image.spacing,
    affine: p.image.affine,
    head_scale: p.headScale,
    lesion_center_mm: p.lesion.centerMm,
    lesion_radius_mm: p.lesion.radiusMm,
    lesion_face_distance_mm: p.lesion.faceDistanceMm,
    description: p.description,
  };
  writeFileAtomic(join(dir, "phantom.json"), JSON.stringify(meta, null, 2) + "\n");
}
