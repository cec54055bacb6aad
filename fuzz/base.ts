import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Mask, Volume } from "../analysis/core/volume.js";
import { makeHeadPhantom } from "../fixtures/phantom/makeHeadPhantom.js";
import { readDicomSeries } from "../pipeline/io/dicom/readSeries.js";
import { encodeNifti } from "../pipeline/io/niftiWrite.js";
import type { FileSet } from "./types.js";

/**
 * The valid inputs every case starts from. The phantom is made by the project's own phantom code
 * (a CT head, 32³ voxels of 6 mm: small, so a case runs in about a second). The DICOM bases link to
 * the shared series, read where they are (never copied), with masks drawn on their grids.
 */
export interface PhantomBase {
  files: FileSet;
  image: Volume;
  roi: Mask;
  face: Mask;
  brain: Mask;
  head: Mask;
  /** image.nii.gz decompressed: a NIfTI-1 file, 352-byte header, int16 voxels. */
  niftiRaw: Uint8Array;
}

export interface DicomBase {
  files: FileSet;
  /** folder of the series inside the case, e.g. "series". */
  dir: string;
  /** the series' files in the case: path inside the case -> the shared file. */
  slices: { name: string; source: string }[];
  volume: Volume;
}

export interface Bases {
  phantom: PhantomBase;
  /** the shared MR proton-density series (20 slices, one malformed), with a ROI and a face box on its grid. */
  mr?: DicomBase;
  /** the shared IBSI CT series (60 slices) and its RTSTRUCT (ROI GTV-1), with a face box on its grid. */
  ct?: DicomBase & { rtstruct: string };
}

export const nifti = (volume: Volume, description = "fuzz"): Uint8Array => encodeNifti(volume, { description });
export const gz = (bytes: Uint8Array): Uint8Array => gzipSync(bytes, { level: 6 });

export function phantomBase(): PhantomBase {
  const p = makeHeadPhantom({ kind: "ct", seed: 1, dims: [32, 32, 32], spacing: [6, 6, 6] });
  const mask = (m: Mask): Volume => ({ ...p.image, data: m });
  const niftiRaw = nifti(p.image);
  return {
    image: p.image,
    roi: p.roi,
    face: p.faceMask,
    brain: p.brainMask,
    head: p.headMask,
    niftiRaw,
    files: {
      "image.nii.gz": gz(niftiRaw),
      "roi.nii.gz": gz(nifti(mask(p.roi))),
      "face_mask.nii.gz": gz(nifti(mask(p.faceMask))),
      "brain_mask.nii.gz": gz(nifti(mask(p.brainMask))),
    },
  };
}

/** A box of voxels [i0, i1) x [j0, j1) x all slices: a stand-in face mask away from the ROI. */
function box(dims: number[], i1: number, j1: number): Mask {
  const m = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0; k < dims[2]; k++) for (let j = 0; j < j1; j++) for (let i = 0; i < i1; i++) m[i + dims[0] * (j + dims[1] * k)] = 1;
  return m;
}

/** A ball of voxels around voxel (ci, cj, ck), radius in mm. */
function ball(v: Volume, c: number[], radiusMm: number): Mask {
  const [nx, ny, nz] = v.dims;
  const m = new Uint8Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const d = Math.hypot((i - c[0]) * v.spacing[0], (j - c[1]) * v.spacing[1], (k - c[2]) * v.spacing[2]);
        if (d <= radiusMm) m[i + nx * (j + ny * k)] = 1;
      }
  return m;
}

function dicomBase(seriesDir: string, dir: string, extra: (v: Volume) => FileSet): DicomBase {
  const names = readdirSync(seriesDir).filter((n) => n.endsWith(".dcm")).sort();
  const volume = readDicomSeries(seriesDir).volume;
  const slices = names.map((n) => ({ name: `${dir}/${n}`, source: join(seriesDir, n) }));
  const files: FileSet = Object.fromEntries(slices.map((s) => [s.name, { link: s.source }]));
  return { dir, slices, volume, files: { ...files, ...extra(volume) } };
}

/** The bases; the DICOM ones only when the shared data folder is there. */
export function buildBases(dataDir: string | undefined): Bases {
  const bases: Bases = { phantom: phantomBase() };
  if (!dataDir) return bases;
  const mrDir = join(dataDir, "heads", "dicom_mr_pd_series");
  if (existsSync(mrDir)) {
    bases.mr = dicomBase(mrDir, "series", (v) => ({
      "roi.nii.gz": gz(nifti({ ...v, data: ball(v, [v.dims[0] / 2, v.dims[1] / 2, v.dims[2] / 2], 12) })),
      "face.nii.gz": gz(nifti({ ...v, data: box(v.dims, 24, 24) })),
    }));
  }
  const ctDir = join(dataDir, "ibsi", "ct_phantom", "dicom");
  if (existsSync(join(ctDir, "image")) && existsSync(join(ctDir, "rtstruct", "DCM_RS_00060.dcm"))) {
    const rtstruct = join(ctDir, "rtstruct", "DCM_RS_00060.dcm");
    const ct = dicomBase(join(ctDir, "image"), "ctseries", (v) => ({
      "rs.dcm": { link: rtstruct },
      "face.nii.gz": gz(nifti({ ...v, data: box(v.dims, 16, 16) })),
    }));
    bases.ct = { ...ct, rtstruct };
  }
  return bases;
}

/** The bytes of a base file (reading a linked one). */
export const bytesOf = (entry: FileSet[string]): Uint8Array => (entry instanceof Uint8Array ? entry : new Uint8Array(readFileSync(entry.link)));
