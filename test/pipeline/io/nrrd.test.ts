import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DefaceImpactError } from "../../../analysis/core/errors.js";
import { voxelToWorld, type Affine, type Vec3, type VoxelArray } from "../../../analysis/core/volume.js";
import { readNrrd } from "../../../pipeline/io/nrrdRead.js";
import { writeNrrd } from "../../../pipeline/io/nrrdWrite.js";
import { makeTempDir } from "./niftiTestFiles.js";

const dir = makeTempDir();
const put = (name: string, ...parts: (string | Uint8Array)[]): string => {
  const p = join(dir, name);
  writeFileSync(p, Buffer.concat(parts.map((x) => (typeof x === "string" ? Buffer.from(x, "latin1") : Buffer.from(x)))));
  return p;
};
const header = (lines: string[]) => ["NRRD0004", "# test file", ...lines].join("\n") + "\n\n";

const values = [-5, 0, 7, 300, -1024, 2000, 1, 2, 3, 4, 5, 6];
const int16le = new Uint8Array(new Int16Array(values).buffer);
const int16be = (() => {
  const b = new Uint8Array(values.length * 2);
  const v = new DataView(b.buffer);
  values.forEach((x, n) => v.setInt16(2 * n, x, false));
  return b;
})();

// LPS geometry of a slightly oblique grid; the expected RAS affine negates the x and y rows.
const LPS_GEOMETRY = [
  "space: left-posterior-superior",
  "sizes: 3 2 2",
  "space directions: (1.5,0,0) (0,0.9,0.1) (0,-0.2,2)",
  "space origin: (10,20,-30)",
  "kinds: domain domain domain",
];
const RAS_AFFINE: Affine = [-1.5, 0, 0, -10, 0, -0.9, 0.2, -20, 0, 0.1, 2, -30, 0, 0, 0, 1];

function expectInputError(fn: () => unknown, text: RegExp, path?: string): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(DefaceImpactError);
  expect((caught as DefaceImpactError).kind).toBe("input");
  if (path) expect((caught as DefaceImpactError).path).toBe(path);
  expect((caught as Error).message).toMatch(text);
}

