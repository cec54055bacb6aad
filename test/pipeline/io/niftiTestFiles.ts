import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { VoxelArray } from "../../../analysis/core/volume.js";

/** A fresh temporary folder for one test file's outputs. */
export const makeTempDir = (): string => mkdtempSync(join(tmpdir(), "deface-impact-io-"));

/** Header fields for hand-built NIfTI test files; anything omitted gets a plain default. */
export interface TestNiftiSpec {
  version?: 1 | 2;
  littleEndian?: boolean;
  dim: number[]; // dim[0..7]
  datatypeCode: number;
  bitpix: number;
  data: VoxelArray | Uint8Array; // raw voxel values; written in the chosen byte order
  pixdim?: number[];
  voxOffset?: number;
  sclSlope?: number;
  sclInter?: number;
  qformCode?: number;
  sformCode?: number;
  quatern?: number[];
  qoffset?: number[];
  srow?: number[];
  magic?: string;
  xyztUnits?: number;
}

/**
 * Builds NIfTI-1 or NIfTI-2 single-file bytes independently of the production writer (which only
 * writes little-endian NIfTI-1), so the reader is tested against the layouts of nifti1.h/nifti2.h.
 */
export function buildNifti(s: TestNiftiSpec): Uint8Array {
  const version = s.version ?? 1;
  const le = s.littleEndian ?? true;
  const hdr = version === 1 ? 348 : 540;
  const dataStart = hdr + 4;
  const bytesPer = s.bitpix / 8;
  const out = new Uint8Array(dataStart + s.data.length * bytesPer);
  const v = new DataView(out.buffer);
  const pixdim = s.pixdim ?? [1, 1, 1, 1, 1, 1, 1, 1];
  const srow = s.srow ?? [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const quatern = s.quatern ?? [0, 0, 0];
  const qoffset = s.qoffset ?? [0, 0, 0];
  const voxOffset = s.voxOffset ?? dataStart;
  const str = (at: number, text: string) => [...text].forEach((ch, n) => (out[at + n] = ch.charCodeAt(0)));
  v.setInt32(0, hdr, le);
  if (version === 1) {
    s.dim.forEach((d, n) => v.setInt16(40 + 2 * n, d, le));
    v.setInt16(70, s.datatypeCode, le);
    v.setInt16(72, s.bitpix, le);
    pixdim.forEach((p, n) => v.setFloat32(76 + 4 * n, p, le));
    v.setFloat32(108, voxOffset, le);
    v.setFloat32(112, s.sclSlope ?? 0, le);
    v.setFloat32(116, s.sclInter ?? 0, le);
    v.setInt16(252, s.qformCode ?? 0, le);
    v.setInt16(254, s.sformCode ?? 0, le);
    quatern.forEach((x, n) => v.setFloat32(256 + 4 * n, x, le));
    qoffset.forEach((x, n) => v.setFloat32(268 + 4 * n, x, le));
    srow.forEach((x, n) => v.setFloat32(280 + 4 * n, x, le));
    out[123] = s.xyztUnits ?? 0;
    str(344, s.magic ?? "n+1\0");
  } else {
    str(4, s.magic ?? "n+2\0\r\n\x1a\n");
    v.setInt16(12, s.datatypeCode, le);
    v.setInt16(14, s.bitpix, le);
    s.dim.forEach((d, n) => v.setBigInt64(16 + 8 * n, BigInt(d), le));
    pixdim.forEach((p, n) => v.setFloat64(104 + 8 * n, p, le));
    v.setBigInt64(168, BigInt(voxOffset), le);
    v.setFloat64(176, s.sclSlope ?? 0, le);
    v.setFloat64(184, s.sclInter ?? 0, le);
    v.setInt32(344, s.qformCode ?? 0, le);
    v.setInt32(348, s.sformCode ?? 0, le);
    quatern.forEach((x, n) => v.setFloat64(352 + 8 * n, x, le));
    qoffset.forEach((x, n) => v.setFloat64(376 + 8 * n, x, le));
    srow.forEach((x, n) => v.setFloat64(400 + 8 * n, x, le));
    v.setInt32(500, s.xyztUnits ?? 0, le);
  }
  // voxels in the requested byte order
  const src = s.data;
  for (let n = 0; n < src.length; n++) {
    const at = dataStart + n * bytesPer;
    const x = src[n];
    switch (s.datatypeCode) {
      case 2: v.setUint8(at, x); break;
      case 256: v.setInt8(at, x); break;
      case 4: v.setInt16(at, x, le); break;
      case 512: v.setUint16(at, x, le); break;
      case 8: v.setInt32(at, x, le); break;
      case 768: v.setUint32(at, x, le); break;
      case 16: v.setFloat32(at, x, le); break;
      case 64: v.setFloat64(at, x, le); break;
      default: v.setUint8(at, x);
    }
  }
  return out;
}
