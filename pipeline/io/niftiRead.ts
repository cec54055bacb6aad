import { NIFTI1, NIFTI2 } from "nifti-reader-js";
import { inputError } from "../../analysis/core/errors.js";
import { affineSpacing, type Affine, type Vec3, type Volume } from "../../analysis/core/volume.js";
import { assertAffine, assertAxisSizes, assertSpacing } from "./gridChecks.js";
import { assertVolumeFits } from "./memoryLimit.js";
import { gunzipBounded, readContentStart, readFileBytes, readFileStart } from "./readBytes.js";
import { applyScaling, bytesPerVoxel, decodeVoxels, type ReadVolumeOptions, type VoxelType } from "./voxelTypes.js";

/** NIfTI datatype codes deface-impact reads (nifti1.h). */
export const NIFTI_DATATYPES: Record<number, VoxelType> = {
  2: "uint8",
  4: "int16",
  8: "int32",
  16: "float32",
  64: "float64",
  256: "int8",
  512: "uint16",
  768: "uint32",
};

/** The header fields deface-impact uses, as stored (before any interpretation). */
export interface NiftiHeaderInfo {
  version: 1 | 2;
  littleEndian: boolean;
  /** dim[0..7] as stored: dim[0] is the number of dimensions. */
  dim: number[];
  datatypeCode: number;
  /** bits per voxel as stored in the header (must match the datatype). */
  bitpix: number;
  /** undefined when the datatype is not one deface-impact reads. */
  datatype: VoxelType | undefined;
  /** pixdim[0..7]; pixdim[0] is qfac. */
  pixdim: number[];
  /** vox_offset as stored (0 in some single-file images, e.g. the IBSI files). */
  voxOffset: number;
  /** where the voxels really start: vox_offset, or right after the header when vox_offset is too small. */
  dataOffset: number;
  sclSlope: number;
  sclInter: number;
  qformCode: number;
  sformCode: number;
  /** quatern_b, quatern_c, quatern_d. */
  quatern: Vec3;
  qoffset: Vec3;
  /** srow_x, srow_y, srow_z (12 numbers, row-major). */
  srow: number[];
  xyztUnits: number;
  description: string;
}

const NIFTI1_SIZE = 348;
const NIFTI2_SIZE = 540;

/**
 * Parses a NIfTI-1 or NIfTI-2 header from the (decompressed) file bytes. nifti-reader-js reads
 * the fields; we read ourselves what it gets wrong or hides: the byte order and version
 * (from sizeof_hdr), 64-bit NIfTI-2 integers, and srow, which it drops when a qform is present.
 */
