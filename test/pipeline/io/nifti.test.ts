import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DefaceImpactError } from "../../../analysis/core/errors.js";
import type { Affine, Vec3, VoxelArray, Volume } from "../../../analysis/core/volume.js";
import {
  quaternionAffine,
  readNifti,
  readNiftiHeaderInfo,
  writeNifti,
} from "../../../pipeline/io/nifti.js";
import { readHeader } from "nifti-reader-js";
import { buildNifti, makeTempDir } from "./niftiTestFiles.js";

const dir = makeTempDir();
const file = (name: string, bytes: Uint8Array): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

/** Expects an input DefaceImpactError whose message names the file and contains `text`. */
function expectInputError(fn: () => unknown, path: string, text: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(DefaceImpactError);
  const e = caught as DefaceImpactError;
  expect(e.kind).toBe("input");
  expect(e.path).toBe(path);
  expect(e.message).toMatch(text);
}

const DIMS: Vec3 = [4, 3, 2];
// oblique (rotated 0.3 rad about y), left-handed (x flipped), anisotropic: exercises qfac and the
// quaternion. Columns (-0.8c, 0, 0.8s), (0, 1.25, 0), (2.5s, 0, 2.5c) are orthogonal.
const c = Math.cos(0.3);
const s = Math.sin(0.3);
const OBLIQUE: Affine = [-0.8 * c, 0, 2.5 * s, 10.5, 0, 1.25, 0, -20.25, 0.8 * s, 0, 2.5 * c, 30, 0, 0, 0, 1];
const OBLIQUE_SPACING: Vec3 = [0.8, 1.25, 2.5];

function sample<T extends VoxelArray>(Ctor: { new (n: number): T }, f: (i: number) => number): T {
  const a = new Ctor(24);
  for (let i = 0; i < 24; i++) a[i] = f(i);
  return a;
}

const TYPES: [string, VoxelArray][] = [
  ["uint8", sample(Uint8Array, (i) => (i * 37) % 256)],
  ["int8", sample(Int8Array, (i) => ((i * 37) % 256) - 128)],
  ["int16", sample(Int16Array, (i) => i * 1000 - 12000)],
  ["uint16", sample(Uint16Array, (i) => i * 2700)],
  ["int32", sample(Int32Array, (i) => (i - 12) * 100_000_000)],
  ["uint32", sample(Uint32Array, (i) => i * 170_000_000)],
  ["float32", sample(Float32Array, (i) => (i - 10) * 0.1)],
  ["float64", sample(Float64Array, (i) => Math.PI * (i - 7) * 1e-9)],
];

const orthoVolume = (data: VoxelArray): Volume => ({ data, dims: DIMS, spacing: OBLIQUE_SPACING, affine: OBLIQUE });

