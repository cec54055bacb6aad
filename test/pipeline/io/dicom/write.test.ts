import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { naturalize, parsePart10 } from "../../../../pipeline/io/dicom/part10.js";
import { readDicomSeries } from "../../../../pipeline/io/dicom/readSeries.js";
import { remapUid } from "../../../../pipeline/io/dicom/uidRemap.js";
import { writeDefacedSeries } from "../../../../pipeline/io/dicom/write.js";
import { IDENTIFYING } from "./identity.js";
import { writeDataset, writeSeries, type SeriesSpec } from "./synthetic.js";

const root = mkdtempSync(join(tmpdir(), "dicom-write-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const spec: SeriesSpec = {
  nx: 6, ny: 5, positions: [4, 0, 2, 6], signed: true, bitsStored: 12, intercept: -1024,
  stored: (i, j, k) => 40 * i + 7 * j + 100 * k,
  seriesUid: "1.2.826.0.1.3680043.2.1125.555.1",
  extra: {
    ...IDENTIFYING,
    Manufacturer: "ACME Medical", ManufacturerModelName: "Scanatron 9", KVP: 120, ConvolutionKernel: "B30f",
    "00090010": "PRIVATE CREATOR X", // private creator (odd group)
    "00091001": "SECRET-PRIVATE-VALUE",
    _vrMap: { "00090010": "LO", "00091001": "LO" },
  },
};

function defacedCopy(data: ArrayLike<number>): Int16Array {
  const out = Int16Array.from(data as ArrayLike<number>);
  for (let i = 0; i < out.length; i += 3) out[i] = -1024; // "face" voxels set to air
  return out;
}

describe("writeDefacedSeries", () => {
  const src = join(root, "src");
  const srcPaths = writeSeries(src, spec);
  const original = readDicomSeries(src);
  const defaced = { ...original.volume, data: defacedCopy(original.volume.data) };

  it("writes a series that reads back as the defaced volume exactly, on the same grid", () => {
    const out = join(root, "out1");
    const { files } = writeDefacedSeries(original.source, defaced, out, { key: "k1", faceRemoved: true });
    expect(files).toHaveLength(4);
    const back = readDicomSeries(out);
    expect(back.volume.dims).toEqual(defaced.dims);
    expect(back.volume.affine).toEqual(defaced.affine);
    expect(Array.from(back.volume.data)).toEqual(Array.from(defaced.data));
    expect(back.metadata.KVP).toBe(120);
    expect(back.metadata.ConvolutionKernel).toBe("B30f");
    expect(back.metadata.Manufacturer).toBe("ACME Medical");
  });

  it("remaps UIDs consistently with HMAC under the key, marks the de-identification, removes private tags", () => {
    const a = join(root, "uidA");
    const b = join(root, "uidB");
    writeDefacedSeries(original.source, defaced, a, { key: "k1", faceRemoved: true, retainDeviceIdentity: true });
    writeDefacedSeries(original.source, defaced, b, { key: "k2", faceRemoved: false });
    const dsA = readdirSync(a).map((f) => naturalize(parsePart10(readFileSync(join(a, f))).dict));
    const dsB = readdirSync(b).map((f) => naturalize(parsePart10(readFileSync(join(b, f))).dict));
    const series = remapUid("k1", spec.seriesUid!);
    expect(series).toMatch(/^2\.25\.\d{1,39}$/);
    expect(dsA.every((d) => d.SeriesInstanceUID === series)).toBe(true);
    expect(dsA.every((d) => d.FrameOfReferenceUID === remapUid("k1", "1.2.826.0.1.3680043.2.1125.8"))).toBe(true);
    expect(new Set(dsA.map((d) => d.SOPInstanceUID)).size).toBe(4);
    expect(dsB[0].SeriesInstanceUID).not.toBe(series);
    const d = dsA[0];
    expect(d.PatientIdentityRemoved).toBe("YES");
    const codes = (d.DeidentificationMethodCodeSequence as any[]).map((c) => c.CodeValue);
    expect(codes).toEqual(["113100", "113102", "113109"]);
    expect((dsB[0].DeidentificationMethodCodeSequence as any[]).map((c) => c.CodeValue)).toEqual(["113100"]);
    expect(d.DeviceSerialNumber).toBe("SN-31415"); // retained device identity
    expect(dsB[0].DeviceSerialNumber).toBe("ANONYMIZED"); // X/Z/D -> dummy value (valid even where Type 1)
    expect(Object.keys(d).some((k) => /^[0-9A-F]{4}/.test(k) && parseInt(k.slice(0, 4), 16) % 2 === 1)).toBe(false);
  });

  it("leaves no byte sequence of any original identifying value in any output file", () => {
    const needles = [
      ...Object.entries(IDENTIFYING).flatMap(([, v]) => v.split("^").filter((p) => p.length > 1)),
      "SECRET-PRIVATE-VALUE", "PRIVATE CREATOR X",
      spec.seriesUid!, "1.2.826.0.1.3680043.2.1125.7", "1.2.826.0.1.3680043.2.1125.8",
      ...srcPaths.map((_p, k) => `${spec.seriesUid}.${k + 1}`),
    ];
    const variants = [
      { name: "basic", opts: {} },
      { name: "year", opts: { datesToYear: true } },
      { name: "shift", opts: { retainLongitudinalTemporal: true, cleanDescriptors: true } },
    ];
    for (const v of variants) {
      const out = join(root, `ids-${v.name}`);
      writeDefacedSeries(original.source, defaced, out, { key: "secret", faceRemoved: true, ...v.opts });
      for (const f of readdirSync(out)) {
        const bytes = readFileSync(join(out, f));
        for (const needle of needles) {
          expect(bytes.includes(Buffer.from(needle, "latin1")), `${v.name}/${f} contains "${needle}"`).toBe(false);
        }
      }
      const ds = naturalize(parsePart10(readFileSync(join(out, readdirSync(out)[0]))).dict);
      if (v.name === "year") expect(ds.StudyDate).toBe("20210101"); // HIPAA: the year is kept
      if (v.name === "shift") {
        // dates shifted by one per-patient offset: intervals between them survive.
        const day = (s: string) => Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8)) / 86400000;
        expect(day(ds.SeriesDate) - day(ds.StudyDate)).toBe(1);
        expect(ds.StudyDate).not.toBe("20210315");
        expect(ds.SeriesDescription).toBe("Head"); // cleaned descriptor
      }
    }
  });

  it("writes an enhanced multi-frame image back as one file with its frames in place", () => {
    const dir = join(root, "enh");
    mkdirSync(dir, { recursive: true });
    const frames = 3;
    const nx = 4, ny = 3;
    const pix = new Uint16Array(nx * ny * frames);
    for (let f = 0; f < frames; f++) for (let p = 0; p < nx * ny; p++) pix[f * nx * ny + p] = 1000 * f + p;
    // Frames stored from top to bottom: the reader must reverse them.
    const zOf = (f: number) => 10 - 2.5 * f;
    writeDataset(join(dir, "enh.dcm"), {
      SOPClassUID: "1.2.840.10008.5.1.4.1.1.4.1", SOPInstanceUID: "1.2.3.77.1", SeriesInstanceUID: "1.2.3.77",
      StudyInstanceUID: "1.2.3.76", Modality: "MR", NumberOfFrames: frames, Rows: ny, Columns: nx,
      SamplesPerPixel: 1, PhotometricInterpretation: "MONOCHROME2", BitsAllocated: 16, BitsStored: 16, HighBit: 15, PixelRepresentation: 0,
      PatientName: "Framewise^Fiona",
      SharedFunctionalGroupsSequence: [{
        PlaneOrientationSequence: [{ ImageOrientationPatient: [1, 0, 0, 0, 1, 0] }],
        PixelMeasuresSequence: [{ PixelSpacing: [1.5, 1.25], SliceThickness: 2.5 }],
        PixelValueTransformationSequence: [{ RescaleSlope: 1, RescaleIntercept: 0, RescaleType: "US" }],
      }],
      PerFrameFunctionalGroupsSequence: Array.from({ length: frames }, (_x, f) => ({
        PlanePositionSequence: [{ ImagePositionPatient: [-5, -6, zOf(f)] }],
      })),
      PixelData: pix.buffer,
      _vrMap: { PixelData: "OW" },
    });
    const r = readDicomSeries(join(dir, "enh.dcm"));
    expect(r.volume.dims).toEqual([4, 3, 3]);
    expect(r.volume.spacing).toEqual([1.25, 1.5, 2.5]);
    expect(r.volume.data[5]).toBe(2000 + 5); // slice 0 = lowest z = frame 3
    expect(r.volume.affine[11]).toBe(5);
    const out = join(root, "enh-out");
    const def = { ...r.volume, data: Uint16Array.from(r.volume.data as Uint16Array, (x, i) => (i % 2 ? 0 : x)) };
    const { files } = writeDefacedSeries(r.source, def, out, { key: "k", faceRemoved: true });
    expect(files).toHaveLength(1);
    expect(readFileSync(files[0]).includes(Buffer.from("Framewise"))).toBe(false);
    const back = readDicomSeries(files[0]);
    expect(Array.from(back.volume.data)).toEqual(Array.from(def.data));
    expect(back.volume.affine).toEqual(r.volume.affine);
  });
});

describe("writeDefacedSeries on a resampled stack", () => {
  it("writes the regular grid (new positions, distinct instance UIDs) and reads back equal", () => {
    const dir = join(root, "uneven");
    writeSeries(dir, { nx: 3, ny: 2, positions: [0, 2, 4, 7, 10], stored: (_i, j, k) => [0, 20, 40, 70, 100][k] + j });
    const r = readDicomSeries(dir);
    expect(r.source.resampled).toBe(true);
    const out = join(root, "uneven-out");
    const { files } = writeDefacedSeries(r.source, r.volume, out, { key: "k", faceRemoved: false });
    expect(files).toHaveLength(6);
    const back = readDicomSeries(out);
    expect(back.warnings).toEqual([]);
    expect(back.volume.dims).toEqual(r.volume.dims);
    for (let n = 0; n < 16; n++) expect(back.volume.affine[n]).toBeCloseTo(r.volume.affine[n], 5);
    expect(Array.from(back.volume.data)).toEqual(Array.from(r.volume.data));
    const uids = files.map((f) => naturalize(parsePart10(readFileSync(f)).dict).SOPInstanceUID);
    expect(new Set(uids).size).toBe(6);
  });
});
