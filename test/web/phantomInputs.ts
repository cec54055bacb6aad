import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeHeadPhantom, type HeadPhantom } from "../../fixtures/phantom/makeHeadPhantom.js";
import { writeNrrd } from "../../pipeline/io/nrrdWrite.js";
import { writePhantom } from "../../pipeline/io/phantomFiles.js";
import { writeSeries } from "../pipeline/io/dicom/synthetic.js";

/** The small CT head phantom of the web tests: 64³ voxels of 3 mm, written as NIfTI files into `dir`. */
export function writeCtPhantom(dir: string): HeadPhantom {
  const phantom = makeHeadPhantom({ kind: "ct", seed: 1, dims: [64, 64, 64], spacing: [3, 3, 3] });
  writePhantom(dir, phantom);
  return phantom;
}

/**
 * The phantom's image as a DICOM series in `dir` (one file per slice, scrambled names), on the same
 * grid: rows along +A and columns along +R (LPS row direction −x, column direction −y), so the
 * reader's RAS grid is the phantom's and its ROI file fits.
 */
export function writeCtPhantomDicom(dir: string, phantom: HeadPhantom): void {
  const { dims, spacing, affine, data } = phantom.image;
  const [nx, ny, nz] = dims;
  writeSeries(dir, {
    nx,
    ny,
    positions: Array.from({ length: nz }, (_, k) => affine[11] + spacing[2] * k),
    iop: [-1, 0, 0, 0, -1, 0],
    origin: [-affine[3], -affine[7], 0],
    pixelSpacing: [spacing[1], spacing[0]],
    signed: true,
    stored: (i, j, k) => data[i + nx * (j + ny * k)],
    extra: { SliceThickness: spacing[2], PatientName: "Phantom^CT" },
  });
}

/** The phantom's ROI as an attached NRRD file (`roi.nrrd`), to drop instead of the NIfTI one. */
export function writeCtPhantomRoiNrrd(dir: string, phantom: HeadPhantom): void {
  writeNrrd(join(dir, "roi.nrrd"), { ...phantom.image, data: phantom.roi });
}

/**
 * "Another tool's" defaced image as a detached NRRD (`tool.nhdr` naming its data file `tool.raw`):
 * the phantom with its face mask's voxels set to air (-1024 HU).
 */
export function writeToolDefacedNhdr(dir: string, phantom: HeadPhantom): void {
  const data = Int16Array.from(phantom.image.data);
  phantom.faceMask.forEach((inFace, i) => {
    if (inFace) data[i] = -1024;
  });
  const attached = join(dir, "tool-attached.nrrd");
  writeNrrd(attached, { ...phantom.image, data }, { encoding: "raw" });
  const bytes = readFileSync(attached);
  rmSync(attached);
  const end = bytes.indexOf("\n\n") + 1; // the header ends with an empty line
  writeFileSync(join(dir, "tool.nhdr"), Buffer.concat([bytes.subarray(0, end), Buffer.from("data file: tool.raw\n\n")]));
  writeFileSync(join(dir, "tool.raw"), bytes.subarray(end + 1));
}
