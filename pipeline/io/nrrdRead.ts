import { existsSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { inputError } from "../../analysis/core/errors.js";
import type { Affine, Vec3, Volume } from "../../analysis/core/volume.js";
import { assertAffine, assertAxisSizes, assertSpacing } from "./gridChecks.js";
import { assertVolumeFits } from "./memoryLimit.js";
import { fileSize, gunzipBounded, readFileRange, readFileStart } from "./readBytes.js";
import { allocate, bytesPerVoxel, decodeVoxels, type ReadVolumeOptions, type VoxelType } from "./voxelTypes.js";

/** NRRD type names (http://teem.sourceforge.net/nrrd/format.html#type) -> our voxel types. */
const NRRD_TYPES: Record<string, VoxelType> = {};
const alias = (type: VoxelType, names: string[]) => names.forEach((n) => (NRRD_TYPES[n] = type));
alias("int8", ["signed char", "int8", "int8_t"]);
alias("uint8", ["uchar", "unsigned char", "uint8", "uint8_t"]);
alias("int16", ["short", "short int", "signed short", "signed short int", "int16", "int16_t"]);
alias("uint16", ["ushort", "unsigned short", "unsigned short int", "uint16", "uint16_t"]);
alias("int32", ["int", "signed int", "int32", "int32_t"]);
alias("uint32", ["uint", "unsigned int", "uint32", "uint32_t"]);
alias("float32", ["float"]);
alias("float64", ["double"]);

/**
 * Signs that turn a direction in the file's `space` into RAS+ (x, y, z). LPS (DICOM, Slicer's
 * files) flips x and y. Spaces without anatomical meaning are refused rather than guessed.
 */
const SPACE_TO_RAS: Record<string, Vec3> = {
  "right-anterior-superior": [1, 1, 1],
  ras: [1, 1, 1],
  "left-posterior-superior": [-1, -1, 1],
  lps: [-1, -1, 1],
  "left-anterior-superior": [-1, 1, 1],
  las: [-1, 1, 1],
};

export interface NrrdHeader {
  /** field names lower-cased; key/value pairs (key:=value) are not kept. */
  fields: Map<string, string>;
  /** byte where the data start in an attached-header file (after the blank line). */
  dataStart: number;
}

/** Splits the text header: the magic line, then `field: value` lines up to a blank line (or the end). */
export function parseNrrdHeader(bytes: Uint8Array, path: string): NrrdHeader {
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (!/^NRRD000[1-5]$/.test(magic)) {
    throw inputError("not a NRRD file (it does not start with the magic NRRD0001..NRRD0005)", path);
  }
  const fields = new Map<string, string>();
  let pos = 0;
  let dataStart = bytes.length;
  let first = true;
  while (pos < bytes.length) {
    let end = bytes.indexOf(0x0a, pos);
    const last = end < 0;
    if (last) end = bytes.length;
    let line = Buffer.from(bytes.subarray(pos, end)).toString("latin1");
    if (line.endsWith("\r")) line = line.slice(0, -1);
    pos = end + 1;
    if (first) {
      first = false;
      continue;
    }
    if (line === "") {
      dataStart = pos;
      break;
    }
    if (line.startsWith("#") || line.includes(":=")) continue;
    const colon = line.indexOf(":");
    if (colon < 0) throw inputError(`malformed NRRD header line "${line.slice(0, 60)}"`, path);
    fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    if (last) break;
  }
  return { fields, dataStart: Math.min(dataStart, bytes.length) };
}

/** "(1,0,0)" -> [1, 0, 0]; "none" -> undefined. */
function parseVector(text: string, path: string, what: string): number[] | undefined {
  if (text === "none") return undefined;
  const m = /^\(([^)]*)\)$/.exec(text.trim());
  const values = m ? m[1].split(",").map((x) => Number(x.trim())) : [];
  if (!m || values.some((x) => !Number.isFinite(x))) throw inputError(`malformed NRRD ${what} "${text}"`, path);
  return values;
}

/** Splits "(a,b,c) (d,e,f) none" into its items. */
const vectorItems = (text: string): string[] => text.match(/\([^)]*\)|none/g) ?? [];

/** An attached header longer than this without its blank line is refused (headers are a few hundred bytes). */
const MAX_HEADER_BYTES = 1 << 20;

