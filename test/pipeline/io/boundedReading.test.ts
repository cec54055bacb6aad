import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DefaceImpactError } from "../../../analysis/core/errors.js";
import type { Volume } from "../../../analysis/core/volume.js";
import { makeHeadPhantom, type HeadPhantom } from "../../../fixtures/phantom/makeHeadPhantom.js";
import { gzipBomb } from "../../../fuzz/mutate/gzip.js";
import { NIFTI1_FIELDS as F, withField } from "../../../fuzz/niftiFields.js";
import { parseByteSize } from "../../../pipeline/io/memoryLimit.js";
import { encodeNifti } from "../../../pipeline/io/niftiWrite.js";
import { readNifti } from "../../../pipeline/io/nifti.js";
import { readNrrd } from "../../../pipeline/io/nrrdRead.js";
import { readMask, readVolume } from "../../../pipeline/io/readVolume.js";
import { readSettingsFile } from "../../../pipeline/io/settingsFile.js";
import { readManifest } from "../../../pipeline/io/manifest.js";
import { projectRoot } from "../../../pipeline/version.js";
import { makeTempDir } from "./niftiTestFiles.js";

const main = join(projectRoot(), "dist", "pipeline", "cli", "main.js");
const rusageHook = join(projectRoot(), "dist", "bench", "rusageHook.js");
const dir = makeTempDir();

/** Runs the built CLI; with `measure`, also the child's CPU time and peak resident memory. */
function cli(args: string[], env: Record<string, string> = {}) {
  const usage = join(dir, `rusage-${Math.random().toString(36).slice(2)}.json`);
  const r = spawnSync(process.execPath, ["--import", rusageHook, main, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env, BENCH_RUSAGE_OUT: usage },
  });
  const { cpu_ms, peak_rss_mb } = JSON.parse(readFileSync(usage, "utf8")) as { cpu_ms: number; peak_rss_mb: number };
  return { status: r.status, stderr: r.stderr, stdout: r.stdout, cpuMs: cpu_ms, peakRssMb: peak_rss_mb };
}

function inputError(fn: () => unknown): DefaceImpactError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DefaceImpactError);
    return err as DefaceImpactError;
  }
  throw new Error("expected an error");
}

const put = (name: string, bytes: Uint8Array | string): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

let phantom: HeadPhantom;
let raw: Uint8Array;
beforeAll(() => {
  phantom = makeHeadPhantom({ kind: "ct", seed: 3, dims: [32, 32, 32], spacing: [6, 6, 6] });
  raw = encodeNifti(phantom.image);
  put("image.nii.gz", gzipSync(raw));
  put("roi.nii.gz", gzipSync(encodeNifti({ ...phantom.image, data: phantom.roi })));
  put("face.nii.gz", gzipSync(encodeNifti({ ...phantom.image, data: phantom.faceMask })));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a gzip bomb is refused by its declared size, at once and with flat memory", () => {
  it("a valid header, then 6 GiB of zeros (6 MB on disk): 'decompresses past its declared size' in < 1 s CPU and < 200 MB", () => {
    const bomb = put("bomb.nii.gz", gzipBomb(raw, 384)); // 384 members x 16 MiB of zeros
    expect(readFileSync(bomb).length).toBeLessThan(10e6);
    const started = performance.now();
    const err = inputError(() => readNifti(bomb));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(err.kind).toBe("input");
    expect(err.message).toMatch(/bomb\.nii\.gz: the gzip stream decompresses past its declared size: the header declares 65888 bytes/);
    // the same through the CLI: the whole process, start-up included
    const r = cli(["features", "--image", bomb, "--roi", join(dir, "roi.nii.gz"), "--out", join(dir, "f.csv"), "--threads", "1", "--quiet"]);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/decompresses past its declared size/);
    expect(r.cpuMs).toBeLessThan(1000);
    expect(r.peakRssMb).toBeLessThan(200);
  });
  it("a NRRD whose gzip-encoded data inflate past the sizes it declares", () => {
    const header = "NRRD0004\ntype: short\ndimension: 3\nsizes: 32 32 32\nendian: little\nencoding: gzip\n\n";
    const p = put("bomb.nrrd", Buffer.concat([Buffer.from(header), gzipBomb(raw.subarray(352, 2000), 64)]));
    expect(inputError(() => readNrrd(p)).message).toMatch(/bomb\.nrrd: the gzip-encoded NRRD data decompresses past its declared size/);
  });
  it("a header that declares more than fits in memory is refused before anything is inflated, saying how much it needs", () => {
    const huge = withField(withField(withField(raw, F.dim, 2000, 1), F.dim, 2000, 2), F.dim, 2000, 3);
    const p = put("huge.nii.gz", gzipSync(huge));
    const r = cli(["convert", "--image", p, "--out", join(dir, "c.nii.gz")]);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/huge\.nii\.gz: this 2000x2000x2000 int16 image needs about [\d.]+ GiB of memory to read and process, more than the [\d.]+ GiB allowed/);
    expect(r.peakRssMb).toBeLessThan(200);
  });
});

