// The head phantom as DICOM: a CT series and its lesion as an RTSTRUCT, for end-to-end tests.
import { writeDataset, writeSeries, type SeriesSpec } from "./synthetic.js";
import type { HeadPhantom } from "../../../../fixtures/phantom/makeHeadPhantom.js";

/**
 * Writes the phantom as a CT series (signed 16-bit HU) into `seriesDir`, oriented so that voxel
 * (i, j, k) keeps its RAS direction (rows run to the patient's right: −L; columns anterior: −P), and
 * the lesion as an RTSTRUCT ROI "GTV-1" at `rtstructPath`: per slice, the square around the lesion's
 * voxels. `extra` (identifying values, private tags) goes into every slice; `rtstructExtra` into the RTSTRUCT.
 */
export function writePhantomDicom(
  seriesDir: string,
  rtstructPath: string,
  p: HeadPhantom,
  extra: Record<string, unknown> = {},
  rtstructExtra: Record<string, unknown> = {},
): void {
  const [nx, ny, nz] = p.image.dims;
  const [sx, sy, sz] = p.image.spacing;
  const origin: [number, number, number] = [100, 100, -90];
  const spec: SeriesSpec = {
    nx,
    ny,
    positions: Array.from({ length: nz }, (_, k) => k * sz),
    iop: [-1, 0, 0, 0, -1, 0],
    pixelSpacing: [sy, sx],
    origin,
    stored: (i, j, k) => p.image.data[i + nx * (j + ny * k)],
    signed: true,
    extra,
  };
  writeSeries(seriesDir, spec);
  const contours: { ContourGeometricType: string; NumberOfContourPoints: number; ContourData: number[] }[] = [];
  for (let k = 0; k < nz; k++) {
    let [i0, i1, j0, j1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        if (!p.roi[i + nx * (j + ny * k)]) continue;
        [i0, i1, j0, j1] = [Math.min(i0, i), Math.max(i1, i), Math.min(j0, j), Math.max(j1, j)];
      }
    }
    if (i0 > i1) continue;
    // LPS of voxel (i, j) on slice k: origin + i·sx·(−1, 0, 0) + j·sy·(0, −1, 0) + k·sz·(0, 0, 1)
    const corner = (i: number, j: number) => [origin[0] - i * sx, origin[1] - j * sy, origin[2] + k * sz];
    const square = [corner(i0 - 0.5, j0 - 0.5), corner(i1 + 0.5, j0 - 0.5), corner(i1 + 0.5, j1 + 0.5), corner(i0 - 0.5, j1 + 0.5)].flat();
    contours.push({ ContourGeometricType: "CLOSED_PLANAR", NumberOfContourPoints: 4, ContourData: square });
  }
  writeDataset(rtstructPath, {
    SOPClassUID: "1.2.840.10008.5.1.4.1.1.481.3",
    SOPInstanceUID: "1.2.826.0.1.3680043.2.1125.99",
    Modality: "RTSTRUCT",
    StructureSetROISequence: [{ ROINumber: 1, ROIName: "GTV-1", ReferencedFrameOfReferenceUID: "1.2.826.0.1.3680043.2.1125.8" }],
    ROIContourSequence: [{ ReferencedROINumber: 1, ContourSequence: contours }],
    ...rtstructExtra,
  });
}
