import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DefaceImpactError } from "../../../analysis/core/errors.js";
import type { Affine, Grid, VoxelArray, Volume } from "../../../analysis/core/volume.js";
import { writeNifti } from "../../../pipeline/io/nifti.js";
import { writeNrrd } from "../../../pipeline/io/nrrdWrite.js";
import { readMask, readVolume } from "../../../pipeline/io/readVolume.js";
import { makeTempDir } from "./niftiTestFiles.js";

const dir = makeTempDir();
const affine: Affine = [-2, 0, 0, 10, 0, 2, 0, -12, 0, 0, 3, 4, 0, 0, 0, 1];
const grid: Grid = { dims: [2, 2, 2], spacing: [2, 2, 3], affine };
const vol = (data: VoxelArray): Volume => ({ ...grid, data });

function inputErrorOf(fn: () => unknown): DefaceImpactError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DefaceImpactError);
    expect((err as DefaceImpactError).kind).toBe("input");
    return err as DefaceImpactError;
  }
  throw new Error("expected an input error");
}

describe("readVolume", () => {
  const data = new Int16Array([1, -2, 3, -4, 5, -6, 7, -8]);
  it("reads NIfTI and NRRD with the same result", () => {
    writeNifti(join(dir, "a.nii.gz"), vol(data));
    writeNrrd(join(dir, "a.nrrd"), vol(data));
    for (const name of ["a.nii.gz", "a.nrrd"]) {
      const v = readVolume(join(dir, name));
      expect(Array.from(v.data)).toEqual(Array.from(data));
      expect(v.dims).toEqual(grid.dims);
      v.affine.forEach((x, n) => expect(x).toBeCloseTo(affine[n], 6));
    }
  });
  it("recognises the format by content when the extension is wrong", () => {
    writeNrrd(join(dir, "b.nrrd"), vol(data));
    writeFileSync(join(dir, "b_is_nrrd.nii.gz"), readFileSync(join(dir, "b.nrrd")));
    expect(Array.from(readVolume(join(dir, "b_is_nrrd.nii.gz")).data)).toEqual(Array.from(data));
  });
  it("reports a missing file, a folder, and a file of another kind", () => {
    const missing = join(dir, "missing.nii.gz");
    const e1 = inputErrorOf(() => readVolume(missing));
    expect(e1.path).toBe(missing);
    expect(e1.message).toMatch(/file not found/);
    const folder = join(dir, "dicom_series");
    mkdirSync(folder, { recursive: true });
    expect(inputErrorOf(() => readVolume(folder)).message).toMatch(/no DICOM image files found/);
    const text = join(dir, "notes.txt");
    writeFileSync(text, "just some text that is long enough to be mistaken for nothing at all");
    const e3 = inputErrorOf(() => readVolume(text));
    expect(e3.path).toBe(text);
    expect(e3.message).toMatch(/not a NIfTI file/);
  });
});

describe("readMask", () => {
  it("accepts 0/1 masks of any stored type and returns a Uint8Array", () => {
    writeNifti(join(dir, "m16.nii.gz"), vol(new Int16Array([0, 1, 1, 0, 0, 0, 1, 1])));
    const m = readMask(join(dir, "m16.nii.gz"), grid);
    expect(m).toBeInstanceOf(Uint8Array);
    expect(Array.from(m)).toEqual([0, 1, 1, 0, 0, 0, 1, 1]);
  });
  it("rejects non-binary masks naming the file, unless probabilistic masks are allowed", () => {
    const p = join(dir, "soft.nii.gz");
    writeNifti(p, vol(new Float32Array([0, 0.2, 0.5, 0.7, 1, 0, 0.49, 0.51])));
    const e = inputErrorOf(() => readMask(p, grid));
    expect(e.path).toBe(p);
    expect(e.message).toMatch(/not binary.*0\.2/);
    expect(Array.from(readMask(p, grid, { allowProbabilistic: true }))).toEqual([0, 0, 1, 1, 1, 0, 0, 1]);
  });
  it("rejects values outside [0, 1] even when probabilistic masks are allowed", () => {
    const p = join(dir, "labels.nii.gz");
    writeNifti(p, vol(new Uint8Array([0, 1, 2, 0, 0, 0, 0, 0])));
    expect(inputErrorOf(() => readMask(p, grid, { allowProbabilistic: true })).message).toMatch(/holds 2/);
  });
  it("rejects a mask on another grid (dims, then position)", () => {
    const p = join(dir, "other_dims.nii.gz");
    writeNifti(p, { dims: [2, 2, 1], spacing: grid.spacing, affine, data: new Uint8Array(4) });
    const e1 = inputErrorOf(() => readMask(p, grid));
    expect(e1.path).toBe(p);
    expect(e1.message).toMatch(/grid mismatch: dimensions/);
    const q = join(dir, "shifted.nii.gz");
    const shifted = affine.slice();
    shifted[3] += 5;
    writeNifti(q, { ...grid, affine: shifted, data: new Uint8Array(8) });
    expect(inputErrorOf(() => readMask(q, grid)).message).toMatch(/grid mismatch: its position/);
  });
});
