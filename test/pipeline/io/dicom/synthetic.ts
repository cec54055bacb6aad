// Builds small synthetic DICOM series with dcmjs for the tests (no real data needed).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { denaturalize, writePart10 } from "../../../../pipeline/io/dicom/part10.js";

export type Vec3 = [number, number, number];

export interface SeriesSpec {
  nx: number;
  ny: number;
  /** slice positions along the normal, mm (any order). */
  positions: number[];
  iop?: number[];
  pixelSpacing?: [number, number];
  origin?: Vec3;
  /** in-plane drift per mm along the normal (LPS vector), to simulate gantry tilt. */
  shear?: Vec3;
  /** stored value at pixel (i, j) of slice with position index k. */
  stored: (i: number, j: number, k: number) => number;
  signed?: boolean;
  bitsStored?: number;
  slope?: number;
  intercept?: number;
  seriesUid?: string;
  instanceNumbers?: number[];
  /** extra attributes for every slice (identifying values, private tags...). */
  extra?: Record<string, unknown>;
  transferSyntax?: string;
  /** file name of slice k; default a shuffled name that does not follow the order. */
  fileName?: (k: number) => string;
}

export const normalOf = (iop: number[]): Vec3 => {
  const r = iop.slice(0, 3);
  const c = iop.slice(3, 6);
  return [r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]];
};

/** IPP of the slice at position t along the normal. */
export function ippOf(spec: SeriesSpec, t: number): Vec3 {
  const n = normalOf(spec.iop ?? [1, 0, 0, 0, 1, 0]);
  const o = spec.origin ?? [-10, -20, 30];
  const s = spec.shear ?? [0, 0, 0];
  return [o[0] + t * n[0] + t * s[0], o[1] + t * n[1] + t * s[1], o[2] + t * n[2] + t * s[2]];
}

export function writeDataset(path: string, ds: Record<string, any>, transferSyntax = "1.2.840.10008.1.2.1"): void {
  const meta = denaturalize({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: ds.SOPClassUID,
    MediaStorageSOPInstanceUID: ds.SOPInstanceUID,
    TransferSyntaxUID: transferSyntax,
    ImplementationClassUID: "2.25.1",
  });
  const dict = denaturalize(ds);
  // dcmjs drops what its dictionary does not know (private tags): those are given as 8-digit hex keys with their VR in _vrMap
  for (const [key, value] of Object.entries(ds)) {
    if (/^[0-9A-F]{8}$/i.test(key)) dict[key.toUpperCase()] = { vr: ds._vrMap?.[key] ?? "UN", Value: Array.isArray(value) ? value : [value] };
  }
  // dcmjs needs the pixel VR spelled out for our typed buffers.
  if (dict["7FE00010"]) dict["7FE00010"].vr = "OW";
  writeFileSync(path, writePart10(meta, dict));
}

export function pixelBuffer(spec: SeriesSpec, k: number): ArrayBuffer {
  const arr = spec.signed ? new Int16Array(spec.nx * spec.ny) : new Uint16Array(spec.nx * spec.ny);
  for (let j = 0; j < spec.ny; j++) for (let i = 0; i < spec.nx; i++) arr[i + spec.nx * j] = spec.stored(i, j, k);
  return arr.buffer;
}

/** Writes the series into `dir`; returns the written paths in slice (position) order. */
export function writeSeries(dir: string, spec: SeriesSpec): string[] {
  mkdirSync(dir, { recursive: true });
  const iop = spec.iop ?? [1, 0, 0, 0, 1, 0];
  const seriesUid = spec.seriesUid ?? "1.2.826.0.1.3680043.2.1125.100";
  const paths: string[] = [];
  spec.positions.forEach((t, k) => {
    const ds: Record<string, any> = {
      SOPClassUID: "1.2.840.10008.5.1.4.1.1.2",
      SOPInstanceUID: `${seriesUid}.${k + 1}`,
      StudyInstanceUID: "1.2.826.0.1.3680043.2.1125.7",
      SeriesInstanceUID: seriesUid,
      FrameOfReferenceUID: "1.2.826.0.1.3680043.2.1125.8",
      Modality: "CT",
      InstanceNumber: spec.instanceNumbers ? spec.instanceNumbers[k] : k + 1,
      ImagePositionPatient: ippOf(spec, t),
      ImageOrientationPatient: iop,
      PixelSpacing: spec.pixelSpacing ?? [0.5, 0.75],
      SliceThickness: 2,
      Rows: spec.ny,
      Columns: spec.nx,
      SamplesPerPixel: 1,
      PhotometricInterpretation: "MONOCHROME2",
      BitsAllocated: 16,
      BitsStored: spec.bitsStored ?? 16,
      HighBit: (spec.bitsStored ?? 16) - 1,
      PixelRepresentation: spec.signed ? 1 : 0,
      RescaleSlope: spec.slope ?? 1,
      RescaleIntercept: spec.intercept ?? 0,
      ...spec.extra,
      PixelData: pixelBuffer(spec, k),
      _vrMap: { PixelData: "OW", ...(spec.extra?._vrMap as Record<string, string> | undefined) },
    };
    // File names deliberately scrambled so that sorting by name would be wrong.
    const name = spec.fileName ? spec.fileName(k) : `f${((k * 7 + 3) % 101).toString().padStart(3, "0")}_${spec.positions.length - k}.dcm`;
    const path = join(dir, name);
    writeDataset(path, ds, spec.transferSyntax);
    paths.push(path);
  });
  return paths;
}
