import type { Volume } from "../../analysis/core/volume.js";
import { gz, nifti } from "../base.js";
import { expect, flipBytes, randomInt, replaceFiles, type Expect, type MutationContext } from "../caseList.js";
import { getField, NIFTI1_BOUNDARIES, NIFTI1_FIELDS as F, NIFTI2_FIELDS as F2, setField, toBigEndianNifti1, toNifti2, withField } from "../niftiFields.js";
import type { FileSet, Reader } from "../types.js";

/**
 * NIfTI-1/2 images with lying or broken headers (truncations at every field boundary, sizeof_hdr,
 * magic, dim, datatype, bitpix, vox_offset, pixdim, xforms, scaling, units, byte order), NaN/Inf
 * voxels, random header bytes; each as .nii and, where it matters, .nii.gz.
 */
export function niftiCases(ctx: MutationContext): void {
  const { phantom } = ctx.bases;
  const raw = phantom.niftiRaw;
  const size = raw.length;
  const add = (mutation: string, bytes: Uint8Array, expectation: Expect, opts: { gzip?: boolean; reader?: Reader; oracle?: () => FileSet } = {}) => {
    const name = opts.gzip ? "image.nii.gz" : "image.nii";
    ctx.list.add({
      reader: opts.reader ?? "nifti",
      mutation,
      base: "phantom",
      role: "image",
      target: name,
      files: () => replaceFiles(phantom.files, ["image.nii.gz"], { [name]: opts.gzip ? gz(bytes) : bytes }),
      expect: expectation,
      oracle: opts.oracle,
    });
  };
  /** as .nii and as .nii.gz */
  const both = (mutation: string, bytes: Uint8Array, expectation: Expect, gzipExpectation: Expect = expectation) => {
    add(mutation, bytes, expectation);
    add(mutation, bytes, gzipExpectation, { gzip: true });
  };
  // A file that is valid but describes another grid than the ROI and masks: convert (and deface, which
  // reads no ROI) may accept it; the commands that pair it with the ROI must refuse it.
  const otherGrid = expect.but("error", { convert: "either", deface: "either" });

  // equivalent encodings: the same image for every reader
  both("equivalent-encoding", raw, expect.same);
  both("nifti2", toNifti2(raw), expect.same);
  both("big-endian", toBigEndianNifti1(raw, 2), expect.same);

  // truncations at every header field boundary, inside the voxels, and one byte short
  const cuts = [...NIFTI1_BOUNDARIES, 353, 352 + 2 * 1024, 352 + 32768, size - 2, size - 1];
  for (const cut of cuts) both("truncated", raw.subarray(0, cut), expect.error);

  // sizeof_hdr and magic
  for (const v of [0, 1, 347, 349, 540, -348, 0x5c010000, 1e6]) both("sizeof_hdr", withField(raw, F.sizeof_hdr, v), expect.error);
  for (const magic of ["ni1\0", "n+2\0", "n+1 ", "\0\0\0\0", "NIFT"]) {
    const b = raw.slice();
    b.set([...magic].map((c) => c.charCodeAt(0)), 344);
    both("magic", b, expect.error);
  }

  // dim[0]: the number of dimensions
  for (const v of [0, -1, 8, 100]) both("dim0", withField(raw, F.dim, v), expect.error);
  for (const v of [5, 6, 7]) both("dim0-trailing-ones", withField(raw, F.dim, v), expect.same); // dim[4..7] are 1
  both("dim0-2d", withField(raw, F.dim, 2), otherGrid, expect.error); // one slice; the .nii.gz has more data than declared
  {
    const fourD = withField(withField(raw, F.dim, 4), F.dim, 2, 4);
    both("4d", fourD, expect.error);
  }
  // dim[1..3]: zero, negative, huge, one off
  for (const axis of [1, 2, 3]) {
    for (const v of [0, -1, -32768, 32767, 10000]) both("dims", withField(raw, F.dim, v, axis), expect.error);
    both("dims-plus-one", withField(raw, F.dim, 33, axis), expect.error);
    both("dims-minus-one", withField(raw, F.dim, 31, axis), otherGrid, expect.error);
  }
  // a header that declares 2000³ int16 (16 GB): the memory guard refuses before any allocation
  add("dims-beyond-memory", withField(withField(withField(raw, F.dim, 2000, 1), F.dim, 2000, 2), F.dim, 2000, 3), expect.error, { gzip: true });

  // datatype and bitpix
  for (const code of [0, 1, 8, 16, 32, 64, 128, 256, 768, 1024, 1280, 1536, 1792, 2048, 2304, 9999, -4]) {
    both("datatype", withField(raw, F.datatype, code), expect.error); // bitpix 16 no longer matches (or unsupported)
  }
  both("datatype-uint16", withField(raw, F.datatype, 512), expect.either); // same size, other interpretation: a valid file
  // uint8 needs half the bytes: the .nii holds them (and more, which a reader may ignore); the .nii.gz inflates past them
  both("datatype-uint8", withField(withField(raw, F.datatype, 2), F.bitpix, 8), expect.either, expect.error);
  both("datatype-float32", withField(withField(raw, F.datatype, 16), F.bitpix, 32), expect.error);
  both("datatype-float64", withField(withField(raw, F.datatype, 64), F.bitpix, 64), expect.error);
  for (const v of [0, 8, 15, 32, 64, -16]) both("bitpix", withField(raw, F.bitpix, v), expect.error);

  // vox_offset
  for (const v of [-1, NaN, Infinity, -Infinity, 1e10, 2 ** 31, 353, 354, 368]) both("vox_offset", withField(raw, F.vox_offset, v), expect.error);
  for (const v of [0, 348, 351]) both("vox_offset-below-header", withField(raw, F.vox_offset, v), expect.same); // "right after the header"
  {
    // a real extension (esize 16, a comment) and vox_offset past it: the same image
    const ext = new Uint8Array(size + 16);
    ext.set(raw.subarray(0, 348));
    ext.set([1, 0, 0, 0], 348);
    const v = new DataView(ext.buffer);
    v.setInt32(352, 16, true);
    v.setInt32(356, 6, true);
    ext.set([...Buffer.from("fuzz")], 360);
    ext.set(raw.subarray(352), 368);
    setField(ext, F.vox_offset, 368);
    both("extension", ext, expect.same);
    both("extension-flag-without-extension", (() => { const b = raw.slice(); b[348] = 1; return b; })(), expect.same);
  }

  // byte order: only sizeof_hdr swapped (the rest little-endian): every other field reads as garbage
  both("endianness-lie", (() => { const b = raw.slice(); b.subarray(0, 4).reverse(); return b; })(), expect.error);

  // pixdim: voxel sizes must be finite and positive, and agree with the sform
  for (const axis of [1, 2, 3]) {
    for (const v of [0, NaN, Infinity, -Infinity, 1e-30, 1e30, 6.5, 3]) both("pixdim", withField(raw, F.pixdim, v, axis), expect.error);
    both("pixdim-negative", withField(raw, F.pixdim, -6, axis), expect.same); // |pixdim|
  }
  for (const v of [0, NaN, 2, -1]) both("qfac", withField(raw, F.pixdim, v, 0), expect.same); // the sform decides the geometry
  for (const v of [NaN, 0, -1]) both("pixdim-time", withField(raw, F.pixdim, v, 4), expect.same);

  // xforms
  for (let n = 0; n < 12; n++) {
    both("srow-nan", withField(raw, F.srow, n % 2 ? NaN : Infinity, n), expect.error);
  }
  for (const column of [0, 1, 2]) {
    const b = raw.slice();
    for (const row of [0, 1, 2]) setField(b, F.srow, 0, true, 4 * row + column);
    both("sform-singular", b, expect.error);
  }
  {
    const parallel = raw.slice();
    for (const row of [0, 1, 2]) setField(parallel, F.srow, getField(raw, F.srow, true, 4 * row), true, 4 * row + 1);
    both("sform-parallel-axes", parallel, expect.error);
    const scaled = raw.slice();
    for (let n = 0; n < 12; n++) if (n % 4 !== 3) setField(scaled, F.srow, 2 * getField(raw, F.srow, true, n), true, n);
    both("sform-scaled", scaled, expect.error); // pixdim says 6 mm, the sform 12 mm
    const moved = raw.slice();
    for (const row of [0, 1, 2]) setField(moved, F.srow, getField(raw, F.srow, true, 4 * row + 3) + 1000, true, 4 * row + 3);
    both("sform-translated", moved, otherGrid);
  }
  both("sform-code-0", withField(raw, F.sform_code, 0), expect.same); // the qform describes the same grid
  both("xform-codes-0", withField(withField(raw, F.sform_code, 0), F.qform_code, 0), otherGrid); // pixdim only: no origin
  both("sform-code-unknown", withField(raw, F.sform_code, 99), expect.same);
  for (const q of [[NaN, 0, 0], [1, 1, 1], [0, Infinity, 0]]) both("quatern", withField(raw, F.quatern, q), expect.error);
  both("qoffset", withField(raw, F.qoffset, [0, NaN, 0]), expect.error);

  // scaling
  for (const v of [Infinity, -Infinity]) both("scl_slope", withField(raw, F.scl_slope, v), expect.error);
  for (const v of [NaN, 0]) both("scl_slope-none", withField(raw, F.scl_slope, v), expect.same); // "no scaling"
  both("scl_slope-2", withField(raw, F.scl_slope, 2), expect.either);
  both("scl_slope-denormal", withField(raw, F.scl_slope, 1e-40), expect.either);
  both("scl_inter", withField(raw, F.scl_inter, Infinity), expect.error);

  // units: metres and micrometres are valid, but then the image is 1000x larger (or smaller) than its ROI
  for (const v of [1, 3]) both("xyzt_units", withField(raw, F.xyzt_units, v), otherGrid);
  both("xyzt_units-time-bits", withField(raw, F.xyzt_units, 2 | 8), expect.same);

  // free-text fields with bytes of every kind
  {
    const b = raw.slice();
    for (let n = 148; n < 344; n++) if (n < 252 || n >= 328) b[n] = randomInt(ctx.random, 0, 255);
    both("text-fields", b, expect.same);
  }

  // NIfTI-2 specific lies
  const n2 = toNifti2(raw);
  for (const v of [2 ** 33, -5, 0]) add("nifti2-dims", withField(n2, F2.dim, v, 1), expect.error);
  for (const v of [-1, 2 ** 40, 545]) add("nifti2-vox_offset", withField(n2, F2.vox_offset, v), expect.error);
  for (const v of [NaN, 0, -Infinity]) add("nifti2-pixdim", withField(n2, F2.pixdim, v, 2), expect.error);
  add("nifti2-srow", withField(n2, F2.srow, NaN, 5), expect.error);

  // not NIfTI at all
  add("empty", new Uint8Array(0), expect.error);
  add("text", new Uint8Array(Buffer.from("subject,image\ns1,a.nii\n")), expect.error);
  add("gzip-of-text", new Uint8Array(Buffer.from("this is not an image\n".repeat(40))), expect.error, { gzip: true });

  // NaN and infinite voxels (a float32 copy of the image)
  nonFiniteVoxelCases(ctx, add);

  // random bytes in the header: whatever they do, a clear error or a result
  for (let n = 0; n < 60; n++) {
    const flips = randomInt(ctx.random, 1, 4);
    both("header-bytes", flipBytes(raw, ctx.random, flips, 0, 352), expect.either);
  }
  // random bytes among the voxels: a different but valid image
  for (let n = 0; n < 15; n++) both("voxel-bytes", flipBytes(raw, ctx.random, randomInt(ctx.random, 1, 64), 352, size), expect.either);
}

