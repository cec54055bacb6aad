import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DefaceImpactError } from "../../../../analysis/core/errors.js";
import { voxelToWorld } from "../../../../analysis/core/volume.js";
import { readDicomSeries } from "../../../../pipeline/io/dicom/readSeries.js";
import { ippOf, writeSeries, type SeriesSpec } from "./synthetic.js";

const root = mkdtempSync(join(tmpdir(), "dicom-read-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `s${n++}`);

const errorOf = (f: () => unknown): DefaceImpactError => {
  try {
    f();
  } catch (e) {
    return e as DefaceImpactError;
  }
  throw new Error("expected an error");
};

describe("readDicomSeries geometry", () => {
  it("sorts shuffled files along the normal of an oblique orientation and builds the RAS affine from IPP/IOP/PixelSpacing", () => {
    const c = Math.cos(0.3), s = Math.sin(0.3);
    const spec: SeriesSpec = {
      nx: 5, ny: 4, positions: [6, 0, 4, 2, 8], iop: [c, s, 0, -s * Math.cos(0.2), c * Math.cos(0.2), Math.sin(0.2)],
      pixelSpacing: [0.8, 0.6], stored: (i, j, k) => 100 * k + 10 * j + i,
    };
    const dir = freshDir();
    writeSeries(dir, spec);
    const { volume, warnings } = readDicomSeries(dir);
    expect(warnings).toEqual([]);
    expect(volume.dims).toEqual([5, 4, 5]);
    expect(volume.spacing[0]).toBeCloseTo(0.6, 9);
    expect(volume.spacing[1]).toBeCloseTo(0.8, 9);
    expect(volume.spacing[2]).toBeCloseTo(2, 9);
    // slice k of the volume is the file at the k-th smallest position.
    const order = [1, 3, 2, 0, 4];
    order.forEach((fileIndex, k) => {
      expect(volume.data[3 + 5 * (2 + 4 * k)]).toBe(100 * fileIndex + 23);
      // voxel (0,0,k) lies at that file's IPP, converted LPS -> RAS.
      const ipp = ippOf(spec, spec.positions[fileIndex]);
      const w = voxelToWorld(volume.affine, 0, 0, k);
      expect(w[0]).toBeCloseTo(-ipp[0], 9);
      expect(w[1]).toBeCloseTo(-ipp[1], 9);
      expect(w[2]).toBeCloseTo(ipp[2], 9);
    });
    // voxel (1,0,0) is one column step along the row direction.
    const w1 = voxelToWorld(volume.affine, 1, 0, 0);
    const w0 = voxelToWorld(volume.affine, 0, 0, 0);
    expect(w1[0] - w0[0]).toBeCloseTo(-0.6 * c, 9);
    expect(w1[1] - w0[1]).toBeCloseTo(-0.6 * s, 9);
  });

  it("resamples uneven slice spacing onto a regular grid with a warning", () => {
    const dir = freshDir();
    writeSeries(dir, { nx: 3, ny: 3, positions: [0, 2, 4, 7, 10], stored: (_i, _j, k) => [0, 20, 40, 70, 100][k] });
    const { volume, warnings } = readDicomSeries(dir);
    expect(warnings.join("\n")).toMatch(/uneven slice spacing.*resampled 5 slices onto a regular grid of 6 slices/);
    expect(volume.dims[2]).toBe(6);
    expect(volume.spacing[2]).toBeCloseTo(2, 9);
    // the value is 10 x position, linear, so linear interpolation reproduces it.
    for (let k = 0; k < 6; k++) expect(volume.data[4 + 9 * k]).toBeCloseTo(20 * k, 4);
  });

  it("resamples a gantry-tilted (sheared) stack onto an orthogonal grid", () => {
    const dir = freshDir();
    const spec: SeriesSpec = {
      nx: 8, ny: 6, positions: [0, 2, 4, 6], pixelSpacing: [1, 1], shear: [0, 0.5, 0],
      stored: (i, j, k) => 10 * i + 100 + 5 * (j + k),
    };
    writeSeries(dir, spec);
    const { volume, warnings, metadata } = readDicomSeries(dir);
    expect(warnings.join("\n")).toMatch(/gantry tilt/);
    expect(metadata.StackGeometry).toBe("tilted");
    // orthogonal affine: third column along the normal only.
    expect(volume.affine[2]).toBeCloseTo(0, 9);
    expect(volume.affine[6]).toBeCloseTo(0, 9);
    // Slice k is shifted by k mm in y, so its pixel row j lies at world row j + k: the stored value
    // is linear in world y. On the orthogonal grid, voxel (2, 4, k) therefore holds 10*2 + 100 + 5*4.
    for (let k = 0; k < 4; k++) expect(volume.data[2 + 8 * (4 + 6 * k)]).toBeCloseTo(140, 4);
  });

  it("fails on a missing slice, naming the gap", () => {
    const dir = freshDir();
    writeSeries(dir, { nx: 2, ny: 2, positions: [0, 2, 4, 8, 10], instanceNumbers: [1, 2, 3, 5, 6], stored: () => 1 });
    const err = errorOf(() => readDicomSeries(dir));
    expect(err).toBeInstanceOf(DefaceImpactError);
    expect(err.kind).toBe("input");
    expect(err.message).toMatch(/missing slice.*gap .* is 4\.000 mm, 2 times the usual 2\.000 mm/);
  });
});

describe("readDicomSeries pixel values", () => {
  it("applies rescale slope/intercept to signed data masked to BitsStored", () => {
    const dir = freshDir();
    const stored = (i: number, j: number, k: number) => (i - 2) * 300 + j - k;
    writeSeries(dir, { nx: 5, ny: 2, positions: [0, 1], signed: true, bitsStored: 12, slope: 2, intercept: -1024, stored });
    const { volume } = readDicomSeries(dir);
    for (let k = 0; k < 2; k++) for (let j = 0; j < 2; j++) for (let i = 0; i < 5; i++) {
      expect(volume.data[i + 5 * (j + 2 * k)]).toBe(2 * stored(i, j, k) - 1024);
    }
  });

  it("ignores bits above BitsStored of unsigned data and keeps fractional rescale in floats", () => {
    const dir = freshDir();
    // 0xF000 are overlay bits above BitsStored = 12.
    writeSeries(dir, { nx: 2, ny: 2, positions: [0, 1], bitsStored: 12, slope: 0.5, intercept: 0.25, stored: (i) => 0xf000 | (4000 + i) });
    const { volume } = readDicomSeries(dir);
    expect(volume.data).toBeInstanceOf(Float32Array);
    expect(volume.data[1]).toBe(0.5 * 4001 + 0.25);
  });

  it("names an undecodable transfer syntax", () => {
    const dir = freshDir();
    writeSeries(dir, { nx: 2, ny: 2, positions: [0, 1], stored: () => 0, transferSyntax: "1.2.840.10008.1.2.4.50" });
    const err = errorOf(() => readDicomSeries(dir));
    expect(err.kind).toBe("input");
    expect(err.message).toMatch(/1\.2\.840\.10008\.1\.2\.4\.50 \(JPEG Baseline/);
  });
});

describe("readDicomSeries folders", () => {
  it("lists several series and stops with a usage error; --series picks one", () => {
    const dir = freshDir();
    writeSeries(join(dir, "a"), { nx: 2, ny: 2, positions: [0, 1], stored: () => 1, seriesUid: "1.2.3.4.1" });
    writeSeries(join(dir, "b", "deep"), { nx: 3, ny: 3, positions: [0, 1, 2], stored: () => 2, seriesUid: "1.2.3.4.2" });
    const err = errorOf(() => readDicomSeries(dir));
    expect(err.kind).toBe("usage");
    expect(err.message).toContain("1.2.3.4.1");
    expect(err.message).toContain("1.2.3.4.2");
    const picked = readDicomSeries(dir, { series: "1.2.3.4.2" });
    expect(picked.volume.dims).toEqual([3, 3, 3]);
    expect(errorOf(() => readDicomSeries(dir, { series: "9.9" })).kind).toBe("input");
  });

  it("skips a file dcmjs cannot parse with a warning naming it, without crashing", () => {
    const dir = freshDir();
    writeSeries(dir, { nx: 2, ny: 2, positions: [0, 1, 2], stored: () => 7 });
    const bad = new Uint8Array(200);
    bad.set([0x44, 0x49, 0x43, 0x4d], 128);
    bad.set([0x02, 0x00, 0x10, 0x00, 0x55, 0x49, 0xff, 0xff], 132); // a meta element with a huge length
    writeFileSync(join(dir, "broken.dcm"), bad);
    const { volume, warnings } = readDicomSeries(dir);
    expect(volume.dims).toEqual([2, 2, 3]);
    expect(warnings.join("\n")).toContain(join(dir, "broken.dcm"));
  });

  it("reads a file with zero padding after the pixel data (like brain_001.dcm), warning with its name", () => {
    const dir = freshDir();
    const paths = writeSeries(dir, { nx: 3, ny: 2, positions: [0, 1, 2], stored: (i, j, k) => (k === 2 ? 0 : 1 + i + j) });
    appendFileSync(paths[2], new Uint8Array(100_000)); // the last slice's pixels end in zeros too
    const { volume, warnings } = readDicomSeries(dir);
    expect(volume.dims).toEqual([3, 2, 3]);
    expect(Array.from(volume.data.subarray(12))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(warnings.join("\n")).toContain(`${paths[2]}: malformed DICOM (100000 bytes of zero padding after the pixel data ignored)`);
  });

  it("refuses a slice cut short inside its pixel data (dcmjs would zero-fill it), naming the file and the element", () => {
    const dir = freshDir();
    const paths = writeSeries(dir, { nx: 3, ny: 2, positions: [0, 1, 2], stored: (i, j, k) => 1 + i + j + k });
    const whole = readFileSync(paths[1]);
    writeFileSync(paths[1], whole.subarray(0, whole.length - 1));
    const e = errorOf(() => readDicomSeries(dir));
    expect(e).toBeInstanceOf(DefaceImpactError);
    expect(e.message).toMatch(/the file is cut short: the value of \(7FE0,0010\) at byte \d+ needs 12 bytes, the file has 11 left; its image cannot be read whole/);
    expect(e.message).toContain(paths[1]);
    // one file given alone: the same
    expect(errorOf(() => readDicomSeries(paths[1])).message).toMatch(/cut short/);
  });
});