describe("--max-memory and DEFACE_IMPACT_MAX_MEMORY", () => {
  it("parse sizes with units", () => {
    expect(parseByteSize("512M")).toBe(512 * 2 ** 20);
    expect(parseByteSize("1.5G")).toBe(1.5 * 2 ** 30);
    expect(parseByteSize("2000")).toBe(2000);
    expect(parseByteSize("8GiB")).toBe(8 * 2 ** 30);
    for (const bad of ["", "-1", "abc", "1Q", "0"]) expect(parseByteSize(bad)).toBeUndefined();
  });
  it("refuse a volume that needs more, from the option or the environment; a bad value is a usage error", () => {
    const args = ["convert", "--image", join(dir, "image.nii.gz"), "--out", join(dir, "c.nii.gz")];
    const byOption = cli([...args, "--max-memory", "1M"]);
    expect(byOption.status).toBe(3);
    expect(byOption.stderr).toMatch(/image\.nii\.gz: this 32x32x32 int16 image needs about [\d.]+ MiB .* more than the 1\.0 MiB allowed/);
    const byEnv = cli(args, { DEFACE_IMPACT_MAX_MEMORY: "1M" });
    expect(byEnv.status).toBe(3);
    expect(cli(args, { DEFACE_IMPACT_MAX_MEMORY: "64M" }).status).toBe(0);
    const bad = cli([...args, "--max-memory", "lots"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--max-memory: "lots" is not a size/);
  });
});

describe("header fields are validated before the voxels are used", () => {
  /** a NIfTI without qform and sform: the geometry is pixdim alone */
  const plain = () => withField(withField(raw, F.sform_code, 0), F.qform_code, 0);
  it("pixdim 0, NaN or infinite is an input error, never a silent 1 mm (the issue's 68 mm³ instead of 4 352)", () => {
    for (const v of [0, NaN, Infinity, -Infinity]) {
      const p = put(`pixdim-${v}.nii`, withField(plain(), F.pixdim, v, 2));
      expect(inputError(() => readNifti(p)).message).toMatch(/invalid voxel size: NIfTI pixdim gives (0|NaN|Infinity) mm along axis 2/);
    }
  });
  it("a pixdim that disagrees with the sform is an inconsistent header", () => {
    const p = put("pixdim-sform.nii", withField(raw, F.pixdim, 3, 1));
    expect(inputError(() => readNifti(p)).message).toMatch(/inconsistent NIfTI header: pixdim\[1\] = 3 but the sform's voxel axis 1 is 6 long/);
  });
  it("a singular image sform is reported as a fault of the image, not of the (valid) ROI", () => {
    const singular = raw.slice();
    for (const row of [0, 1, 2]) withFieldInPlace(singular, 4 * row + 1);
    const p = put("singular.nii.gz", gzipSync(singular));
    const r = cli(["features", "--image", p, "--roi", join(dir, "roi.nii.gz"), "--out", join(dir, "f.csv"), "--threads", "1", "--quiet"]);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/error: .*singular\.nii\.gz: invalid NIfTI sform \(srow_x\/y\/z\): the voxel-to-world matrix is singular/);
    expect(r.stderr).not.toMatch(/roi\.nii\.gz/);
  });
  it("dims, bitpix and vox_offset that lie are input errors naming the field", () => {
    const cases: [Uint8Array, RegExp][] = [
      [withField(raw, F.dim, -3, 2), /invalid NIfTI header: dim\[2\] = -3/],
      [withField(raw, F.bitpix, 8), /bitpix 8 does not match datatype 4 \(int16, 16 bits\)/],
      [withField(raw, F.vox_offset, -1), /vox_offset -1 is not a byte position/],
      [withField(raw, F.dim, 33, 3), /truncated: the header promises 33792 int16 voxels/],
    ];
    cases.forEach(([bytes, message], n) => expect(inputError(() => readNifti(put(`lie-${n}.nii`, bytes))).message).toMatch(message));
  });
  it("a gzip stream that holds more than the header declares is refused, one that holds less is truncated", () => {
    const longer = put("longer.nii.gz", gzipSync(withField(raw, F.dim, 31, 3)));
    expect(inputError(() => readNifti(longer)).message).toMatch(/decompresses past its declared size/);
    const shorter = put("shorter.nii.gz", gzipSync(raw.subarray(0, 40000)));
    expect(inputError(() => readNifti(shorter)).message).toMatch(/truncated: the header promises 32768 int16 voxels from byte 352 \(65888 bytes\), the file holds 40000/);
  });
  it("NRRD spacings and space directions must give finite, positive voxel sizes and an invertible matrix", () => {
    const head = (lines: string[]) => put("g.nrrd", Buffer.concat([Buffer.from(["NRRD0004", "type: short", "dimension: 3", "sizes: 32 32 32", "endian: little", "encoding: raw", ...lines, "", ""].join("\n")), raw.subarray(352)]));
    expect(inputError(() => readNrrd(head(["spacings: 0 6 6"]))).message).toMatch(/invalid voxel size: NRRD "spacings" gives 0 mm along axis 1/);
    expect(inputError(() => readNrrd(head(["space: RAS", "space directions: (6,0,0) (6,0,0) (0,0,6)"]))).message).toMatch(/NRRD "space directions": the voxel-to-world matrix is singular/);
    expect(inputError(() => readNrrd(head(["space: RAS", "space directions: (6,0,0) (0,6,0) (0,0,nan)"]))).message).toMatch(/malformed NRRD space direction/);
  });
});

/** zero one column of the sform (srow element n of each row) */
function withFieldInPlace(bytes: Uint8Array, n: number): void {
  new DataView(bytes.buffer, bytes.byteOffset).setFloat32(F.srow.at + 4 * n, 0, true);
}

describe("NaN and infinite voxels", () => {
  const floatImage = (): Float32Array => Float32Array.from(phantom.image.data);
  const outsideHead = (): number[] => Array.from(phantom.headMask.keys()).filter((i) => !phantom.headMask[i]).slice(0, 300);
  const featuresOf = (image: string, out: string) =>
    cli(["features", "--image", image, "--roi", join(dir, "roi.nii.gz"), "--out", out, "--threads", "1", "--quiet", "--discretisation", "fbn16"]);

  it("outside the ROI: treated as background (the image's lowest value), with a warning giving their count", () => {
    const withNaN = floatImage();
    const filled = floatImage();
    let low = Infinity;
    const where = outsideHead();
    where.forEach((i, n) => (withNaN[i] = [NaN, Infinity, -Infinity][n % 3]));
    for (let i = 0; i < withNaN.length; i++) if (Number.isFinite(withNaN[i])) low = Math.min(low, withNaN[i]);
    for (const i of where) filled[i] = low;
    const nanFile = put("nan.nii.gz", gzipSync(encodeNifti({ ...phantom.image, data: withNaN })));
    mkdirSync(join(dir, "oracle"), { recursive: true });
    const oracleFile = join(dir, "oracle", "nan.nii.gz");
    writeFileSync(oracleFile, gzipSync(encodeNifti({ ...phantom.image, data: filled })));

    const r = featuresOf(nanFile, join(dir, "nan.csv"));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/nan\.nii\.gz: 300 of 32768 voxels hold no finite value \(100 NaN, 200 infinite\); they are treated as background/);
    expect(featuresOf(oracleFile, join(dir, "oracle.csv")).status).toBe(0);
    expect(readFileSync(join(dir, "nan.csv"), "utf8")).toBe(readFileSync(join(dir, "oracle.csv"), "utf8"));

    // run: the whole-image statistics stay finite (no false "zero variance")
    const run = cli(["run", "--image", nanFile, "--roi", join(dir, "roi.nii.gz"), "--face-mask", join(dir, "face.nii.gz"), "--fill", "min",
      "--normalisations", "none,zscore-global", "--discretisation", "fbn16", "--no-renders", "--threads", "1", "--quiet", "--out", join(dir, "nan-run")]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/variance/);
    const report = JSON.parse(readFileSync(join(dir, "nan-run", "report.json"), "utf8"));
    const global = report.result.maps.find((m: { normalization: string }) => m.normalization === "zscore-global");
    expect(Number.isFinite(global.original.sd) && global.original.sd > 0).toBe(true);
  });
  it("inside the ROI: an input error naming the image file", () => {
    const inRoi = floatImage();
    inRoi[phantom.roi.indexOf(1)] = NaN;
    const p = put("nan-roi.nii.gz", gzipSync(encodeNifti({ ...phantom.image, data: inRoi })));
    const r = featuresOf(p, join(dir, "nan-roi.csv"));
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/error: .*nan-roi\.nii\.gz: 1 voxel\(s\) inside .*roi\.nii\.gz hold NaN or infinity/);
    const v: Volume = readVolume(p, { warnings: [] });
    expect(() => readMask(join(dir, "roi.nii.gz"), v)).toThrow(/nan-roi\.nii\.gz: 1 voxel\(s\) inside/);
  });
  it("convert keeps them as they are", () => {
    const withNaN = floatImage();
    withNaN[0] = NaN;
    const p = put("nan-convert.nii", encodeNifti({ ...phantom.image, data: withNaN }));
    expect(cli(["convert", "--image", p, "--out", join(dir, "nan-out.nii")]).status).toBe(0);
    expect(Number.isNaN(readVolume(join(dir, "nan-out.nii"), { keepNonFinite: true }).data[0])).toBe(true);
  });
});

