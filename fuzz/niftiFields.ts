/**
 * Where the NIfTI-1 and NIfTI-2 header fields lie (nifti1.h, nifti2.h), and a small editor over the
 * header bytes, so mutations can lie about one field at a time.
 */
export type FieldType = "i16" | "i32" | "i64" | "f32" | "f64" | "u8";

export interface FieldSpec {
  at: number;
  type: FieldType;
  /** number of consecutive values (dim, pixdim, srow_x ...). */
  count?: number;
}

export const NIFTI1_FIELDS: Record<string, FieldSpec> = {
  sizeof_hdr: { at: 0, type: "i32" },
  dim: { at: 40, type: "i16", count: 8 },
  datatype: { at: 70, type: "i16" },
  bitpix: { at: 72, type: "i16" },
  pixdim: { at: 76, type: "f32", count: 8 },
  vox_offset: { at: 108, type: "f32" },
  scl_slope: { at: 112, type: "f32" },
  scl_inter: { at: 116, type: "f32" },
  xyzt_units: { at: 123, type: "u8" },
  qform_code: { at: 252, type: "i16" },
  sform_code: { at: 254, type: "i16" },
  quatern: { at: 256, type: "f32", count: 3 },
  qoffset: { at: 268, type: "f32", count: 3 },
  srow: { at: 280, type: "f32", count: 12 },
};

export const NIFTI2_FIELDS: Record<string, FieldSpec> = {
  sizeof_hdr: { at: 0, type: "i32" },
  datatype: { at: 12, type: "i16" },
  bitpix: { at: 14, type: "i16" },
  dim: { at: 16, type: "i64", count: 8 },
  pixdim: { at: 104, type: "f64", count: 8 },
  vox_offset: { at: 168, type: "i64" },
  scl_slope: { at: 176, type: "f64" },
  scl_inter: { at: 184, type: "f64" },
  qform_code: { at: 344, type: "i32" },
  sform_code: { at: 348, type: "i32" },
  quatern: { at: 352, type: "f64", count: 3 },
  qoffset: { at: 376, type: "f64", count: 3 },
  srow: { at: 400, type: "f64", count: 12 },
  xyzt_units: { at: 500, type: "i32" },
};

/** Byte boundaries between header fields of NIfTI-1 (truncation points of "every structural boundary"). */
export const NIFTI1_BOUNDARIES = [0, 1, 2, 4, 40, 56, 70, 72, 76, 108, 112, 120, 148, 228, 252, 256, 280, 328, 344, 347, 348, 352];

const SIZE: Record<FieldType, number> = { u8: 1, i16: 2, i32: 4, i64: 8, f32: 4, f64: 8 };

/** Sets value(s) of a header field in place. */
export function setField(bytes: Uint8Array, field: FieldSpec, values: number | number[], littleEndian = true, index = 0): void {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const list = Array.isArray(values) ? values : [values];
  list.forEach((x, n) => {
    const at = field.at + SIZE[field.type] * (index + n);
    switch (field.type) {
      case "u8": v.setUint8(at, x); break;
      case "i16": v.setInt16(at, x, littleEndian); break;
      case "i32": v.setInt32(at, x, littleEndian); break;
      case "i64": v.setBigInt64(at, BigInt(Math.trunc(x)), littleEndian); break;
      case "f32": v.setFloat32(at, x, littleEndian); break;
      case "f64": v.setFloat64(at, x, littleEndian); break;
    }
  });
}

export function getField(bytes: Uint8Array, field: FieldSpec, littleEndian = true, index = 0): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = field.at + SIZE[field.type] * index;
  switch (field.type) {
    case "u8": return v.getUint8(at);
    case "i16": return v.getInt16(at, littleEndian);
    case "i32": return v.getInt32(at, littleEndian);
    case "i64": return Number(v.getBigInt64(at, littleEndian));
    case "f32": return v.getFloat32(at, littleEndian);
    case "f64": return v.getFloat64(at, littleEndian);
  }
}

/** A copy of the bytes with one field changed. */
export function withField(bytes: Uint8Array, field: FieldSpec, values: number | number[], index = 0): Uint8Array {
  const out = bytes.slice();
  setField(out, field, values, true, index);
  return out;
}

/**
 * The same little-endian NIfTI-1 file as NIfTI-2 (540-byte header, 64-bit dims, float64 geometry):
 * an equivalent file for the readers.
 */
export function toNifti2(n1: Uint8Array): Uint8Array {
  const voxels = n1.subarray(352);
  const out = new Uint8Array(544 + voxels.length);
  const f1 = NIFTI1_FIELDS;
  const f2 = NIFTI2_FIELDS;
  setField(out, f2.sizeof_hdr, 540);
  out.set([0x6e, 0x2b, 0x32, 0x00, 0x0d, 0x0a, 0x1a, 0x0a], 4); // "n+2\0\r\n\032\n"
  for (const name of ["datatype", "bitpix", "qform_code", "sform_code", "xyzt_units"]) setField(out, f2[name], getField(n1, f1[name]));
  for (const name of ["dim", "pixdim", "quatern", "qoffset", "srow"]) {
    const count = f1[name].count ?? 1;
    for (let n = 0; n < count; n++) setField(out, f2[name], getField(n1, f1[name], true, n), true, n);
  }
  setField(out, f2.vox_offset, 544);
  setField(out, f2.scl_slope, getField(n1, f1.scl_slope));
  setField(out, f2.scl_inter, getField(n1, f1.scl_inter));
  out.set(voxels, 544);
  return out;
}

/** The whole file in big-endian byte order (header fields and voxels of `bytesPerVoxel` bytes). */
export function toBigEndianNifti1(n1: Uint8Array, bytesPerVoxel: number): Uint8Array {
  const out = n1.slice();
  const swap = (at: number, size: number) => out.subarray(at, at + size).reverse();
  for (const spec of Object.values(NIFTI1_FIELDS)) {
    const size = SIZE[spec.type];
    for (let n = 0; n < (spec.count ?? 1); n++) if (size > 1) swap(spec.at + size * n, size);
  }
  // the fields the table does not list but a reader might check: none of deface-impact's business
  if (bytesPerVoxel > 1) for (let at = 352; at + bytesPerVoxel <= out.length; at += bytesPerVoxel) swap(at, bytesPerVoxel);
  return out;
}
