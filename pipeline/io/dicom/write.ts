import { ensureDir } from "../ensureDir.js";
import { join } from "node:path";
import type { DicomDataDict, DicomElement } from "dcmjs";
import { inputError } from "../../../analysis/core/errors.js";
import { assertSameGrid, type Volume } from "../../../analysis/core/volume.js";
import { createDeidContext, deidentifyDataset, DeidRecord, markDeidentified } from "./deidentify.js";
import { dot, lpsPositionOfSlice, sliceNormal } from "./geometry.js";
import { writeFileAtomic } from "../atomicWrite.js";
import { writePart10 } from "./part10.js";
import type { DeidOptions, DicomSource } from "./types.js";
import { remapUid } from "./uidRemap.js";

/** Our implementation class UID: "2.25." + a fixed 128-bit number (no registered root needed). */
const IMPLEMENTATION_CLASS_UID = "2.25.247716352519383215425153924158409396455";
const EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";

export interface WrittenSeries {
  files: string[];
  warnings: string[];
  /** which attributes were removed, emptied, replaced, remapped, shifted, cleaned or kept, and what was added. */
  deidentification: ReturnType<DeidRecord["report"]> & { added: string[] };
}

const element = (vr: string, Value: unknown[]): DicomElement => ({ vr, Value });

/** How voxel values are stored: 16-bit integers with a linear rescale back to the values. */
interface Encoding {
  signed: boolean;
  slope: number;
  intercept: number;
}

/** Integral values within 16 bits are stored as they are (exact); others are quantised linearly. */
function chooseEncoding(data: ArrayLike<number>, warnings: string[]): Encoding {
  let lo = Infinity;
  let hi = -Infinity;
  let integral = true;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (integral && !Number.isInteger(v)) integral = false;
  }
  if (!Number.isFinite(lo)) lo = hi = 0;
  if (integral && lo >= 0 && hi <= 65535) return { signed: false, slope: 1, intercept: 0 };
  if (integral && lo >= -32768 && hi <= 32767) return { signed: true, slope: 1, intercept: 0 };
  const slope = hi > lo ? (hi - lo) / 65535 : 1;
  warnings.push(`voxel values (${lo} to ${hi}) are not 16-bit integers: stored with RescaleSlope ${slope} (quantised)`);
  return { signed: false, slope, intercept: lo };
}

function encodeSlice(data: ArrayLike<number>, offset: number, count: number, enc: Encoding): ArrayBuffer {
  const out = enc.signed ? new Int16Array(count) : new Uint16Array(count);
  for (let p = 0; p < count; p++) out[p] = Math.round((data[offset + p] - enc.intercept) / enc.slope);
  return out.buffer;
}

/** Sets the Image Pixel and rescale attributes for our 16-bit encoding. */
function setPixelAttributes(dict: DicomDataDict, enc: Encoding): void {
  dict["00280100"] = element("US", [16]); // BitsAllocated
  dict["00280101"] = element("US", [16]); // BitsStored
  dict["00280102"] = element("US", [15]); // HighBit
  dict["00280103"] = element("US", [enc.signed ? 1 : 0]); // PixelRepresentation
  // Smallest/largest pixel values and padding values no longer describe the new pixels.
  for (const t of ["00280106", "00280107", "00280108", "00280109", "00280120", "00280121"]) delete dict[t];
  const hadRescale = dict["00281053"] !== undefined || dict["00281052"] !== undefined;
  if (hadRescale || enc.slope !== 1 || enc.intercept !== 0) {
    dict["00281053"] = element("DS", [enc.slope]);
    dict["00281052"] = element("DS", [enc.intercept]);
  }
  // Enhanced images carry the rescale inside the functional groups.
  for (const seqTag of ["52009229", "52009230"]) {
    for (const item of (dict[seqTag]?.Value ?? []) as DicomDataDict[]) {
      for (const pvt of (item["00289145"]?.Value ?? []) as DicomDataDict[]) {
        pvt["00281053"] = element("DS", [enc.slope]);
        pvt["00281052"] = element("DS", [enc.intercept]);
      }
    }
  }
}

/**
 * Writes a defaced volume as a DICOM series with the geometry and slices of the series it was read
 * from, de-identified by the PS3.15 Annex E Basic Profile and the chosen options. UIDs are remapped
 * with HMAC-SHA-256 under `deid.key`, so the same key always gives the same new UIDs. Returns the
 * files written (IM00001.dcm, ... in slice order, or one file for an enhanced multi-frame source).
 */
