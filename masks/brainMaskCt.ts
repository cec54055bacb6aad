import type { Mask, Volume } from "../analysis/core/volume.js";
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

export function ctBrainMask(volume: Volume, options: CtBrainMaskOptions = {}): Mask {
  const boneHu = options.boneHu ?? 250;
  const [lo, hi] = options.tissueHu ?? [-30, 150];
  const d = volume.data;
  const bone = new Uint8Array(d.length);
  for (let i = 0; i < d.length; i++) bone[i] = d[i] >= boneHu ? 1 : 0;
  // Closing the skull: thicken the bone so gaps narrower than 2·r close, fill each axial slice's
  // ring, then erode the filled region back by r (a closing, with the holes filled in between).
  const r = options.boneCloseMm ?? 10;
  const thick = dilate(bone, volume, r);
  const enclosed = erode(fillHolesInSlices(thick, volume.dims, arrayAxisAlong(volume, 2)), volume, r);
  const inside = new Uint8Array(d.length);
  for (let i = 0; i < d.length; i++) inside[i] = enclosed[i] && !bone[i] && d[i] >= lo && d[i] <= hi ? 1 : 0;
  const core = largestComponent(open(inside, volume, options.openMm ?? 4), volume.dims);
  // The opening rounded the edges off: give back what lies within its radius, never bone.
  const grown = dilate(fillHoles(core, volume.dims), volume, (options.openMm ?? 4) + 0.5);
  const out = new Uint8Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = grown[i] && inside[i] ? 1 : 0;
  return fillHoles(largestComponent(out, volume.dims), volume.dims);
}
