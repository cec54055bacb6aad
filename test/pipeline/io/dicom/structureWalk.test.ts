import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parsePart10 } from "../../../../pipeline/io/dicom/part10.js";
import { findTruncation } from "../../../../pipeline/io/dicom/structureWalk.js";
import { writeDataset, writeSeries, type SeriesSpec } from "./synthetic.js";

const root = mkdtempSync(join(tmpdir(), "dicom-walk-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("findTruncation", () => {
  // A structure set with nested sequences (dcmjs writes them with undefined lengths) and an image slice.
  const rsPath = join(root, "rs.dcm");
  writeDataset(rsPath, {
    SOPClassUID: "1.2.840.10008.5.1.4.1.1.481.3",
    SOPInstanceUID: "1.2.3.98",
    Modality: "RTSTRUCT",
    StructureSetROISequence: [{ ROINumber: 1, ROIName: "box" }],
    ROIContourSequence: [
      { ReferencedROINumber: 1, ContourSequence: [{ ContourGeometricType: "CLOSED_PLANAR", NumberOfContourPoints: 2, ContourData: [1, 2, 3, 4, 5, 6] }] },
    ],
  });
  const spec: SeriesSpec = { nx: 6, ny: 5, positions: [0], pixelSpacing: [1, 1], stored: (i) => i };
  const [slicePath] = writeSeries(join(root, "image"), spec);
  const files = { rtstruct: readFileSync(rsPath), image: readFileSync(slicePath) };

  it.each(Object.entries(files))("finds nothing wrong in a complete %s file", (_name, bytes) => {
    expect(findTruncation(new Uint8Array(bytes))).toBeUndefined();
  });

  // The last top-level element: ROIContourSequence (3006,0039) in the structure set, PixelData in the image.
  const lastTags = { rtstruct: [0x06, 0x30, 0x39, 0x00], image: [0xe0, 0x7f, 0x10, 0x00] };

  it.each(Object.entries(files))("finds every cut of a %s file inside its last element, nested items included", (name, bytes) => {
    const lastStart = bytes.lastIndexOf(Buffer.from(lastTags[name as keyof typeof files]));
    expect(lastStart).toBeGreaterThan(132);
    const missed: number[] = [];
    for (let end = lastStart + 1; end < bytes.length; end++) {
      if (findTruncation(new Uint8Array(bytes.subarray(0, end))) === undefined) missed.push(end);
    }
    expect(missed).toEqual([]);
  });

  it.each(Object.entries(files))("lets through only cuts between top-level elements of a %s file", (_name, bytes) => {
    let passed = 0;
    for (let end = 133; end < bytes.length; end++) if (findTruncation(new Uint8Array(bytes.subarray(0, end))) === undefined) passed++;
    // A cut exactly between two elements leaves a shorter, well-formed file: at most one per element.
    const elements = Object.keys(parsePart10(new Uint8Array(bytes)).dict).length + Object.keys(parsePart10(new Uint8Array(bytes)).meta).length;
    expect(passed).toBeLessThanOrEqual(elements);
  });

  it("says which element is cut and by how much", () => {
    const bytes = files.rtstruct;
    expect(findTruncation(new Uint8Array(bytes.subarray(0, bytes.length - 1)))).toEqual({
      message: expect.stringMatching(/^.* at byte \d+ needs \d+ bytes, the file has \d+ left$/),
      inPixelData: false,
    });
    const image = files.image;
    expect(findTruncation(new Uint8Array(image.subarray(0, image.length - 1)))).toEqual({
      message: expect.stringMatching(/^the value of \(7FE0,0010\) at byte \d+ needs 60 bytes, the file has 59 left$/),
      inPixelData: true,
    });
  });

  it("refuses at once a header element whose wrong VR reads its text as a huge length (dcmjs ran out of memory on it)", () => {
    const bytes = new Uint8Array(files.image);
    const at = Buffer.from(bytes).indexOf(Buffer.from([0x20, 0x00, 0x32, 0x00, 0x44, 0x53])); // ImagePositionPatient, DS
    expect(at).toBeGreaterThan(132);
    bytes.set([0x55, 0x4e], at + 4); // "UN": reserved bytes and a 32-bit length, read from the value's text
    expect(findTruncation(bytes)).toMatchObject({ message: expect.stringMatching(/^the value of \(0020,0032\) at byte \d+ needs \d+ bytes/), inPixelData: false });
    const started = performance.now();
    expect(() => parsePart10(bytes, { headerOnly: true })).toThrow(/^the file is cut short: the value of \(0020,0032\)/);
    expect(() => parsePart10(bytes)).toThrow(/^the file is cut short/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
