import { gzipSync } from "node:zlib";
import type { Volume } from "../../analysis/core/volume.js";
import { expect, flipBytes, randomInt, replaceFiles, type Expect, type MutationContext } from "../caseList.js";
import { gzipBomb } from "./gzip.js";
import type { FileSet } from "../types.js";

/** The header fields of a NRRD file, in order; a mutation edits, removes or adds lines. */
type Fields = [string, string][];

const num = (x: number): string => String(x + 0);

/** The phantom image as NRRD fields (LPS, as 3D Slicer writes) and its little-endian int16 voxels. */
function phantomNrrd(v: Volume): { fields: Fields; voxels: Uint8Array } {
  const lps = (x: number, row: number) => num(row < 2 ? -x : x);
  const dir = (c: number) => `(${[0, 1, 2].map((r) => lps(v.affine[4 * r + c], r)).join(",")})`;
  const fields: Fields = [
    ["type", "short"],
    ["dimension", "3"],
    ["space", "left-posterior-superior"],
    ["sizes", v.dims.join(" ")],
    ["space directions", `${dir(0)} ${dir(1)} ${dir(2)}`],
    ["kinds", "domain domain domain"],
    ["endian", "little"],
    ["encoding", "raw"],
    ["space origin", `(${[0, 1, 2].map((r) => lps(v.affine[4 * r + 3], r)).join(",")})`],
  ];
  const data = v.data as Int16Array;
  return { fields, voxels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice() };
}

const set = (fields: Fields, name: string, value: string | undefined): Fields => {
  const out = fields.filter(([k]) => k !== name);
  if (value === undefined) return out;
  const at = fields.findIndex(([k]) => k === name);
  out.splice(at < 0 ? out.length : at, 0, [name, value]);
  return out;
};

function headerText(fields: Fields, opts: { magic?: string; eol?: string; extra?: string[] } = {}): string {
  const eol = opts.eol ?? "\n";
  return [opts.magic ?? "NRRD0004", "# deface-impact fuzz", ...(opts.extra ?? []), ...fields.map(([k, v]) => `${k}: ${v}`)].join(eol) + eol + eol;
}

const join = (...parts: (Uint8Array | string)[]): Uint8Array =>
  new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p)))));

/**
 * NRRD files: attached, detached and gzip-encoded; missing and malformed fields, lying sizes and
 * geometry, byte/line skips, missing detached files, gzip bombs; and the equivalent encodings
 * (ascii, big-endian, detached, CRLF) that must give the same results as the NIfTI phantom.
 */