export function parseNiftiHeader(bytes: Uint8Array, path: string): NiftiHeaderInfo {
  if (bytes.length < 4) throw inputError(`not a NIfTI file: only ${bytes.length} bytes`, path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = view.getInt32(0, true);
  const be = view.getInt32(0, false);
  const sizeofHdr = le === NIFTI1_SIZE || le === NIFTI2_SIZE ? le : be === NIFTI1_SIZE || be === NIFTI2_SIZE ? be : -1;
  if (sizeofHdr < 0) {
    throw inputError("not a NIfTI file (its first 4 bytes are not sizeof_hdr 348 or 540)", path);
  }
  const littleEndian = le === sizeofHdr;
  const version: 1 | 2 = sizeofHdr === NIFTI1_SIZE ? 1 : 2;
  if (bytes.length < sizeofHdr) {
    throw inputError(`truncated NIfTI-${version} header: ${bytes.length} of ${sizeofHdr} bytes`, path);
  }
  const magicAt = version === 1 ? 344 : 4;
  const magic = String.fromCharCode(bytes[magicAt], bytes[magicAt + 1], bytes[magicAt + 2]);
  const single = version === 1 ? "n+1" : "n+2";
  const pair = version === 1 ? "ni1" : "ni2";
  if (magic === pair) {
    throw inputError("NIfTI .hdr/.img pairs are not supported; convert to a single .nii or .nii.gz file", path);
  }
  if (magic !== single) {
    throw inputError(
      version === 1
        ? "no NIfTI magic 'n+1' (an ANALYZE 7.5 header or a corrupt file); convert it to NIfTI"
        : "no NIfTI-2 magic 'n+2'; the file is corrupt",
      path,
    );
  }
  // The magic is 4 bytes, NUL-terminated ("n+1 " is not NIfTI, as nibabel also says).
  if (bytes[magicAt + 3] !== 0) {
    throw inputError(`damaged NIfTI-${version} magic: byte ${magicAt + 3} is ${bytes[magicAt + 3]}, not the NUL that ends '${single}'`, path);
  }
  if (version === 2) checkNifti2EolBytes(bytes, path);

  // Only the fixed-size header goes to nifti-reader-js, so it never tries to parse extensions.
  // (a copy: Node Buffers' slice() is a view on a shared pool, so .buffer would not start at the header)
  const headerCopy = new Uint8Array(sizeofHdr);
  headerCopy.set(bytes.subarray(0, sizeofHdr));
  let h: NIFTI1 | NIFTI2;
  try {
    h = version === 1 ? new NIFTI1() : new NIFTI2();
    h.readHeader(headerCopy.buffer);
  } catch (err) {
    throw inputError(`unreadable NIfTI-${version} header (${(err as Error).message})`, path, err);
  }

  const dim = version === 1 ? h.dims.slice(0, 8) : readInt64s(view, 16, 8, littleEndian);
  const voxOffset = version === 1 ? h.vox_offset : readInt64s(view, 168, 1, littleEndian)[0];
  const srowAt = version === 1 ? 280 : 400;
  const srow: number[] = [];
  for (let n = 0; n < 12; n++) {
    srow.push(version === 1 ? view.getFloat32(srowAt + 4 * n, littleEndian) : view.getFloat64(srowAt + 8 * n, littleEndian));
  }
  // A single-file image's voxels cannot start inside the header (+4 extension bytes); writers that
  // leave vox_offset at 0 (the IBSI files) mean "right after it".
  const minOffset = sizeofHdr + 4;
  const stored = Math.floor(voxOffset);
  const dataOffset = Number.isFinite(stored) && stored >= minOffset ? stored : minOffset;

  return {
    version,
    littleEndian,
    dim,
    datatypeCode: h.datatypeCode,
    bitpix: h.numBitsPerVoxel,
    datatype: NIFTI_DATATYPES[h.datatypeCode],
    pixdim: h.pixDims.slice(0, 8),
    voxOffset,
    dataOffset,
    sclSlope: h.scl_slope,
    sclInter: h.scl_inter,
    qformCode: h.qform_code,
    sformCode: h.sform_code,
    quatern: [h.quatern_b, h.quatern_c, h.quatern_d],
    qoffset: [h.qoffset_x, h.qoffset_y, h.qoffset_z],
    srow,
    xyztUnits: h.xyzt_units,
    description: h.description,
  };
}

function readInt64s(view: DataView, at: number, count: number, littleEndian: boolean): number[] {
  const out: number[] = [];
  for (let n = 0; n < count; n++) out.push(Number(view.getBigInt64(at + 8 * n, littleEndian)));
  return out;
}

/**
 * voxel -> RAS+ mm, with nifti1.h's precedence as deface-impact applies it: the sform when
 * sform_code > 0, else the qform (quaternion) when qform_code > 0, else the pixdim diagonal.
 * The header must have passed validateNiftiGeometry (pixdim finite and non-zero).
 */
export function niftiAffine(h: NiftiHeaderInfo): Affine {
  if (h.sformCode > 0) return [...h.srow, 0, 0, 0, 1];
  const [dx, dy, dz] = [1, 2, 3].map((n) => Math.abs(h.pixdim[n]));
  if (h.qformCode > 0) return quaternionAffine(h.quatern, h.qoffset, [dx, dy, dz], h.pixdim[0] < 0 ? -1 : 1);
  return [dx, 0, 0, 0, 0, dy, 0, 0, 0, 0, dz, 0, 0, 0, 0, 1];
}

/** nifti1_io.c nifti_quatern_to_mat44: rotation from (b, c, d), a = sqrt(1 - b² - c² - d²). */
export function quaternionAffine(q: Vec3, offset: Vec3, pix: Vec3, qfac: number): Affine {
  let [b, c, d] = q;
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    // |(b,c,d)| ~ 1: a 180° rotation; renormalise as nifti1_io does
    const s = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= s;
    c *= s;
    d *= s;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  const [xd, yd] = pix;
  const zd = qfac < 0 ? -pix[2] : pix[2];
  return [
    (a * a + b * b - c * c - d * d) * xd, 2 * (b * c - a * d) * yd, 2 * (b * d + a * c) * zd, offset[0],
    2 * (b * c + a * d) * xd, (a * a + c * c - b * b - d * d) * yd, 2 * (c * d - a * b) * zd, offset[1],
    2 * (b * d - a * c) * xd, 2 * (c * d + a * b) * yd, (a * a + d * d - c * c - b * b) * zd, offset[2],
    0, 0, 0, 1,
  ];
}

/** The 3D grid size, or an input error for images deface-impact cannot use (4D, empty, absurd sizes). */
export function niftiDims(h: NiftiHeaderInfo, path: string): Vec3 {
  const ndim = h.dim[0];
  if (!(ndim >= 1 && ndim <= 7)) throw inputError(`invalid NIfTI header: dim[0] = ${ndim} (must be 1..7)`, path);
  const size = (n: number) => (n <= ndim ? h.dim[n] : 1);
  for (let n = 1; n <= ndim; n++) {
    if (!(size(n) >= 1)) throw inputError(`invalid NIfTI header: dim[${n}] = ${size(n)}`, path);
  }
  let extra = 1;
  for (let n = 4; n <= ndim; n++) extra *= size(n);
  if (extra > 1) {
    throw inputError(
      `is a ${ndim}D image (dim = ${h.dim.slice(1, ndim + 1).join("x")}); deface-impact needs one 3D volume: extract it first (e.g. fslroi or nibabel)`,
      path,
    );
  }
  const dims: Vec3 = [size(1), size(2), size(3)];
  assertAxisSizes(dims, path, "NIfTI header dim");
  return dims;
}

/** Where the voxels lie in the (decompressed) file, checked against the header before anything is allocated. */
export interface NiftiLayout {
  dims: Vec3;
  type: VoxelType;
  count: number;
  /** dataOffset + count x bytes per voxel: the decompressed size the header declares. */
  declaredBytes: number;
}

/**
 * Validates what the header says about the data: dimensions, a datatype deface-impact reads, bitpix
 * consistent with it, a vox_offset that is a finite byte position, and the scaling. Throws input
 * errors naming the field.
 */
export function niftiLayout(h: NiftiHeaderInfo, path: string): NiftiLayout {
  const dims = niftiDims(h, path);
  if (h.datatype === undefined) {
    throw inputError(
      `unsupported NIfTI datatype ${h.datatypeCode}${datatypeName(h.datatypeCode)}; supported: uint8, int8, int16, uint16, int32, uint32, float32, float64`,
      path,
    );
  }
  const bits = 8 * bytesPerVoxel(h.datatype);
  if (h.bitpix !== bits) {
    throw inputError(`invalid NIfTI header: bitpix ${h.bitpix} does not match datatype ${h.datatypeCode} (${h.datatype}, ${bits} bits)`, path);
  }
  if (!Number.isFinite(h.voxOffset) || h.voxOffset < 0) {
    throw inputError(`invalid NIfTI header: vox_offset ${h.voxOffset} is not a byte position`, path);
  }
  if (!Number.isFinite(h.sclSlope) && !Number.isNaN(h.sclSlope)) throw inputError(`invalid NIfTI header: scl_slope is ${h.sclSlope}`, path);
  if (!Number.isFinite(h.sclInter) && !Number.isNaN(h.sclInter)) throw inputError(`invalid NIfTI header: scl_inter is ${h.sclInter}`, path);
  const count = dims[0] * dims[1] * dims[2];
  return { dims, type: h.datatype, count, declaredBytes: h.dataOffset + count * bytesPerVoxel(h.datatype) };
}

/**
 * The voxel size in mm (pixdim[1..3] x the unit) and the affine, validated: pixdim of every axis the
 * image has must be finite and non-zero (an axis beyond dim[0], e.g. z of a 2D image, takes 1 when
 * unset), the quaternion must be a rotation, and the affine finite and invertible. Faults are
 * reported as faults of this file's header.
 */
export function niftiGeometry(h: NiftiHeaderInfo, path: string): { spacing: Vec3; affine: Affine } {
  const unit = UNIT_TO_MM[h.xyztUnits & 7] ?? 1;
  const pix = [1, 2, 3].map((n) => {
    const p = h.pixdim[n];
    if (n > h.dim[0] && !(Number.isFinite(p) && p !== 0)) return 1;
    return Math.abs(p);
  }) as Vec3;
  const spacing = pix.map((p) => p * unit) as Vec3;
  assertSpacing(spacing, path, unit === 1 ? "NIfTI pixdim" : "NIfTI pixdim (in xyzt_units)");
  if (h.qformCode > 0) {
    const q = [...h.quatern, ...h.qoffset];
    if (q.some((x) => !Number.isFinite(x)) || h.quatern[0] ** 2 + h.quatern[1] ** 2 + h.quatern[2] ** 2 > 1 + 1e-5) {
      throw inputError(`invalid NIfTI qform: quatern_b/c/d ${h.quatern.join(", ")} and qoffset ${h.qoffset.join(", ")} are not a rotation and a position`, path);
    }
  }
  let affine = niftiAffine({ ...h, pixdim: [h.pixdim[0], ...pix, ...h.pixdim.slice(4)] });
  const field = h.sformCode > 0 ? "NIfTI sform (srow_x/y/z)" : h.qformCode > 0 ? "NIfTI qform" : "NIfTI pixdim";
  assertAffine(affine, path, field);
  if (h.sformCode > 0) {
    // the sform's voxel axes and pixdim describe the same voxels: a disagreement means one of them lies
    const axes = affineSpacing(affine);
    const n = axes.findIndex((a, i) => Math.abs(a - pix[i]) > 1e-3 * Math.max(a, pix[i]));
    if (n >= 0) {
      throw inputError(
        `inconsistent NIfTI header: pixdim[${n + 1}] = ${pix[n]} but the sform's voxel axis ${n + 1} is ${+axes[n].toPrecision(6)} long; fix pixdim or the sform`,
        path,
      );
    }
  }
  // world coordinates are millimetres: files that declare metres or micrometres are converted
  affine = affine.map((x, n) => (n < 12 ? x * unit : x));
  return { spacing, affine };
}

/** Decodes a whole NIfTI file (already decompressed) into a Volume. */
export function decodeNifti(bytes: Uint8Array, path: string, opts: ReadVolumeOptions = {}): Volume {
  const h = parseNiftiHeader(bytes, path);
  return decodeNiftiData(h, niftiLayout(h, path), bytes, path, opts);
}

function decodeNiftiData(h: NiftiHeaderInfo, layout: NiftiLayout, bytes: Uint8Array, path: string, opts: ReadVolumeOptions): Volume {
  const { dims, type, count, declaredBytes } = layout;
  const { spacing, affine } = niftiGeometry(h, path);
  if (bytes.length < declaredBytes) {
    throw inputError(
      `truncated: the header promises ${count} ${type} voxels from byte ${h.dataOffset} (${declaredBytes} bytes), the file holds ${bytes.length}`,
      path,
    );
  }
  const shared = opts.shared ?? false;
  const scaled = Number.isFinite(h.sclSlope) && h.sclSlope !== 0 && !(h.sclSlope === 1 && (h.sclInter === 0 || !Number.isFinite(h.sclInter)));
  let data = decodeVoxels(bytes, h.dataOffset, count, type, h.littleEndian, shared && !scaled);
  // scl_slope 0 or NaN means "no scaling" (nifti1.h); (1, 0) is the identity.
  if (scaled) data = applyScaling(data, h.sclSlope, Number.isFinite(h.sclInter) ? h.sclInter : 0, shared);
  return { data, dims, spacing, affine };
}

/** NIFTI_UNITS_METER 1, NIFTI_UNITS_MM 2, NIFTI_UNITS_MICRON 3 (0: unknown, taken as mm). */
const UNIT_TO_MM: Record<number, number> = { 1: 1000, 2: 1, 3: 0.001 };

const DATATYPE_NAMES: Record<number, string> = {
  1: "binary", 32: "complex64", 128: "rgb24", 1024: "int64", 1280: "uint64", 1536: "float128",
  1792: "complex128", 2048: "complex256", 2304: "rgba32",
};
const datatypeName = (code: number): string => (DATATYPE_NAMES[code] ? ` (${DATATYPE_NAMES[code]})` : "");

/**
 * Reads a .nii or .nii.gz file (gzip detected from the content) as a 3D Volume. The header is read
 * and validated first; then the memory guard; then exactly the bytes it declares: an uncompressed
 * file shorter than that is truncated, a gzip stream is inflated up to that size and no further.
 */
export function readNifti(path: string, opts: ReadVolumeOptions = {}): Volume {
  const start = readContentStart(path, NIFTI2_SIZE);
  const h = parseNiftiHeader(start.bytes, path);
  const layout = niftiLayout(h, path);
  niftiGeometry(h, path);
  if (!start.gzip && start.fileSize < layout.declaredBytes) {
    throw inputError(
      `truncated: the header promises ${layout.count} ${layout.type} voxels from byte ${h.dataOffset} (${layout.declaredBytes} bytes), the file holds ${start.fileSize}`,
      path,
    );
  }
  const held = layout.declaredBytes + (start.gzip ? start.fileSize : 0);
  assertVolumeFits(path, `this ${layout.dims.join("x")} ${layout.type} image`, layout.count, bytesPerVoxel(layout.type), held);
  const bytes = start.gzip
    ? gunzipBounded(readFileBytes(path), layout.declaredBytes, path, "gzip stream")
    : readFileStart(path, layout.declaredBytes);
  return decodeNiftiData(h, layout, bytes, path, opts);
}

/** Reads only the header (the start of the file, inflated as far as needed): fast even for large .nii.gz files. */
export function readNiftiHeaderInfo(path: string): NiftiHeaderInfo {
  return parseNiftiHeader(readContentStart(path, NIFTI2_SIZE).bytes, path);
}

/**
 * NIfTI-2 follows its magic with "\r\n\x1a\n" so that a text-mode transfer, which rewrites line
 * ends, is caught. All zero is accepted (some writers leave it unset; nibabel does the same).
 */
function checkNifti2EolBytes(bytes: Uint8Array, path: string): void {
  const eol = Array.from(bytes.subarray(8, 12));
  const expected = [0x0d, 0x0a, 0x1a, 0x0a];
  if (eol.every((b) => b === 0) || eol.every((b, i) => b === expected[i])) return;
  throw inputError(
    `damaged NIfTI-2 header: the end-of-line check after the magic is ${eol.join(" ")}, not 13 10 26 10 (was the file transferred as text?)`,
    path,
  );
}