/** Reads a .nrrd (attached header) or .nhdr (detached data file) as a 3D Volume in RAS+. */
export function readNrrd(path: string, opts: ReadVolumeOptions = {}): Volume {
  const size = fileSize(path);
  const start = readFileStart(path, MAX_HEADER_BYTES);
  const { fields, dataStart } = parseNrrdHeader(start, path);
  if (dataStart >= start.length && size > start.length) {
    throw inputError(`the NRRD header does not end (no blank line) within its first ${MAX_HEADER_BYTES} bytes`, path);
  }
  const field = (name: string): string | undefined => fields.get(name);
  const require = (name: string): string => {
    const v = field(name);
    if (v === undefined) throw inputError(`NRRD header lacks the required field "${name}"`, path);
    return v;
  };

  const typeName = require("type").toLowerCase();
  const type = NRRD_TYPES[typeName];
  if (!type) throw inputError(`unsupported NRRD type "${typeName}"; supported: int8..uint32, float, double`, path);
  const dimension = Number(require("dimension"));
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > 16) {
    throw inputError(`invalid NRRD "dimension: ${field("dimension")}" (a whole number from 1 to 16)`, path);
  }
  const sizes = require("sizes").split(/\s+/).map(Number);
  if (sizes.length !== dimension) {
    throw inputError(`NRRD "sizes: ${field("sizes")}" does not match "dimension: ${dimension}"`, path);
  }
  assertAxisSizes(sizes, path, `NRRD "sizes: ${field("sizes")}"`);

  // Which axes are spatial: those with a space direction (or, without directions, all of them).
  const spaceName = field("space")?.toLowerCase();
  const directionsText = field("space directions");
  const items = directionsText !== undefined ? vectorItems(directionsText) : undefined;
  if (items && items.length !== dimension) {
    throw inputError(`NRRD "space directions" has ${items.length} entries for ${dimension} axes`, path);
  }
  const spatialAxes = items ? items.map((t, a) => (t === "none" ? -1 : a)).filter((a) => a >= 0) : sizes.map((_, a) => a);
  const extra = sizes.reduce((p, n, a) => (spatialAxes.includes(a) ? p : p * n), 1);
  if (extra > 1 || spatialAxes.length > 3) {
    throw inputError(
      `is a ${dimension}D NRRD (sizes ${sizes.join(" ")}); deface-impact needs one 3D volume: extract it first`,
      path,
    );
  }
  // Non-spatial axes of size 1 do not change the voxel order, so they can simply be dropped.
  const dims = [1, 1, 1] as Vec3;
  spatialAxes.forEach((a, n) => (dims[n] = sizes[a]));

  let sign: Vec3 = [1, 1, 1];
  if (spaceName !== undefined) {
    const s = SPACE_TO_RAS[spaceName];
    if (!s) throw inputError(`unsupported NRRD space "${field("space")}"; supported: RAS, LPS, LAS`, path);
    sign = s;
  }
  const affine: Affine = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  const spacing = [1, 1, 1] as Vec3;
  let geometryField = "NRRD header (no spacing given: 1 mm)";
  if (items) {
    geometryField = 'NRRD "space directions"';
    spatialAxes.forEach((a, n) => {
      const d = parseVector(items[a], path, "space direction")!;
      if (d.length !== 3) throw inputError(`NRRD space direction "${items[a]}" is not 3D`, path);
      for (let r = 0; r < 3; r++) affine[4 * r + n] = sign[r] * d[r] + 0; // + 0: no -0 from flipping zeros
      spacing[n] = Math.hypot(d[0], d[1], d[2]);
    });
  } else if (field("spacings") !== undefined) {
    geometryField = 'NRRD "spacings"';
    const sp = field("spacings")!.split(/\s+/).map(Number);
    if (sp.length !== dimension) throw inputError(`NRRD "spacings: ${field("spacings")}" has ${sp.length} entries for ${dimension} axes`, path);
    spatialAxes.forEach((a, n) => {
      spacing[n] = Math.abs(sp[a]);
      affine[5 * n] = spacing[n];
    });
  }
  assertSpacing(spacing, path, geometryField);
  const originText = field("space origin");
  if (originText !== undefined) {
    const o = parseVector(originText, path, "space origin");
    if (!o || o.length !== 3) throw inputError(`NRRD space origin "${originText}" is not 3D`, path);
    for (let r = 0; r < 3; r++) affine[4 * r + 3] = sign[r] * o[r] + 0;
  }
  assertAffine(affine, path, geometryField);

  const count = dims[0] * dims[1] * dims[2];
  const data = readNrrdData(path, size, dataStart, fields, type, count, dims, opts.shared ?? false);
  return { data, dims, spacing, affine };
}

/** A whole number >= min from an optional header field, or the default. */
function wholeField(fields: Map<string, string>, names: string[], min: number, path: string): number {
  const name = names.find((n) => fields.has(n));
  if (name === undefined) return 0;
  const v = Number(fields.get(name));
  if (!Number.isInteger(v) || v < min) throw inputError(`invalid NRRD "${name}: ${fields.get(name)}" (a whole number >= ${min})`, path);
  return v;
}

/** Lines skipped before the data: at most this many bytes are searched for them. */
const MAX_LINE_SKIP_BYTES = 1 << 20;

