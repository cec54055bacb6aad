import { type BoundingBox, maskBoundingBox, padBox } from "../analysis/processing/crop.js";
import type { Mask, Vec3, Volume, VoxelArray } from "../analysis/core/volume.js";
import { dilate, erode, fillHoles, fillHolesInSlices, largestComponent, open } from "./morphology.js";
import { arrayAxisAlong } from "./worldGeometry.js";

/**
 * Automatic brain (intracranial) mask for CT in Hounsfield units: the soft tissue enclosed by the
 * skull. Bone is thresholded and thickened a little to close sutures and thin plates; every axial
 * slice's bone ring is filled (the skull is closed within a slice above the skull base, though open
 * in 3-D through the foramina); soft tissue inside is kept, an opening cuts the narrow channels to
 * the orbits and the spinal canal, and the largest component is the intracranial region.
 */
export interface CtBrainMaskOptions {
  /** HU above which a voxel is bone (default 250). */
  boneHu?: number;
  /** intracranial soft tissue range in HU: CSF, brain, blood (default [-30, 150]). */
  tissueHu?: [number, number];
  /** radius of the closing that seals gaps in the skull (thin bone, sutures, burr holes), mm (default 10). */
  boneCloseMm?: number;
  /** radius of the opening that separates the brain from what leaks through foramina, mm (default 4). */
  openMm?: number;
}

export function ctBrainMask(full: Volume, options: CtBrainMaskOptions = {}): Mask {
  const boneHu = options.boneHu ?? 250;
  const r = options.boneCloseMm ?? 10;
  // Work on the skull's bounding box grown by more than the closing radius: nothing outside it can
  // be intracranial, and the morphology costs scale with the box, not the field of view.
  const fullBone = new Uint8Array(full.data.length);
  for (let i = 0; i < fullBone.length; i++) fullBone[i] = full.data[i] >= boneHu ? 1 : 0;
  const bbox = maskBoundingBox(fullBone, full.dims);
  if (!bbox) return new Uint8Array(full.data.length);
  const box = padBox(bbox, full.spacing.map((s) => Math.ceil((r + 2) / s)) as Vec3, full.dims);
  const volume = cropVolume(full, box);
  const [lo, hi] = options.tissueHu ?? [-30, 150];
  const d = volume.data;
  const bone = new Uint8Array(d.length);
  for (let i = 0; i < d.length; i++) bone[i] = d[i] >= boneHu ? 1 : 0;
  // Closing the skull: thicken the bone so gaps narrower than 2·r close, fill each axial slice's
  // ring, then erode the filled region back by r (a closing, with the holes filled in between).
  const thick = dilate(bone, volume, r);
  const enclosed = erode(fillHolesInSlices(thick, volume.dims, arrayAxisAlong(volume, 2)), volume, r);
  const inside = new Uint8Array(d.length);
  for (let i = 0; i < d.length; i++) inside[i] = enclosed[i] && !bone[i] && d[i] >= lo && d[i] <= hi ? 1 : 0;
  const core = largestComponent(open(inside, volume, options.openMm ?? 4), volume.dims);
  // The opening rounded the edges off: give back what lies within its radius, never bone.
  const grown = dilate(fillHoles(core, volume.dims), volume, (options.openMm ?? 4) + 0.5);
  const out = new Uint8Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = grown[i] && inside[i] ? 1 : 0;
  return pasteMask(fillHoles(largestComponent(out, volume.dims), volume.dims), box, full.dims);
}

function cropVolume(v: Volume, box: BoundingBox): Volume {
  const dims = box.hi.map((h, a) => h - box.lo[a] + 1) as Vec3;
  const Ctor = v.data.constructor as new (n: number) => VoxelArray;
  const data = new Ctor(dims[0] * dims[1] * dims[2]);
  const [nx, ny] = v.dims;
  for (let k = 0, o = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++) {
      const src = box.lo[0] + nx * (box.lo[1] + j + ny * (box.lo[2] + k));
      data.set(v.data.subarray(src, src + dims[0]) as never, o);
      o += dims[0];
    }
  const a = v.affine;
  const origin = [0, 1, 2].map((r) => a[4 * r] * box.lo[0] + a[4 * r + 1] * box.lo[1] + a[4 * r + 2] * box.lo[2] + a[4 * r + 3]);
  const affine = [...a];
  affine[3] = origin[0];
  affine[7] = origin[1];
  affine[11] = origin[2];
  return { data, dims, spacing: v.spacing, affine };
}

function pasteMask(mask: Mask, box: BoundingBox, dims: Vec3): Mask {
  const out = new Uint8Array(dims[0] * dims[1] * dims[2]);
  const w = box.hi[0] - box.lo[0] + 1;
  const h = box.hi[1] - box.lo[1] + 1;
  for (let k = box.lo[2], o = 0; k <= box.hi[2]; k++)
    for (let j = box.lo[1]; j < box.lo[1] + h; j++, o += w) out.set(mask.subarray(o, o + w), box.lo[0] + dims[0] * (j + dims[1] * k));
  return out;
}
