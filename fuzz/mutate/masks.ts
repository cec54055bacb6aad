import type { Mask, Volume, VoxelArray } from "../../analysis/core/volume.js";
import { gz, nifti } from "../base.js";
import { expect, randomInt, replaceFiles, type Expect, type MutationContext } from "../caseList.js";
import { toBigEndianNifti1, toNifti2 } from "../niftiFields.js";
import type { FileSet, Role } from "../types.js";

const FILE: Partial<Record<Role, string>> = { roi: "roi.nii.gz", "face-mask": "face_mask.nii.gz", "brain-mask": "brain_mask.nii.gz" };

/**
 * ROI, face and brain masks: non-binary, probabilistic, NaN, stored in other types and byte orders,
 * on another grid, empty, full, overlapping the face.
 */
export function maskCases(ctx: MutationContext): void {
  const { phantom } = ctx.bases;
  const grid = phantom.image;
  const add = (role: Role, mutation: string, bytes: Uint8Array, expectation: Expect, oracle?: () => FileSet) => {
    const name = FILE[role]!;
    ctx.list.add({
      reader: "mask",
      mutation: `${role}-${mutation}`,
      base: "phantom",
      role,
      target: name,
      files: () => replaceFiles(phantom.files, [name], { [name]: gz(bytes) }),
      expect: expectation,
      oracle,
    });
  };
  const masks: [Role, Mask][] = [["roi", phantom.roi], ["face-mask", phantom.face], ["brain-mask", phantom.brain]];
  const as = (m: Mask, make: (n: number) => VoxelArray): Volume => {
    const data = make(m.length);
    for (let i = 0; i < m.length; i++) data[i] = m[i];
    return { ...grid, data };
  };
  const inside = (m: Mask): number[] => Array.from(m.keys()).filter((i) => m[i] === 1);
  const somewhere = (m: Mask, count: number): number[] => {
    const idx = inside(m);
    return Array.from({ length: count }, () => idx[randomInt(ctx.random, 0, idx.length - 1)]);
  };

  for (const [role, mask] of masks) {
    // equivalent storage: any type holding 0 and 1, either byte order, NIfTI-2
    for (const [type, make] of [
      ["float32", (n: number) => new Float32Array(n)],
      ["float64", (n: number) => new Float64Array(n)],
      ["int16", (n: number) => new Int16Array(n)],
      ["uint32", (n: number) => new Uint32Array(n)],
      ["int8", (n: number) => new Int8Array(n)],
    ] as const) {
      add(role, `stored-${type}`, nifti(as(mask, make)), expect.same);
    }
    const plain = nifti({ ...grid, data: mask });
    add(role, "big-endian", toBigEndianNifti1(plain, 1), expect.same);
    add(role, "nifti2", toNifti2(plain), expect.same);

    // values a mask may not hold
    for (const value of [2, -1, 255, 0.5, NaN, Infinity]) {
      const v = as(mask, (n) => new Float32Array(n));
      for (const i of somewhere(mask, 3)) v.data[i] = value;
      // a face mask may be probabilistic: 0.5 is a value in [0, 1] and thresholds to 1
      const expectation = role === "face-mask" && value === 0.5 ? expect.same : expect.error;
      add(role, `value-${String(value)}`, nifti(v), expectation);
    }
    // a label map (values 0..3)
    const labels = as(mask, (n) => new Uint8Array(n));
    for (const i of inside(mask)) labels.data[i] = 1 + (i % 3);
    add(role, "label-map", nifti(labels), expect.error);
    // the CT image itself given as a mask
    add(role, "image-as-mask", nifti(grid), expect.error);

    // other grids
    const dims = (d: [number, number, number]) => {
      const n = d[0] * d[1] * d[2];
      return nifti({ ...grid, dims: d, data: new Uint8Array(n) });
    };
    add(role, "other-dims", dims([32, 32, 31]), expect.error);
    add(role, "other-dims", dims([16, 16, 16]), expect.error);
    add(role, "other-spacing", nifti({ ...grid, spacing: [5, 5, 5], affine: scaleAffine(grid.affine, 5 / 6), data: mask }), expect.error);
    add(role, "shifted", nifti({ ...grid, affine: shift(grid.affine, 3), data: mask }), expect.error);
    add(role, "shifted-within-tolerance", nifti({ ...grid, affine: shift(grid.affine, 1e-5), data: mask }), expect.same);
    const flipped = grid.affine.slice();
    flipped[0] = -flipped[0];
    add(role, "flipped-axis", nifti({ ...grid, affine: flipped, data: mask }), expect.error);
  }

  // probabilistic face masks: thresholded at 0.5, the same as the binary mask
  {
    const soft = as(phantom.face, (n) => new Float32Array(n));
    for (let i = 0; i < soft.data.length; i++) soft.data[i] = phantom.face[i] ? 0.5 + 0.5 * ((i % 7) / 7) : 0.49 * ((i % 5) / 5);
    add("face-mask", "probabilistic", nifti(soft), expect.same);
    const softRoi = as(phantom.roi, (n) => new Float32Array(n));
    for (let i = 0; i < softRoi.data.length; i++) softRoi.data[i] *= 0.9;
    add("roi", "probabilistic", nifti(softRoi), expect.error); // a ROI must be binary
  }

  // empty, full, tiny and overlapping masks
  const empty = new Uint8Array(phantom.roi.length);
  add("roi", "empty", nifti({ ...grid, data: empty }), expect.error);
  add("roi", "full", nifti({ ...grid, data: new Uint8Array(empty.length).fill(1) }), expect.but("either", { run: "error", deface: "error" }));
  const one = new Uint8Array(empty.length);
  one[inside(phantom.roi)[0]] = 1;
  add("roi", "one-voxel", nifti({ ...grid, data: one }), expect.either);
  add("roi", "is-the-face", nifti({ ...grid, data: phantom.face }), expect.but("either", { run: "error", deface: "error" }));
  add("face-mask", "empty", nifti({ ...grid, data: empty }), expect.error); // nothing would be removed
  // run pairs it with the ROI; deface is given no ROI here, so there is nothing to refuse
  add("face-mask", "covers-the-roi", nifti({ ...grid, data: union(phantom.face, phantom.roi) }), expect.but("error", { deface: "ok" }));
  add("brain-mask", "empty", nifti({ ...grid, data: empty }), expect.either);
  add("brain-mask", "full", nifti({ ...grid, data: new Uint8Array(empty.length).fill(1) }), expect.either);
}

function shift(affine: number[], mm: number): number[] {
  const out = affine.slice();
  out[3] += mm;
  out[7] += mm;
  return out;
}

function scaleAffine(affine: number[], s: number): number[] {
  return affine.map((x, n) => (n < 12 && n % 4 !== 3 ? x * s : x));
}

function union(a: Mask, b: Mask): Mask {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] | b[i];
  return out;
}