export function writeDefacedSeries(
  source: DicomSource,
  defaced: Volume,
  outDir: string,
  deid: DeidOptions & { faceRemoved: boolean },
): WrittenSeries {
  assertSameGrid(source.grid, defaced, "the defaced volume", "the DICOM series");
  const warnings: string[] = [];
  const [nx, ny, nz] = defaced.dims;
  const plane = nx * ny;
  const enc = chooseEncoding(defaced.data, warnings);
  ensureDir(outDir);
  // One context for the whole series: the same patient, so one date shift and one pseudonym.
  const record = new DeidRecord();
  const ctx = { ...createDeidContext(source.slices[0].dict, deid), record };
  const report = () => ({ ...record.report(), added: addedAttributes(deid) });
  const files: string[] = [];

  const finish = (dict: DicomDataDict, sopInstanceUid: string, name: string) => {
    markDeidentified(dict, deid, deid.faceRemoved);
    if (deid.faceRemoved) {
      dict["00280302"] = element("CS", ["NO"]); // RecognizableVisualFeatures
      dict["00082111"] = element("ST", ["Face removed (defaced) by deface-impact"]); // DerivationDescription
    }
    const sopClass = String(dict["00080016"]?.Value?.[0] ?? "");
    const meta: DicomDataDict = {
      "00020001": element("OB", [new Uint8Array([0, 1]).buffer]),
      "00020002": element("UI", [sopClass]),
      "00020003": element("UI", [sopInstanceUid]),
      "00020010": element("UI", [EXPLICIT_VR_LITTLE_ENDIAN]),
      "00020012": element("UI", [IMPLEMENTATION_CLASS_UID]),
      "00020013": element("SH", ["DEFACE_IMPACT"]),
    };
    const path = join(outDir, name);
    writeFileAtomic(path, writePart10(meta, dict));
    files.push(path);
  };

  if (source.kind === "multiframe") {
    if (source.resampled) {
      // Its per-frame functional groups describe the acquired frames, not the regular grid.
      throw inputError(
        "cannot write a resampled enhanced multi-frame image back as DICOM (its frames were unevenly spaced or tilted); use the NIfTI output",
        source.slices[0].path,
      );
    }
    const src = source.slices[0];
    const dict = deidentifyDataset(src.dict, ctx);
    // Frames go back in their original order: slice k came from frame source.slices[k].frame.
    const frames = new (enc.signed ? Int16Array : Uint16Array)(plane * nz);
    source.slices.forEach((s, k) => frames.set(new (enc.signed ? Int16Array : Uint16Array)(encodeSlice(defaced.data, k * plane, plane, enc)), s.frame * plane));
    setPixelAttributes(dict, enc);
    dict["7FE00010"] = element("OW", [frames.buffer]);
    finish(dict, String(dict["00080018"]?.Value?.[0] ?? ""), "IM00001.dcm");
    return { files, warnings, deidentification: report() };
  }

  const normal = sliceNormal((source.slices[0].dict["00200037"]?.Value ?? []).map(Number));
  for (let k = 0; k < nz; k++) {
    const src = source.slices[k];
    if (!src) throw inputError(`no source slice for slice ${k + 1}`, outDir);
    const sliceCtx = source.resampled
      ? { ...ctx, uid: (uid: string) => (uid === String(src.dict["00080018"]?.Value?.[0]) ? remapUid(deid.key, `${uid}/resampled-slice-${k}`) : ctx.uid(uid)) }
      : ctx;
    const dict = deidentifyDataset(src.dict, sliceCtx);
    if (source.resampled) {
      // A new regular grid: positions come from its affine; each slice is a new instance.
      const ipp = lpsPositionOfSlice(defaced.affine, k);
      dict["00200032"] = element("DS", ipp.map((x) => +x.toFixed(6)));
      dict["00201041"] = element("DS", [+dot(ipp, normal).toFixed(6)]);
      dict["00200013"] = element("IS", [k + 1]);
      dict["00180088"] = element("DS", [+defaced.spacing[2].toFixed(6)]);
    }
    setPixelAttributes(dict, enc);
    dict["7FE00010"] = element("OW", [encodeSlice(defaced.data, k * plane, plane, enc)]);
    finish(dict, String(dict["00080018"]?.Value?.[0] ?? ""), `IM${String(k + 1).padStart(5, "0")}.dcm`);
  }
  if (source.resampled) warnings.push(`${outDir}: written on the resampled regular grid (${nz} slices), not the original slice positions`);
  return { files, warnings, deidentification: report() };
}

/** The attributes markDeidentified and the face removal add to every output data set. */
function addedAttributes(deid: DeidOptions & { faceRemoved: boolean }): string[] {
  const added = ["DeidentificationMethod", "DeidentificationMethodCodeSequence", "LongitudinalTemporalInformationModified", "PatientIdentityRemoved"];
  if (deid.faceRemoved) added.push("DerivationDescription", "RecognizableVisualFeatures");
  return added.sort();
}