describe("manifests and settings files are read within bounds", () => {
  it("a manifest or settings file far larger than such a file can be is refused before it is read; NUL bytes are binary", () => {
    const big = put("big.csv", Buffer.alloc(65 * 2 ** 20, 0x61));
    expect(inputError(() => readManifest(big)).message).toMatch(/big\.csv: the manifest is 65\.0 MiB, more than the 64\.0 MiB/);
    const bin = put("bin.yaml", Buffer.from([0x61, 0x3a, 0x20, 0x00]));
    expect(inputError(() => readSettingsFile(bin)).message).toMatch(/bin\.yaml: the settings file holds NUL bytes/);
  });
  it("YAML alias bombs and deep nesting are refused; a settings file must be a mapping", () => {
    const lines = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let n = 1; n < 12; n++) lines.push(`${String.fromCharCode(97 + n)}: &${String.fromCharCode(97 + n)} [${Array(9).fill(`*${String.fromCharCode(96 + n)}`).join(", ")}]`);
    expect(inputError(() => readSettingsFile(put("bomb.yaml", lines.join("\n")))).message).toMatch(/bomb\.yaml: not valid YAML/);
    expect(inputError(() => readSettingsFile(put("deep.yaml", `${"[".repeat(20000)}${"]".repeat(20000)}`))).message).toMatch(/deep\.yaml: not valid YAML/);
    expect(inputError(() => readSettingsFile(put("scalar.yaml", "42\n"))).message).toMatch(/scalar\.yaml: a settings file is a mapping of groups/);
  });
  it("a discretisation or resampling that would exhaust memory is refused, naming the settings file or the setting", () => {
    const bins = put("bins.yaml", "processing: { discretisation: [fbn1000000000] }\n");
    const features = (settings: string) => cli(["features", "--image", join(dir, "image.nii.gz"), "--roi", join(dir, "roi.nii.gz"), "--out", join(dir, "b.csv"), "--settings", settings]);
    const r = features(bins);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/bins\.yaml: invalid settings: processing\.discretisation\.0: "fbn1000000000": at most 65536 bins are supported/);
    // known only once the ROI's intensity range is: the setting is named
    const fine = features(put("fine-bins.yaml", "processing: { discretisation: [fbs0.000000000001] }\n"));
    expect(fine.status, fine.stderr).toBe(2);
    expect(fine.stderr).toMatch(/a fixed bin size of 1e-12 \(processing\.discretisation\) gives \d+ grey levels, more than the 65536 supported/);
    const spacing = features(put("fine.yaml", "processing: { resampling: { spacing: [1e-9, 1e-9, 1e-9] } }\n"));
    expect(spacing.status, spacing.stderr).toBe(2);
    expect(spacing.stderr).toMatch(/resampling to 1e-9 x 1e-9 x 1e-9 mm \(processing\.resampling\.spacing\) makes the ROI's box .* voxels, more than the 134217728 supported/);
  });

});