/**
 * Finds the data (attached or detached), checks their size against the header before reading them
 * (raw: the file must hold them; gzip: inflated up to the declared size and no further), and decodes
 * the voxels.
 */
function readNrrdData(
  path: string,
  headerFileSize: number,
  dataStart: number,
  fields: Map<string, string>,
  type: VoxelType,
  count: number,
  dims: Vec3,
  shared: boolean,
) {
  const dataFile = fields.get("data file") ?? fields.get("datafile");
  let where = path;
  let offset = dataStart;
  let size = headerFileSize;
  if (dataFile !== undefined) {
    if (/^LIST/.test(dataFile) || /%/.test(dataFile) || /\s/.test(dataFile.trim())) {
      throw inputError(`NRRD data split over several files ("data file: ${dataFile}") is not supported`, path);
    }
    where = isAbsolute(dataFile) ? dataFile : join(dirname(path), dataFile);
    offset = 0;
    if (!existsSync(where)) throw inputError(`file not found: ${where}, the data file its header names ("data file: ${dataFile}")`, path);
    size = fileSize(where);
  }
  const lineSkip = wholeField(fields, ["line skip", "lineskip"], 0, path);
  if (lineSkip > 0) {
    const head = readFileRange(where, offset, Math.min(MAX_LINE_SKIP_BYTES, size - offset));
    let at = 0;
    for (let n = 0; n < lineSkip; n++) {
      const nl = head.indexOf(0x0a, at);
      if (nl < 0) throw inputError(`NRRD "line skip: ${lineSkip}": the data hold fewer lines in their first ${head.length} bytes`, where);
      at = nl + 1;
    }
    offset += at;
  }

  const encoding = (fields.get("encoding") ?? "").toLowerCase();
  const voxelBytes = bytesPerVoxel(type);
  const needed = count * voxelBytes;
  const byteSkip = wholeField(fields, ["byte skip", "byteskip"], -1, path);
  const endian = (fields.get("endian") ?? "little").toLowerCase();
  if (endian !== "little" && endian !== "big") throw inputError(`invalid NRRD endian "${endian}"`, path);
  const what = `this ${dims.join("x")} ${type} NRRD`;
  const available = size - offset;
  if (encoding === "raw") {
    const skip = byteSkip === -1 ? available - needed : byteSkip; // -1: the data are the last bytes of the file
    if (skip < 0 || available - skip < needed) {
      throw inputError(`truncated NRRD data: ${count} ${type} voxels need ${needed} bytes, found ${Math.max(0, available - Math.max(0, byteSkip))}`, where);
    }
    assertVolumeFits(where, what, count, voxelBytes, needed);
    return decodeVoxels(readFileRange(where, offset + skip, needed), 0, count, type, endian === "little", shared);
  }
  if (byteSkip === -1) throw inputError(`NRRD "byte skip: -1" is only allowed with raw encoding, not "${encoding}"`, path);
  if (encoding === "gzip" || encoding === "gz") {
    assertVolumeFits(where, what, count, voxelBytes, byteSkip + needed + available);
    const bytes = gunzipBounded(readFileRange(where, offset, available), byteSkip + needed, where, "gzip-encoded NRRD data");
    if (bytes.length - byteSkip < needed) {
      throw inputError(`truncated NRRD data: ${count} ${type} voxels need ${needed} bytes, the gzip stream holds ${Math.max(0, bytes.length - byteSkip)}`, where);
    }
    return decodeVoxels(bytes, byteSkip, count, type, endian === "little", shared);
  }
  if (encoding === "ascii" || encoding === "text" || encoding === "txt") {
    // the text is split into numbers: about 16 bytes of strings per byte of text while it is parsed
    assertVolumeFits(where, what, count, voxelBytes, 16 * available);
    return decodeAscii(readFileRange(where, offset, available), type, count, where, shared);
  }
  throw inputError(`unsupported NRRD encoding "${encoding || "(missing)"}"; supported: raw, gzip, ascii`, path);
}

function decodeAscii(raw: Uint8Array, type: VoxelType, count: number, where: string, shared: boolean) {
  const values = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("latin1").trim().split(/[\s,]+/).filter((t) => t !== "").map(Number);
  if (values.length < count || values.slice(0, count).some((x) => Number.isNaN(x))) {
    throw inputError(`ascii NRRD data: expected ${count} numbers, found ${values.length} (or non-numbers)`, where);
  }
  const out = allocate(type, count, shared);
  const integer = !type.startsWith("float");
  for (let n = 0; n < count; n++) {
    out[n] = values[n];
    // an integer type must hold the number as written: no silent wrap-around or truncation
    if (integer && out[n] !== values[n]) {
      throw inputError(`ascii NRRD data: value ${values[n]} (number ${n + 1}) does not fit the type ${type}`, where);
    }
  }
  return out;
}