describe("NRRD reading", () => {
  it("reads raw little-endian int16 with LPS space directions as a RAS affine", () => {
    const p = put("raw.nrrd", header(["type: short", "dimension: 3", ...LPS_GEOMETRY, "endian: little", "encoding: raw"]), int16le);
    const v = readNrrd(p);
    expect(v.data).toBeInstanceOf(Int16Array);
    expect(Array.from(v.data)).toEqual(values);
    expect(v.dims).toEqual([3, 2, 2]);
    v.affine.forEach((x, n) => expect(x).toBeCloseTo(RAS_AFFINE[n], 12));
    expect(v.spacing[0]).toBeCloseTo(1.5, 12);
    expect(v.spacing[1]).toBeCloseTo(Math.hypot(0.9, 0.1), 12);
    expect(v.spacing[2]).toBeCloseTo(Math.hypot(0.2, 2), 12);
    // voxel (1, 0, 0) is 1.5 mm towards LPS +x (left), i.e. RAS x decreases by 1.5 from -10
    const w: Vec3 = voxelToWorld(v.affine, 1, 0, 0);
    expect(w[0]).toBeCloseTo(-11.5, 12);
  });

  it("reads gzip-encoded big-endian data", () => {
    const p = put("gz.nrrd", header(["type: int16", "dimension: 3", ...LPS_GEOMETRY, "endian: big", "encoding: gzip"]), gzipSync(int16be));
    expect(Array.from(readNrrd(p).data)).toEqual(values);
  });

  it("puts voxels in a SharedArrayBuffer on request", () => {
    const p = put("shared.nrrd", header(["type: int16", "dimension: 3", ...LPS_GEOMETRY, "endian: big", "encoding: gzip"]), gzipSync(int16be));
    const v = readNrrd(p, { shared: true });
    expect(v.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(v.data)).toEqual(values);
  });

  it("reads a detached header with a gzip data file", () => {
    put("det.raw.gz", gzipSync(int16le));
    const p = put("det.nhdr", header(["type: int16", "dimension: 3", ...LPS_GEOMETRY, "endian: little", "encoding: gz", "data file: det.raw.gz"]).trimEnd() + "\n");
    const v = readNrrd(p);
    expect(Array.from(v.data)).toEqual(values);
    v.affine.forEach((x, n) => expect(x).toBeCloseTo(RAS_AFFINE[n], 12));
  });

  it("reads a detached raw data file with line skip and byte skip -1", () => {
    put("skip.raw", "a text preamble\n", new Uint8Array([9, 9, 9]), int16le);
    const p = put("skip.nhdr", header(["type: int16", "dimension: 3", ...LPS_GEOMETRY, "endian: little", "encoding: raw", "line skip: 1", "byte skip: -1", "datafile: skip.raw"]));
    expect(Array.from(readNrrd(p).data)).toEqual(values);
  });

  it("reads ascii data and RAS space as is", () => {
    const p = put(
      "ascii.nrrd",
      header(["type: float", "dimension: 3", "space: RAS", "sizes: 3 2 2", "space directions: (2,0,0) (0,2,0) (0,0,3)", "space origin: (1,2,3)", "encoding: ascii"]),
      values.map((x) => x / 4).join(" ") + "\n",
    );
    const v = readNrrd(p);
    expect(v.data).toBeInstanceOf(Float32Array);
    expect(Array.from(v.data)).toEqual(values.map((x) => x / 4));
    expect(v.affine).toEqual([2, 0, 0, 1, 0, 2, 0, 2, 0, 0, 3, 3, 0, 0, 0, 1]);
  });

  it("uses spacings when there are no space directions", () => {
    const p = put("spacings.nrrd", header(["type: uint8", "dimension: 3", "sizes: 3 2 2", "spacings: 0.5 0.75 2", "encoding: raw"]), new Uint8Array(12));
    const v = readNrrd(p);
    expect(v.spacing).toEqual([0.5, 0.75, 2]);
    expect(v.affine).toEqual([0.5, 0, 0, 0, 0, 0.75, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
  });

  it("drops a non-spatial axis of size 1 and rejects a real 4D image", () => {
    const geo = (n: number) => ["dimension: 4", "space: LPS", `sizes: ${n} 3 2 2`, "space directions: none (1,0,0) (0,1,0) (0,0,1)", "encoding: raw", "endian: little"];
    const ok = put("4d1.nrrd", header(["type: int16", ...geo(1)]), int16le);
    expect(readNrrd(ok).dims).toEqual([3, 2, 2]);
    const bad = put("4d3.nrrd", header(["type: int16", ...geo(3)]), int16le, int16le, int16le);
    expectInputError(() => readNrrd(bad), /4D NRRD.*3D/, bad);
  });

  it("reports input errors with the offending file", () => {
    const base = ["dimension: 3", ...LPS_GEOMETRY, "endian: little"];
    const missing = put("missing.nhdr", header(["type: int16", ...base, "encoding: raw", "data file: nowhere.raw"]));
    expectInputError(() => readNrrd(missing), /file not found: .*nowhere\.raw, the data file its header names/, missing);
    const trunc = put("trunc.nrrd", header(["type: int16", ...base, "encoding: raw"]), int16le.subarray(0, 20));
    expectInputError(() => readNrrd(trunc), /truncated NRRD data/, trunc);
    const gz = gzipSync(int16le);
    const badgz = put("badgz.nrrd", header(["type: int16", ...base, "encoding: gzip"]), gz.subarray(0, gz.length - 8));
    expectInputError(() => readNrrd(badgz), /corrupt or truncated gzip/, badgz);
    const bz = put("bz.nrrd", header(["type: int16", ...base, "encoding: bzip2"]), int16le);
    expectInputError(() => readNrrd(bz), /unsupported NRRD encoding "bzip2"/, bz);
    const space = put("space.nrrd", header(["type: int16", "dimension: 3", "space: scanner-xyz", "sizes: 3 2 2", "encoding: raw"]), int16le);
    expectInputError(() => readNrrd(space), /unsupported NRRD space/, space);
    const notype = put("notype.nrrd", header([...base, "encoding: raw"]), int16le);
    expectInputError(() => readNrrd(notype), /required field "type"/, notype);
    const magic = put("magic.nrrd", "PNG\n");
    expectInputError(() => readNrrd(magic), /not a NRRD file/, magic);
  });
});

describe("NRRD write then read", () => {
  const affine: Affine = [-1.5, 0, 0, -10.25, 0, -0.9, 0.2, -20, 0, 0.1, 2, -30.125, 0, 0, 0, 1];
  const arrays: VoxelArray[] = [
    new Uint8Array([0, 1, 2, 255, 4, 5, 6, 7, 8, 9, 10, 11]),
    new Int8Array([-128, 1, 2, 127, 4, 5, 6, 7, 8, 9, 10, 11]),
    new Int16Array(values),
    new Uint16Array([0, 65535, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
    new Int32Array([-2_000_000_000, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
    new Uint32Array([4_000_000_000, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
    new Float32Array([0.1, -2.5, 3e-8, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    new Float64Array([Math.PI, -Math.E, 1e-300, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
  ];
  for (const data of arrays) {
    for (const encoding of ["gzip", "raw"] as const) {
      it(`keeps ${data.constructor.name} voxels and the affine exactly (${encoding})`, () => {
        const p = join(dir, `rt_${data.constructor.name}_${encoding}.nrrd`);
        const spacing: Vec3 = [1.5, Math.hypot(0.9, 0.1), Math.hypot(0.2, 2)];
        writeNrrd(p, { data, dims: [3, 2, 2], spacing, affine }, { encoding });
        const v = readNrrd(p);
        expect(v.data.constructor).toBe(data.constructor);
        expect(Array.from(v.data)).toEqual(Array.from(data));
        expect(v.affine).toEqual(affine);
        expect(v.spacing).toEqual(spacing);
      });
    }
  }
});
