import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { countMask } from "../../../../analysis/core/volume.js";
import { readDicomSeries } from "../../../../pipeline/io/dicom/readSeries.js";
import { readMask, readVolume } from "../../../../pipeline/io/readVolume.js";
import { listRtstructRois, rasteriseRtstruct } from "../../../../pipeline/io/dicom/rtstruct.js";
import { ippOf, writeDataset, writeSeries, type SeriesSpec } from "./synthetic.js";

const root = mkdtempSync(join(tmpdir(), "dicom-rt-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A closed planar square contour (LPS) in the plane of the slice at position t. */
function square(spec: SeriesSpec, t: number, x0: number, y0: number, x1: number, y1: number): number[] {
  const o = ippOf(spec, t);
  const sx = spec.pixelSpacing![1];
  const sy = spec.pixelSpacing![0];
  const corners = [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
  return corners.flatMap(([i, j]) => [o[0] + i * sx, o[1] + j * sy, o[2]]);
}

describe("RTSTRUCT", () => {
  const spec: SeriesSpec = { nx: 20, ny: 16, positions: [0, 3, 6], pixelSpacing: [1, 1], stored: () => 0 };
  const imageDir = join(root, "image");
  writeSeries(imageDir, spec);
  const rsPath = join(root, "rs.dcm");
  // ROI "ring" on the middle slice: outer square 2..12 x 2..10 (voxel centres), hole 5..8 x 4..7 (even-odd).
  // ROI "box" on slices 0 and 2.
  writeDataset(rsPath, {
    SOPClassUID: "1.2.840.10008.5.1.4.1.1.481.3",
    SOPInstanceUID: "1.2.3.99",
    Modality: "RTSTRUCT",
    StructureSetROISequence: [
      { ROINumber: 1, ROIName: "ring", ReferencedFrameOfReferenceUID: "1.2.826.0.1.3680043.2.1125.8" },
      { ROINumber: 2, ROIName: "box", ReferencedFrameOfReferenceUID: "1.2.826.0.1.3680043.2.1125.8" },
    ],
    ROIContourSequence: [
      {
        ReferencedROINumber: 1,
        ContourSequence: [
          { ContourGeometricType: "CLOSED_PLANAR", NumberOfContourPoints: 4, ContourData: square(spec, 3, 1.5, 1.5, 12.5, 10.5) },
          { ContourGeometricType: "CLOSED_PLANAR", NumberOfContourPoints: 4, ContourData: square(spec, 3, 4.5, 3.5, 8.5, 7.5) },
        ],
      },
      {
        ReferencedROINumber: 2,
        ContourSequence: [0, 6].map((t) => ({
          ContourGeometricType: "CLOSED_PLANAR", NumberOfContourPoints: 4, ContourData: square(spec, t, 0.5, 0.5, 3.5, 2.5),
        })),
      },
    ],
  });

  it("lists the ROIs with their contour counts", () => {
    expect(listRtstructRois(rsPath)).toEqual([
      { number: 1, name: "ring", contours: 2 },
      { number: 2, name: "box", contours: 2 },
    ]);
  });

  it("rasterises closed planar contours at voxel centres with holes by the even-odd rule", () => {
    const { volume } = readDicomSeries(imageDir);
    const mask = rasteriseRtstruct(rsPath, "ring", volume);
    // outer: i 2..12 (11) x j 2..10 (9) = 99; hole: i 5..8 (4) x j 4..7 (4) = 16.
    expect(countMask(mask)).toBe(99 - 16);
    const at = (i: number, j: number, k: number) => mask[i + 20 * (j + 16 * k)];
    expect(at(2, 2, 1)).toBe(1);
    expect(at(12, 10, 1)).toBe(1);
    expect(at(13, 10, 1)).toBe(0);
    expect(at(6, 5, 1)).toBe(0); // in the hole
    expect(at(4, 5, 1)).toBe(1);
    expect(at(6, 5, 0)).toBe(0); // other slices untouched
    const box = rasteriseRtstruct(rsPath, "box", volume);
    expect(countMask(box)).toBe(2 * 3 * 2);
    expect(box[1 + 20 * (1 + 16 * 2)]).toBe(1);
  });

  /** An RTSTRUCT of one contour (ROI "ring"), written as given. */
  const oneContour = (name: string, contour: Record<string, unknown>): string => {
    const path = join(root, name);
    writeDataset(path, {
      SOPClassUID: "1.2.840.10008.5.1.4.1.1.481.3", SOPInstanceUID: "1.2.3.98", Modality: "RTSTRUCT",
      StructureSetROISequence: [{ ROINumber: 1, ROIName: "ring", ReferencedFrameOfReferenceUID: "1.2.826.0.1.3680043.2.1125.8" }],
      ROIContourSequence: [{ ReferencedROINumber: 1, ContourSequence: [{ ContourGeometricType: "CLOSED_PLANAR", ...contour }] }],
    });
    return path;
  };

  it("refuses a contour coordinate that is NaN (written as an empty DS value) instead of reading it as 0", () => {
    const { volume } = readDicomSeries(imageDir);
    const data = square(spec, 3, 1.5, 1.5, 12.5, 10.5);
    data[4] = NaN;
    const bad = oneContour("rs-nan.dcm", { NumberOfContourPoints: 4, ContourData: data });
    expect(() => rasteriseRtstruct(bad, "ring", volume)).toThrow(/contour 1 has malformed ContourData/);
  });

  it("refuses a contour whose data disagree with NumberOfContourPoints (cut short), instead of dropping it", () => {
    const { volume } = readDicomSeries(imageDir);
    const bad = oneContour("rs-short.dcm", { NumberOfContourPoints: 4, ContourData: square(spec, 3, 1.5, 1.5, 12.5, 10.5).slice(0, 6) });
    expect(() => rasteriseRtstruct(bad, "ring", volume)).toThrow(/contour 1 has 6 ContourData numbers but NumberOfContourPoints 4 \(3 per point\): the contour is damaged/);
  });

  it("refuses a structure set missing only its last byte (dcmjs alone reads it without complaint)", () => {
    const bytes = readFileSync(rsPath);
    const cut = join(root, "rs-cut.dcm");
    writeFileSync(cut, bytes.subarray(0, bytes.length - 1));
    expect(() => listRtstructRois(cut)).toThrow(/rs-cut\.dcm.*not parseable as DICOM \(the file is cut short: .* at byte \d+ needs \d+ bytes, the file has \d+ left\)/);
  });

  it("names the available ROIs when the requested one is absent", () => {
    const { volume } = readDicomSeries(imageDir);
    expect(() => rasteriseRtstruct(rsPath, "GTV", volume)).toThrow(/no ROI named "GTV".*"ring", "box"/);
  });

  it("is reachable through readVolume (a folder) and readMask (an RTSTRUCT with roiName)", () => {
    const warnings: string[] = [];
    const image = readVolume(imageDir, { warnings });
    expect(image.dims).toEqual([20, 16, 3]);
    expect(Array.from(readMask(rsPath, image, { roiName: "ring" }))).toEqual(Array.from(rasteriseRtstruct(rsPath, "ring", image)));
    expect(() => readMask(rsPath, image)).toThrow(/needs --roi-name.*"ring", "box"/);
  });
});