export function nrrdCases(ctx: MutationContext): void {
  const { phantom } = ctx.bases;
  const { fields, voxels } = phantomNrrd(phantom.image);
  const attached = (name: string, bytes: Uint8Array, extra: FileSet = {}) => () =>
    replaceFiles(phantom.files, ["image.nii.gz"], { [name]: bytes, ...extra });
  const add = (mutation: string, files: () => FileSet, expectation: Expect, target = "image.nrrd") =>
    ctx.list.add({ reader: "nrrd", mutation, base: "phantom", role: "image", target, files, expect: expectation });
  const raw = (f: Fields, data: Uint8Array = voxels, opts?: Parameters<typeof headerText>[1]) => join(headerText(f, opts), data);
  const gzipped = (f: Fields, data: Uint8Array = voxels) => join(headerText(set(f, "encoding", "gzip")), gzipSync(data));
  const otherGrid = expect.but("error", { convert: "either", deface: "either" });

  // equivalent encodings: the same image as the NIfTI phantom
  add("equivalent-raw", attached("image.nrrd", raw(fields)), expect.same);
  add("equivalent-gzip", attached("image.nrrd", gzipped(fields)), expect.same);
  const swapped = voxels.slice();
  for (let i = 0; i < swapped.length; i += 2) [swapped[i], swapped[i + 1]] = [swapped[i + 1], swapped[i]];
  add("equivalent-big-endian", attached("image.nrrd", raw(set(fields, "endian", "big"), swapped)), expect.same);
  const ascii = Array.from(phantom.image.data).join(" ");
  add("equivalent-ascii", attached("image.nrrd", join(headerText(set(fields, "encoding", "ascii")), ascii)), expect.same);
  add("equivalent-detached", attached("image.nhdr", new Uint8Array(Buffer.from(headerText([...fields, ["data file", "image.raw"]]))), { "image.raw": voxels }), expect.same, "image.nhdr");
  add("equivalent-detached-gzip", attached("image.nhdr", new Uint8Array(Buffer.from(headerText([...set(fields, "encoding", "gzip"), ["data file", "image.raw.gz"]]))), { "image.raw.gz": gzipSync(voxels) }), expect.same, "image.nhdr");
  add("equivalent-crlf", attached("image.nrrd", raw(fields, voxels, { eol: "\r\n" })), expect.same);
  add("equivalent-comments", attached("image.nrrd", raw(fields, voxels, { extra: ["# comment: with a colon", "key:=value", "content: fuzz"] })), expect.same);
  add("equivalent-magic-5", attached("image.nrrd", raw(fields, voxels, { magic: "NRRD0005" })), expect.same);
  add("equivalent-byte-skip", attached("image.nrrd", raw([...fields, ["byte skip", "7"]], join("junk!!!", voxels))), expect.same);
  add("equivalent-byte-skip-end", attached("image.nrrd", raw([...fields, ["byte skip", "-1"]], join("junk before the data", voxels))), expect.same);
  add("equivalent-line-skip", attached("image.nhdr", new Uint8Array(Buffer.from(headerText([...fields, ["data file", "image.raw"], ["line skip", "2"]]))), { "image.raw": join("line one\nline two\n", voxels) }), expect.same, "image.nhdr");
  {
    // the same geometry written in RAS
    const dir = (c: number) => `(${[0, 1, 2].map((r) => num(phantom.image.affine[4 * r + c])).join(",")})`;
    const ras = set(set(set(fields, "space", "right-anterior-superior"), "space directions", `${dir(0)} ${dir(1)} ${dir(2)}`), "space origin", `(${[3, 7, 11].map((n) => num(phantom.image.affine[n])).join(",")})`);
    add("equivalent-ras", attached("image.nrrd", raw(ras)), expect.same);
  }

  // required fields missing or malformed
  for (const name of ["type", "dimension", "sizes", "encoding"]) add("missing-field", attached("image.nrrd", raw(set(fields, name, undefined))), expect.error);
  for (const t of ["complex", "block", "", "int64", "float16"]) add("type", attached("image.nrrd", raw(set(fields, "type", t))), expect.error);
  add("type-ushort", attached("image.nrrd", raw(set(fields, "type", "ushort"))), expect.either);
  for (const d of ["0", "-1", "17", "abc", "2", "4", "3.5"]) add("dimension", attached("image.nrrd", raw(set(fields, "dimension", d))), expect.error);
  for (const s of ["32 32 0", "32 -32 32", "32 32 abc", "32 32", "32 32 32 32", "1e12 32 32", "32 32 33", "4294967296 1 1"]) {
    add("sizes", attached("image.nrrd", raw(set(fields, "sizes", s))), expect.error);
  }
  add("sizes-smaller", attached("image.nrrd", raw(set(fields, "sizes", "32 32 31"))), otherGrid); // raw: the data hold more than needed
  add("sizes-smaller-gzip", attached("image.nrrd", gzipped(set(fields, "sizes", "32 32 31"))), expect.error); // inflates past the declared size
  add("4d", attached("image.nrrd", raw(set(set(set(fields, "dimension", "4"), "sizes", "32 32 32 2"), "space directions", `${fields[4][1]} none`), join(voxels, voxels))), expect.error);
  for (const d of ["(nan,0,0) (0,-6,0) (0,0,6)", "(0,0,0) (0,-6,0) (0,0,6)", "(-6,0,0) (-6,0,0) (0,0,6)", "(-6,0,0) (0,-6,0)", "(-6,0) (0,-6,0) (0,0,6)", "(inf,0,0) (0,-6,0) (0,0,6)", "(-6,0,0) (0,-6,0) (0,0,1e-300)", "garbage"]) {
    add("space-directions", attached("image.nrrd", raw(set(fields, "space directions", d))), expect.error);
  }
  for (const s of ["scanner-xyz", "", "3D-right-handed", "lps-time"]) add("space", attached("image.nrrd", raw(set(fields, "space", s))), expect.error);
  for (const o of ["(nan,0,0)", "(1,2)", "1,2,3", "(inf,0,0)"]) add("space-origin", attached("image.nrrd", raw(set(fields, "space origin", o))), expect.error);
  {
    // no space directions: spacings (a grid without origin or orientation)
    const axisAligned = set(set(set(fields, "space directions", undefined), "space", undefined), "space origin", undefined);
    for (const sp of ["0 6 6", "nan 6 6", "6 inf 6", "6 6", "-0 6 6"]) add("spacings", attached("image.nrrd", raw([...axisAligned, ["spacings", sp]])), expect.error);
    add("spacings-valid", attached("image.nrrd", raw([...axisAligned, ["spacings", "6 6 6"]])), otherGrid);
  }
  for (const e of ["middle", "", "LITTLE-ENDIAN"]) add("endian", attached("image.nrrd", raw(set(fields, "endian", e))), expect.error);
  for (const e of ["bzip2", "hex", "", "raw gzip"]) add("encoding", attached("image.nrrd", raw(set(fields, "encoding", e))), expect.error);
  for (const b of ["-2", "1e9", "abc", "1.5", "65536"]) add("byte-skip", attached("image.nrrd", raw([...fields, ["byte skip", b]])), expect.error);
  add("byte-skip-end-gzip", attached("image.nrrd", gzipped([...fields, ["byte skip", "-1"]])), expect.error);
  for (const l of ["-1", "abc", "100000000"]) add("line-skip", attached("image.nrrd", raw([...fields, ["line skip", l]])), expect.error);
  add("magic", attached("image.nrrd", raw(fields, voxels, { magic: "NRRD0009" })), expect.error);
  add("magic", attached("image.nrrd", raw(fields, voxels, { magic: "NRRD" })), expect.error);
  add("line-without-colon", attached("image.nrrd", raw(fields, voxels, { extra: ["this line has no colon"] })), expect.error);
  add("no-blank-line", attached("image.nrrd", join(headerText(fields).replace(/\n\n$/, "\n"), voxels)), expect.error);
  add("header-only", attached("image.nrrd", join(headerText(fields))), expect.error);
  add("endless-header", attached("image.nrrd", join("NRRD0004\n", "# x\n".repeat(300_000))), expect.error);

  // truncated data (raw and gzip), gzip bombs and broken trailers
  for (const n of [1, 2, 100, voxels.length / 2, voxels.length - 1]) add("truncated", attached("image.nrrd", raw(fields, voxels.subarray(0, voxels.length - n))), expect.error);
  const gzData = gzipSync(voxels);
  for (const n of [1, 8, gzData.length / 2]) add("truncated-gzip", attached("image.nrrd", join(headerText(set(fields, "encoding", "gzip")), gzData.subarray(0, gzData.length - n))), expect.error);
  add("gzip-bomb", attached("image.nrrd", join(headerText(set(fields, "encoding", "gzip")), gzipBomb(voxels.subarray(0, 1024), 96))), expect.error);
  add("gzip-crc", attached("image.nrrd", join(headerText(set(fields, "encoding", "gzip")), (() => { const b = gzData.slice(); b[b.length - 6] ^= 1; return b; })())), expect.error);
  add("encoding-lie", attached("image.nrrd", raw(set(fields, "encoding", "gzip"))), expect.error); // says gzip, holds raw
  add("ascii-short", attached("image.nrrd", join(headerText(set(fields, "encoding", "ascii")), "1 2 3 4")), expect.error);
  add("ascii-words", attached("image.nrrd", join(headerText(set(fields, "encoding", "ascii")), ascii.replace(/ 0 /, " zero "))), expect.error);
  add("ascii-out-of-range", attached("image.nrrd", join(headerText(set(fields, "encoding", "ascii")), ascii.replace(/^(\S+)/, "99999"))), expect.error);
  add("ascii-fraction", attached("image.nrrd", join(headerText(set(fields, "encoding", "ascii")), ascii.replace(/^(\S+)/, "0.5"))), expect.error);

  // detached data files
  const detached = (dataFile: string, extra: FileSet = {}) => attached("image.nhdr", new Uint8Array(Buffer.from(headerText([...fields, ["data file", dataFile]]))), extra);
  add("detached-missing", detached("image.raw"), expect.error, "image.nhdr");
  add("detached-missing", detached("../nowhere/image.raw"), expect.error, "image.nhdr");
  add("detached-truncated", detached("image.raw", { "image.raw": voxels.subarray(0, 1000) }), expect.error, "image.nhdr");
  add("detached-folder", detached("sub", { "sub/x": new Uint8Array(1) }), expect.error, "image.nhdr");
  add("detached-list", detached("LIST", { "image.raw": voxels }), expect.error, "image.nhdr");
  add("detached-pattern", detached("slice%03d.raw 0 31 1", { "image.raw": voxels }), expect.error, "image.nhdr");
  add("detached-empty", detached("image.raw", { "image.raw": new Uint8Array(0) }), expect.error, "image.nhdr");

  // random bytes in the header text: a clear error or a result
  const text = raw(fields);
  const headerEnd = text.length - voxels.length;
  for (let n = 0; n < 40; n++) add("header-bytes", attached("image.nrrd", flipBytes(text, ctx.random, randomInt(ctx.random, 1, 3), 0, headerEnd)), expect.either);
}
