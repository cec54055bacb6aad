import { statSync } from "node:fs";
import { inputError } from "../../analysis/core/errors.js";
import { timeStage } from "../../analysis/core/stageTimes.js";
import { assertSameGrid, toShared, type Grid, type Mask, type Volume } from "../../analysis/core/volume.js";
import { readDicomSeries } from "./dicom/readSeries.js";
import { listRtstructRois, rasteriseRtstruct } from "./dicom/rtstruct.js";
import { readNifti } from "./niftiRead.js";
import { readNrrd } from "./nrrdRead.js";
import { assertMaskAvoidsNonFinite, replaceNonFinite } from "./nonFiniteVoxels.js";
import { readFileStart } from "./readBytes.js";
import type { ReadVolumeOptions as VoxelReadOptions } from "./voxelTypes.js";

export interface ReadVolumeOptions extends VoxelReadOptions {
  /** DICOM: the SeriesInstanceUID to read when a folder holds several series. */
  series?: string;
  /** DICOM reader warnings (skipped files, resampling) are appended here; printed to stderr when absent. */
  warnings?: string[];
  /** DICOM: filled with the acquisition attributes features depend on (Modality, KVP, EchoTime, ...). */
  metadata?: Record<string, unknown>;
  /** keep NaN and infinite voxels as they are (a format conversion); otherwise see nonFiniteVoxels.ts. */
  keepNonFinite?: boolean;
}

/**
 * Reads an image in any supported format: NIfTI (.nii, .nii.gz, NIfTI-1 or -2), NRRD (.nrrd,
 * .nhdr), a DICOM series (a folder) or a DICOM file (e.g. enhanced multi-frame). The format is
 * recognised from the first bytes (NRRD magic, DICM marker, gzip, NIfTI sizeof_hdr), so a
 * misnamed file still reads; the extension only breaks ties.
 */
export function readVolume(path: string, opts: ReadVolumeOptions = {}): Volume {
  return timeStage("read", () => {
    const volume = readStoredVolume(path, opts);
    const warning = opts.keepNonFinite ? undefined : replaceNonFinite(volume, path);
    if (warning) report(warning, opts);
    return volume;
  });
}

const report = (warning: string, opts: ReadVolumeOptions) => {
  if (opts.warnings) opts.warnings.push(warning);
  else process.stderr.write(`deface-impact: warning: ${warning}\n`);
};

/** The volume with its values as stored (NaN and infinity included). */
function readStoredVolume(path: string, opts: ReadVolumeOptions): Volume {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw inputError(code === "ENOENT" ? "file not found" : `cannot read the file (${code})`, path, err);
  }
  const head = isDir ? new Uint8Array(0) : readFileStart(path, 132);
  if (isDir || isDicom(head)) {
    const result = readDicomSeries(path, { series: opts.series });
    if (opts.metadata) Object.assign(opts.metadata, result.metadata);
    for (const w of result.warnings) report(w, opts);
    return opts.shared ? { ...result.volume, data: toShared(result.volume.data) } : result.volume;
  }
  if (startsWith(head, "NRRD")) return readNrrd(path, opts);
  const lower = path.toLowerCase();
  if (lower.endsWith(".nrrd") || lower.endsWith(".nhdr")) return readNrrd(path, opts); // reports the bad magic
  // gzip or anything else: NIfTI reports a clear error if it is not NIfTI either
  return readNifti(path, opts);
}

/** True when `path` is a folder (read as a DICOM series) or a DICOM Part 10 file. */
export function isDicomInput(path: string): boolean {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return false;
  return st.isDirectory() || isDicom(readFileStart(path, 132));
}

const isDicom = (head: Uint8Array): boolean =>
  head.length >= 132 && head[128] === 0x44 && head[129] === 0x49 && head[130] === 0x43 && head[131] === 0x4d;

const startsWith = (bytes: Uint8Array, text: string): boolean =>
  bytes.length >= text.length && [...text].every((ch, n) => bytes[n] === ch.charCodeAt(0));

export interface ReadMaskOptions {
  /** accept values in [0, 1] (e.g. a resampled or soft mask) and keep voxels >= 0.5. */
  allowProbabilistic?: boolean;
  /** how the reference grid is named in errors (default "the image"). */
  referenceName?: string;
  /** for a DICOM RTSTRUCT file: the ROI (structure) to rasterise onto the reference grid. */
  roiName?: string;
  /** a label map: the ROI is the voxels holding this value (PyRadiomics' `label`); others are outside. */
  label?: number;
}

/**
 * Reads a mask file that must lie on `reference`'s grid and hold only 0 and 1 (any stored type).
 * With allowProbabilistic, values in [0, 1] are thresholded at 0.5 instead.
 */
export function readMask(path: string, reference: Grid, opts: ReadMaskOptions = {}): Mask {
  return timeStage("read", () => readAnyMask(path, reference, opts));
}

function readAnyMask(path: string, reference: Grid, opts: ReadMaskOptions): Mask {
  if (isDicom(readFileStart(path, 132))) {
    if (opts.roiName === undefined) {
      const names = listRtstructRois(path).map((r) => `"${r.name}"`).join(", ");
      throw inputError(`a DICOM RTSTRUCT needs --roi-name to choose a structure: ${names || "(none)"}`, path);
    }
    const mask = rasteriseRtstruct(path, opts.roiName, reference);
    if ("data" in reference) assertMaskAvoidsNonFinite(reference as Volume, mask, path);
    return mask;
  }
  const volume = readStoredVolume(path, {});
  assertSameGrid(reference, volume, path, opts.referenceName);
  if (opts.label !== undefined) return selectLabel(volume.data, opts.label, path);
  const values = volume.data;
  const mask = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === 0 || v === 1) {
      mask[i] = v;
    } else if (opts.allowProbabilistic && v >= 0 && v <= 1) {
      mask[i] = v >= 0.5 ? 1 : 0;
    } else {
      const expected = opts.allowProbabilistic ? "values between 0 and 1" : "only 0 and 1";
      const hint = opts.allowProbabilistic ? "" : " (a label map? choose its label with --roi-label N; a soft mask? threshold it first)";
      throw inputError(`mask is not binary: voxel ${i} holds ${v}, expected ${expected}${hint}`, path);
    }
  }
  if ("data" in reference) assertMaskAvoidsNonFinite(reference as Volume, mask, path);
  return mask;
}

/** The voxels of a label map holding `label`; a label that does not occur is an error listing those that do. */
function selectLabel(values: ArrayLike<number>, label: number, path: string): Mask {
  const mask = new Uint8Array(values.length);
  let found = 0;
  const present = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === label) {
      mask[i] = 1;
      found++;
    } else if (v !== 0 && present.size < 20) present.add(v);
  }
  if (found === 0) {
    const others = [...present].sort((a, b) => a - b);
    throw inputError(`label ${label} does not occur in the label map (labels present: ${others.length ? others.join(", ") : "none"})`, path);
  }
  return mask;
}
