import { gzipSync } from "node:zlib";
import { DefaceImpactError } from "../../analysis/core/errors.js";
import { voxelCount, type Volume } from "../../analysis/core/volume.js";
import { writeFileAtomic } from "./atomicWrite.js";
import { encodeVoxelsLittleEndian, voxelTypeOf, type VoxelType } from "./voxelTypes.js";

export interface WriteNrrdOptions {
  /** "gzip" (default) or "raw". */
  encoding?: "gzip" | "raw";
}

const TYPE_NAMES: Record<VoxelType, string> = {
  int8: "int8", uint8: "uint8", int16: "int16", uint16: "uint16", int32: "int32", uint32: "uint32",
  float32: "float", float64: "double",
};

/**
 * Writes a 3D Volume as a .nrrd file with an attached header, atomically. The geometry is written
 * in LPS (what 3D Slicer and ITK write) so other tools read it without conversion; numbers are
 * printed with full precision, so a round trip is exact.
 */
export function writeNrrd(path: string, volume: Volume, opts: WriteNrrdOptions = {}): void {
  const { dims, affine, data } = volume;
  if (data.length !== voxelCount(volume)) {
    throw new DefaceImpactError("internal", `writeNrrd: ${data.length} voxels do not fill a ${dims.join("x")} grid`);
  }
  const encoding = opts.encoding ?? "gzip";
  // RAS -> LPS: negate x and y
  const lps = (v: number, row: number) => (row < 2 ? -v : v) + 0; // + 0 turns -0 into 0
  const direction = (col: number) => `(${[0, 1, 2].map((r) => lps(affine[4 * r + col], r)).join(",")})`;
  const header = [
    "NRRD0004",
    "# Complete NRRD file format specification at:",
    "# http://teem.sourceforge.net/nrrd/format.html",
    `type: ${TYPE_NAMES[voxelTypeOf(data)]}`,
    "dimension: 3",
    "space: left-posterior-superior",
    `sizes: ${dims.join(" ")}`,
    `space directions: ${direction(0)} ${direction(1)} ${direction(2)}`,
    "kinds: domain domain domain",
    "endian: little",
    `encoding: ${encoding}`,
    `space origin: (${[0, 1, 2].map((r) => lps(affine[4 * r + 3], r)).join(",")})`,
    "",
    "",
  ].join("\n");
  const voxels = encodeVoxelsLittleEndian(data);
  const payload = encoding === "gzip" ? gzipSync(voxels, { level: 6 }) : voxels;
  const head = Buffer.from(header, "latin1");
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  writeFileAtomic(path, out);
}