describe("NIfTI-1 write then read", () => {
  for (const [name, data] of TYPES) {
    for (const ext of [".nii", ".nii.gz"]) {
      it(`keeps ${name} voxels, type and geometry (${ext})`, () => {
        const p = join(dir, `rt_${name}${ext}`);
        writeNifti(p, orthoVolume(data));
        const v = readNifti(p);
        expect(v.data.constructor).toBe(data.constructor);
        expect(Array.from(v.data)).toEqual(Array.from(data));
        expect(v.dims).toEqual(DIMS);
        v.spacing.forEach((x, n) => expect(x).toBeCloseTo(OBLIQUE_SPACING[n], 6));
        v.affine.forEach((x, n) => expect(x).toBeCloseTo(OBLIQUE[n], 5));
        const gz = readFileSync(p);
        expect(gz[0] === 0x1f && gz[1] === 0x8b).toBe(ext === ".nii.gz");
      });
    }
  }

  it("writes a qform that reproduces the affine (oblique, left-handed)", () => {
    const p = join(dir, "qform.nii.gz");
    writeNifti(p, orthoVolume(TYPES[2][1]));
    const h = readNiftiHeaderInfo(p);
    expect(h.qformCode).toBe(1);
    expect(h.sformCode).toBe(1);
    expect(h.pixdim[0]).toBe(-1);
    const q = quaternionAffine(h.quatern, h.qoffset, [h.pixdim[1], h.pixdim[2], h.pixdim[3]], h.pixdim[0]);
    q.forEach((x, n) => expect(x).toBeCloseTo(OBLIQUE[n], 5));
  });

  it("writes a header that nifti-reader-js decodes to the same grid (sform, then qform only)", () => {
    for (const sformCode of [1, 0]) {
      const p = join(dir, `lib_${sformCode}.nii`);
      writeNifti(p, orthoVolume(TYPES[6][1]), { sformCode });
      const bytes = readFileSync(p);
      const h = readHeader(new Uint8Array(bytes).buffer);
      expect(h.dims.slice(0, 4)).toEqual([3, ...DIMS]);
      expect(h.datatypeCode).toBe(16);
      expect(h.numBitsPerVoxel).toBe(32);
      expect(h.vox_offset).toBe(352);
      h.affine.flat().forEach((x, n) => expect(x).toBeCloseTo(OBLIQUE[n], 5));
    }
  });

  it("keeps the xform codes given in the options", () => {
    const p = join(dir, "codes.nii");
    writeNifti(p, orthoVolume(TYPES[0][1]), { sformCode: 4, qformCode: 0 });
    const h = readNiftiHeaderInfo(p);
    expect([h.sformCode, h.qformCode]).toEqual([4, 0]);
  });

  it("creates parent folders and leaves no temporary file behind", () => {
    const sub = join(dir, "a", "b");
    const p = join(sub, "deep.nii.gz");
    writeNifti(p, orthoVolume(TYPES[0][1]));
    expect(existsSync(p)).toBe(true);
    expect(readdirSync(sub)).toEqual(["deep.nii.gz"]);
  });

  it("reads a 2D image (one slice)", () => {
    const p = join(dir, "slice.nii");
    const data = new Int16Array([1, 2, 3, 4, 5, 6]);
    writeNifti(p, { data, dims: [3, 2, 1], spacing: [1, 1, 1], affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] });
    const v = readNifti(p);
    expect(v.dims).toEqual([3, 2, 1]);
    expect(Array.from(v.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

const int16Data = new Int16Array([-5, 0, 7, 300, -1024, 2000, 1, 2]);
const base = { dim: [3, 2, 2, 2, 1, 1, 1, 1], datatypeCode: 4, bitpix: 16, data: int16Data };

describe("NIfTI reading of files from other writers", () => {
  for (const version of [1, 2] as const) {
    for (const littleEndian of [true, false]) {
      it(`reads NIfTI-${version} ${littleEndian ? "little" : "big"}-endian with its sform`, () => {
        const srow = [-2, 0, 0, 50, 0, 3, 0, -60, 0, 0, 4, 70];
        const p = file(
          `v${version}${littleEndian ? "le" : "be"}.nii`,
          buildNifti({ ...base, version, littleEndian, pixdim: [1, 2, 3, 4, 1, 1, 1, 1], sformCode: 1, srow }),
        );
        const v = readNifti(p);
        expect(v.data).toBeInstanceOf(Int16Array);
        expect(Array.from(v.data)).toEqual(Array.from(int16Data));
        expect(v.dims).toEqual([2, 2, 2]);
        expect(v.spacing).toEqual([2, 3, 4]);
        expect(v.affine).toEqual([...srow, 0, 0, 0, 1]);
        expect(readNiftiHeaderInfo(p).version).toBe(version);
      });
    }
    it(`reads big-endian float32 voxels (NIfTI-${version})`, () => {
      const data = new Float32Array([1.5, -2.25, 3e10, -0, 7, 8, 9, 1e-20]);
      const p = file(`be_f32_v${version}.nii`, buildNifti({ ...base, version, littleEndian: false, datatypeCode: 16, bitpix: 32, data }));
      expect(Array.from(readNifti(p).data)).toEqual(Array.from(data));
    });
    it(`treats vox_offset 0 as "voxels right after the header" (NIfTI-${version})`, () => {
      const p = file(`vox0_v${version}.nii.gz`, gzipSync(buildNifti({ ...base, version, voxOffset: 0 })));
      expect(readNiftiHeaderInfo(p).voxOffset).toBe(0);
      expect(readNiftiHeaderInfo(p).dataOffset).toBe(version === 1 ? 352 : 544);
      expect(Array.from(readNifti(p).data)).toEqual(Array.from(int16Data));
    });
  }

  it("detects gzip by content, whatever the extension says", () => {
    const bytes = buildNifti(base);
    const a = file("really_gzip.nii", gzipSync(bytes));
    const b = file("really_raw.nii.gz", bytes);
    expect(Array.from(readNifti(a).data)).toEqual(Array.from(int16Data));
    expect(Array.from(readNifti(b).data)).toEqual(Array.from(int16Data));
  });

  it("honours a vox_offset beyond the header (extensions)", () => {
    const plain = buildNifti(base);
    const padded = new Uint8Array(plain.length + 32);
    padded.set(plain.subarray(0, 352));
    padded.set(plain.subarray(352), 384);
    new DataView(padded.buffer).setFloat32(108, 384, true);
    const p = file("offset384.nii", padded);
    expect(Array.from(readNifti(p).data)).toEqual(Array.from(int16Data));
  });
});

describe("NIfTI units, shared buffers and header-only reads", () => {
  for (const version of [1, 2] as const) {
    it(`converts metres and micrometres to mm (NIfTI-${version})`, () => {
      const srow = [0.002, 0, 0, 0.1, 0, 0.003, 0, 0, 0, 0, 0.004, 0];
      const m = readNifti(file(`metres_v${version}.nii`, buildNifti({ ...base, version, xyztUnits: 1, pixdim: [1, 0.002, 0.003, 0.004, 1, 1, 1, 1], sformCode: 1, srow })));
      [2, 3, 4].forEach((x, n) => expect(m.spacing[n]).toBeCloseTo(x, 4));
      expect(m.affine[3]).toBeCloseTo(100, 3);
      const um = readNifti(file(`microns_v${version}.nii`, buildNifti({ ...base, version, xyztUnits: 3 | 8, pixdim: [1, 500, 500, 1000, 1, 1, 1, 1] })));
      expect(um.spacing).toEqual([0.5, 0.5, 1]);
      expect(um.affine[0]).toBe(0.5);
    });
  }
  it("puts voxels in a SharedArrayBuffer on request, scaled or not", () => {
    const p = file("shared.nii", buildNifti(base));
    expect(readNifti(p).data.buffer).toBeInstanceOf(ArrayBuffer);
    const v = readNifti(p, { shared: true });
    expect(v.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(v.data)).toEqual(Array.from(int16Data));
    const q = file("shared_scaled.nii", buildNifti({ ...base, sclSlope: 2 }));
    const w = readNifti(q, { shared: true });
    expect(w.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(w.data)).toEqual(Array.from(int16Data, (x) => 2 * x));
  });
  it("reads the header of a .nii.gz without decompressing the voxels", () => {
    // a long file cut short: the header info reads, the image does not
    const big = buildNifti({ ...base, dim: [3, 64, 64, 64, 1, 1, 1, 1], data: new Int16Array(64 ** 3).map((_, i) => (i * 7919) % 4096) });
    const gz = gzipSync(big);
    const p = file("cut.nii.gz", gz.subarray(0, Math.floor(gz.length / 2)));
    const h = readNiftiHeaderInfo(p);
    expect(h.dim.slice(0, 4)).toEqual([3, 64, 64, 64]);
    expect(h.datatype).toBe("int16");
    expectInputError(() => readNifti(p), p, /corrupt or truncated gzip/);
  });
});

describe("NIfTI intensity scaling", () => {
  const read = (name: string, extra: Partial<Parameters<typeof buildNifti>[0]>, version: 1 | 2 = 1) =>
    readNifti(file(name, buildNifti({ ...base, version, ...extra })));

  it("applies slope and intercept to integers as float32", () => {
    const v = read("scaled.nii", { sclSlope: 0.5, sclInter: -10 });
    expect(v.data).toBeInstanceOf(Float32Array);
    expect(Array.from(v.data)).toEqual(Array.from(int16Data, (x) => x * 0.5 - 10));
  });
  it("uses float64 for scaled 32-bit integers (NIfTI-2 double slope)", () => {
    const data = new Int32Array([2_000_000_001, -7, 3, 4, 5, 6, 7, 8]);
    const v = read("scaled32.nii", { datatypeCode: 8, bitpix: 32, data, sclSlope: 0.1, sclInter: 0.25 }, 2);
    expect(v.data).toBeInstanceOf(Float64Array);
    Array.from(data).forEach((x, n) => expect(v.data[n]).toBeCloseTo(x * 0.1 + 0.25, 6));
  });
  it("does not scale when the slope is 0, NaN, or (1, 0)", () => {
    for (const [name, sclSlope, sclInter] of [["s0", 0, 5], ["sNaN", NaN, 3], ["s1", 1, 0]] as const) {
      const v = read(`${name}.nii`, { sclSlope, sclInter });
      expect(v.data).toBeInstanceOf(Int16Array);
      expect(Array.from(v.data)).toEqual(Array.from(int16Data));
    }
  });
  it("applies a slope 1 with a non-zero intercept", () => {
    const v = read("inter.nii", { sclSlope: 1, sclInter: -1024 });
    expect(Array.from(v.data)).toEqual(Array.from(int16Data, (x) => x - 1024));
  });
});

describe("NIfTI geometry precedence", () => {
  // voxel axes 2, 3, 4 mm long, as pixdim says (a pixdim that disagrees with the sform is an error)
  const srow = [0, -3, 0, -5, 2, 0, 0, -6, 0, 0, 4, -7];
  // quaternion (0, 0, 1): 180° about z, so x and y flip; qfac -1 flips z
  const quat = { quatern: [0, 0, 1], qoffset: [11, 12, 13], pixdim: [-1, 2, 3, 4, 1, 1, 1, 1] };
  const qformAffine = [-2, 0, 0, 11, 0, -3, 0, 12, 0, 0, -4, 13, 0, 0, 0, 1];

  it("uses the sform when sform_code > 0, even if the qform code is higher", () => {
    const v = readNifti(file("sq.nii", buildNifti({ ...base, ...quat, qformCode: 2, sformCode: 1, srow })));
    expect(v.affine).toEqual([...srow, 0, 0, 0, 1]);
  });
  it("uses the qform when sform_code is 0", () => {
    const v = readNifti(file("q.nii", buildNifti({ ...base, ...quat, qformCode: 1, sformCode: 0, srow })));
    v.affine.forEach((x, n) => expect(x).toBeCloseTo(qformAffine[n], 6));
    expect(v.spacing).toEqual([2, 3, 4]);
  });
  it("matches a rotated qform computed by hand (90° about z)", () => {
    const h = Math.SQRT1_2; // (b, c, d) = (0, 0, sin 45°)
    const v = readNifti(file("q90.nii", buildNifti({ ...base, quatern: [0, 0, h], pixdim: [1, 2, 3, 4, 1, 1, 1, 1], qformCode: 1 })));
    const expected = [0, -3, 0, 0, 2, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1];
    v.affine.forEach((x, n) => expect(x).toBeCloseTo(expected[n], 6));
  });
  it("falls back to the pixdim diagonal when both codes are 0", () => {
    const v = readNifti(file("none.nii", buildNifti({ ...base, ...quat, srow })));
    expect(v.affine).toEqual([2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1]);
  });
});

describe("NIfTI input errors", () => {
  const good = buildNifti(base);
  it("reports a missing file", () => {
    const p = join(dir, "nope.nii.gz");
    expectInputError(() => readNifti(p), p, /file not found/);
  });
  it("reports a folder given as a file", () => {
    const p = join(dir, "folder.nii");
    mkdirSync(p, { recursive: true });
    expectInputError(() => readNifti(p), p, /folder/);
  });
  it("reports truncated voxel data", () => {
    const p = file("trunc.nii", good.subarray(0, good.length - 3));
    expectInputError(() => readNifti(p), p, /truncated/);
  });
  it("reports a truncated header", () => {
    const p = file("trunc_hdr.nii", good.subarray(0, 200));
    expectInputError(() => readNifti(p), p, /truncated NIfTI-1 header/);
  });
  it("reports a truncated gzip stream", () => {
    const gz = gzipSync(good);
    const p = file("trunc.nii.gz", gz.subarray(0, gz.length - 10));
    expectInputError(() => readNifti(p), p, /corrupt or truncated gzip/);
  });
  it("reports a wrong magic and a non-NIfTI file", () => {
    const p = file("magic.nii", buildNifti({ ...base, magic: "xyz\0" }));
    expectInputError(() => readNifti(p), p, /magic/);
    const q = file("text.nii", new TextEncoder().encode("hello, this is not an image at all".repeat(20)));
    expectInputError(() => readNifti(q), q, /not a NIfTI file/);
  });
  it("refuses a magic that is not NUL-terminated ('n+1 '), and a NIfTI-2 end-of-line check rewritten by a text transfer", () => {
    const p = file("magic-space.nii", buildNifti({ ...base, magic: "n+1 " }));
    expectInputError(() => readNifti(p), p, /damaged NIfTI-1 magic: byte 347 is 32, not the NUL that ends 'n\+1'/);
    const q = file("eol.nii", buildNifti({ ...base, version: 2, magic: "n+2\0\n\n\x1a\n" }));
    expectInputError(() => readNifti(q), q, /end-of-line check after the magic is 10 10 26 10, not 13 10 26 10/);
    // unset (all zero) is accepted, as nibabel does
    const r = file("eol0.nii", buildNifti({ ...base, version: 2, magic: "n+2\0\0\0\0\0" }));
    expect(readNifti(r).dims).toEqual(readNifti(file("good2.nii", buildNifti({ ...base, version: 2 }))).dims);
  });
  it("rejects 4D images with a clear message", () => {
    const p = file("4d.nii", buildNifti({ ...base, dim: [4, 2, 2, 1, 2, 1, 1, 1] }));
    expectInputError(() => readNifti(p), p, /4D image .*3D/);
  });
  it("accepts a 4D header with a single volume", () => {
    const p = file("4d1.nii", buildNifti({ ...base, dim: [4, 2, 2, 2, 1, 1, 1, 1] }));
    expect(readNifti(p).dims).toEqual([2, 2, 2]);
  });
  it("rejects unsupported datatypes by name", () => {
    const p = file("rgb.nii", buildNifti({ ...base, datatypeCode: 128, bitpix: 24, data: new Uint8Array(24) }));
    expectInputError(() => readNifti(p), p, /datatype 128 \(rgb24\)/);
  });
  it("rejects header/image pairs", () => {
    const p = file("pair.hdr", buildNifti({ ...base, magic: "ni1\0" }));
    expectInputError(() => readNifti(p), p, /\.hdr\/\.img/);
  });
});
