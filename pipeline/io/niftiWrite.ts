import { gzipSync } from "node:zlib";
import { DefaceImpactError } from "../../analysis/core/errors.js";
import { voxelCount, type Affine, type Vec3, type Volume } from "../../analysis/core/volume.js";
import { writeFileAtomic } from "./atomicWrite.js";
import { bytesPerVoxel, encodeVoxelsLittleEndian, voxelTypeOf, type VoxelType } from "./voxelTypes.js";

export interface WriteNiftiOptions {
  /** gzip the file; default: when the path ends in .gz. */
  gzip?: boolean;
  /** NIfTI xform codes to store (default 1, scanner anatomical), e.g. to keep a file's MNI code 4. */
  sformCode?: number;
  qformCode?: number;
  /** descrip field (up to 79 characters). */
  description?: string;
}

const DATATYPE_CODES: Record<VoxelType, number> = {
  uint8: 2, int16: 4, int32: 8, float32: 16, float64: 64, int8: 256, uint16: 512, uint32: 768,
};

const HEADER_SIZE = 348;
const VOX_OFFSET = 352; // header + 4 zero extension bytes

/**
 * Writes a 3D Volume as a single-file NIfTI-1 image (little-endian, .nii or .nii.gz), atomically.
 * The geometry is written twice: the sform holds the affine exactly (as float32), the qform its
 * rigid part (quaternion + qfac + pixdim), so readers that prefer either agree.
 */
export function writeNifti(path: string, volume: Volume, opts: WriteNiftiOptions = {}): void {
  const bytes = encodeNifti(volume, opts);
  const gzip = opts.gzip ?? path.toLowerCase().endsWith(".gz");
  writeFileAtomic(path, gzip ? gzipSync(bytes, { level: 6 }) : bytes);
}

/** The uncompressed bytes of a NIfTI-1 single file (header, 4 extension bytes, voxels). */
export function encodeNifti(volume: Volume, opts: WriteNiftiOptions = {}): Uint8Array {
  const { dims, spacing, affine, data } = volume;
  if (data.length !== voxelCount(volume)) {
    throw new DefaceImpactError("internal", `writeNifti: ${data.length} voxels do not fill a ${dims.join("x")} grid`);
  }
  if (dims.some((d) => !Number.isInteger(d) || d < 1 || d > 32767)) {
    throw new DefaceImpactError("internal", `writeNifti: dimensions ${dims.join("x")} do not fit NIfTI-1 (1..32767)`);
  }
  const type = voxelTypeOf(data);
  const voxels = encodeVoxelsLittleEndian(data);
  const out = new Uint8Array(VOX_OFFSET + voxels.byteLength);
  const v = new DataView(out.buffer);
  const le = true;
  v.setInt32(0, HEADER_SIZE, le);
  out[38] = 0x72; // regular = 'r' (ANALYZE legacy field)
  const dim = [3, dims[0], dims[1], dims[2], 1, 1, 1, 1];
  dim.forEach((d, n) => v.setInt16(40 + 2 * n, d, le));
  v.setInt16(70, DATATYPE_CODES[type], le);
  v.setInt16(72, 8 * bytesPerVoxel(type), le);

  const q = affineToQuaternion(affine);
  const pixdim = [q.qfac, spacing[0], spacing[1], spacing[2], 1, 1, 1, 1];
  pixdim.forEach((p, n) => v.setFloat32(76 + 4 * n, p, le));
  v.setFloat32(108, VOX_OFFSET, le);
  v.setFloat32(112, 1, le); // scl_slope 1, scl_inter 0: values are stored as they are
  v.setFloat32(116, 0, le);
  out[123] = 2; // xyzt_units: millimetres
  writeString(out, 148, 80, opts.description ?? "deface-impact");
  v.setInt16(252, opts.qformCode ?? 1, le);
  v.setInt16(254, opts.sformCode ?? 1, le);
  q.bcd.forEach((x, n) => v.setFloat32(256 + 4 * n, x, le));
  [affine[3], affine[7], affine[11]].forEach((x, n) => v.setFloat32(268 + 4 * n, x, le));
  for (let n = 0; n < 12; n++) v.setFloat32(280 + 4 * n, affine[n], le);
  writeString(out, 344, 4, "n+1");
  out.set(voxels, VOX_OFFSET);
  return out;
}

function writeString(out: Uint8Array, at: number, size: number, text: string): void {
  for (let n = 0; n < Math.min(text.length, size - 1); n++) out[at + n] = text.charCodeAt(n) & 0x7f;
}

/**
 * nifti1_io.c nifti_mat44_to_quatern: the rotation part of the affine (columns normalised, made
 * orthogonal by polar decomposition) as a quaternion (b, c, d) with a >= 0, and qfac = -1 when
 * the axes are left-handed (then the third column is flipped before the conversion).
 */
export function affineToQuaternion(affine: Affine): { bcd: Vec3; qfac: 1 | -1 } {
  // columns of the 3x3 part, normalised; a zero column becomes the matching unit axis
  const r = [0, 1, 2].map((c) => {
    const col = [affine[c], affine[4 + c], affine[8 + c]];
    const len = Math.hypot(col[0], col[1], col[2]);
    return len > 0 ? col.map((x) => x / len) : [0, 1, 2].map((i) => (i === c ? 1 : 0));
  });
  // r[c][i] = column c, row i. Work in row-major m[i][j].
  let m = [0, 1, 2].map((i) => [0, 1, 2].map((j) => r[j][i]));
  m = polarOrthogonal(m);
  let qfac: 1 | -1 = 1;
  if (det3(m) < 0) {
    qfac = -1;
    for (let i = 0; i < 3; i++) m[i][2] = -m[i][2];
  }
  const [[r11, r12, r13], [r21, r22, r23], [r31, r32, r33]] = m;
  let a = r11 + r22 + r33 + 1;
  let b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { bcd: [b, c, d], qfac };
}

const det3 = (m: number[][]): number =>
  m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
  m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
  m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);

/** Nearest orthogonal matrix (polar decomposition) by the iteration X <- (X + X^-T) / 2. */
function polarOrthogonal(m0: number[][]): number[][] {
  let m = m0.map((row) => row.slice());
  for (let iter = 0; iter < 50; iter++) {
    const det = det3(m);
    if (Math.abs(det) < 1e-12) break;
    // inverse transpose = cofactor matrix / det
    const cof = [0, 1, 2].map((i) =>
      [0, 1, 2].map((j) => {
        const r = [0, 1, 2].filter((x) => x !== i);
        const c = [0, 1, 2].filter((x) => x !== j);
        const minor = m[r[0]][c[0]] * m[r[1]][c[1]] - m[r[0]][c[1]] * m[r[1]][c[0]];
        return ((i + j) % 2 === 0 ? minor : -minor) / det;
      }),
    );
    let change = 0;
    const next = m.map((row, i) => row.map((x, j) => 0.5 * (x + cof[i][j])));
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) change = Math.max(change, Math.abs(next[i][j] - m[i][j]));
    m = next;
    if (change < 1e-12) break;
  }
  return m;
}