type Add = (mutation: string, bytes: Uint8Array, expectation: Expect, opts?: { gzip?: boolean; oracle?: () => FileSet }) => void;

/**
 * The rule of pipeline/io/nonFiniteVoxels.ts: outside the ROI and masks, NaN/Inf are background
 * (the results equal those of the image with its lowest value there); inside the ROI or the brain
 * mask, an input error.
 */
function nonFiniteVoxelCases(ctx: MutationContext, add: Add): void {
  const { phantom } = ctx.bases;
  const image = phantom.image;
  const n = image.data.length;
  const asFloat = (): Float32Array => Float32Array.from(image.data);
  const float: Volume = { ...image, data: asFloat() };
  const floatFiles = () => replaceFiles(phantom.files, ["image.nii.gz"], { "image.nii.gz": gz(nifti(float)) });
  // float32 storage of the same values: the same features and shifts
  add("float32", nifti(float), expect.but("same", { convert: "ok", deface: "ok" }), { gzip: true });

  /** voxels chosen from a region: background (outside the head), the ROI, the brain, the face. */
  const pick = (inside: (i: number) => boolean, count: number): number[] => {
    const all: number[] = [];
    for (let i = 0; i < n; i++) if (inside(i)) all.push(i);
    const out = new Set<number>();
    while (out.size < Math.min(count, all.length)) out.add(all[randomInt(ctx.random, 0, all.length - 1)]);
    return [...out].sort((a, b) => a - b);
  };
  const background = (i: number) => !phantom.head[i];
  const values = [NaN, Infinity, -Infinity];
  for (const value of values) {
    for (const count of [1, 50, 2000]) {
      const where = pick(background, count);
      const bad = asFloat();
      const filled = asFloat();
      for (const i of where) bad[i] = value;
      // the oracle: those voxels hold the lowest finite value of the mutated image
      let low = Infinity;
      for (let i = 0; i < n; i++) if (Number.isFinite(bad[i])) low = Math.min(low, bad[i]);
      for (const i of where) filled[i] = low;
      const oracle = () => replaceFiles(floatFiles(), ["image.nii.gz"], { "image.nii.gz": gz(nifti({ ...image, data: filled })) });
      add(`nonfinite-background-${String(value)}`, nifti({ ...image, data: bad }), expect.but("same", { convert: "ok", deface: "ok" }), { gzip: true, oracle });
    }
    const inRoi = asFloat();
    for (const i of pick((i) => phantom.roi[i] === 1, 1)) inRoi[i] = value;
    add(`nonfinite-in-roi-${String(value)}`, nifti({ ...image, data: inRoi }), expect.but("error", { convert: "ok", deface: "either" }), { gzip: true });
    const inBrain = asFloat();
    for (const i of pick((i) => phantom.brain[i] === 1 && !phantom.roi[i], 5)) inBrain[i] = value;
    // run and deface are given the brain mask, which may not cover them; features reads the ROI only
    add(`nonfinite-in-brain-mask-${String(value)}`, nifti({ ...image, data: inBrain }), expect.but("error", { convert: "ok", features: "ok" }), { gzip: true });
  }
  const allNaN = new Float32Array(n).fill(NaN);
  add("nonfinite-everywhere", nifti({ ...image, data: allNaN }), expect.but("error", { convert: "ok" }), { gzip: true });
}
