import { readFileSync } from "node:fs";
import { naturalize } from "../../pipeline/io/dicom/part10.js";
import { expect, flipBytes, randomInt, type Expect, type MutationContext } from "../caseList.js";
import { cloneDicom, findElement, parseDicom, pixelDataStart, setElement, writeDicom, type ParsedDicom } from "../dicomEdit.js";
import type { FileSet } from "../types.js";

/**
 * The shared MR series (read where it lies, linked into each case) with one slice or all slices
 * changed: wrong values and VRs, missing or short pixel data, inconsistent slice geometry,
 * compressed transfer syntaxes, truncated files, extra and missing files.
 */
export function dicomCases(ctx: MutationContext): void {
  const mr = ctx.bases.mr;
  if (!mr) return;
  const parsed = mr.slices.map((s) => ({ ...s, dicom: parseDicom(s.source) }));
  // slices in position order along the normal; the malformed file (brain_001, zero padding) is left alone
  const normal = [0, 1, 2].map(() => 0);
  {
    const ds = naturalize(parsed[1].dicom.dict);
    const iop = ds.ImageOrientationPatient.map(Number);
    normal.splice(0, 3, iop[1] * iop[5] - iop[2] * iop[4], iop[2] * iop[3] - iop[0] * iop[5], iop[0] * iop[4] - iop[1] * iop[3]);
  }
  const position = (d: ParsedDicom) => {
    const ipp = naturalize(d.dict).ImagePositionPatient.map(Number);
    return ipp[0] * normal[0] + ipp[1] * normal[1] + ipp[2] * normal[2];
  };
  const byPosition = [...parsed].sort((a, b) => position(a.dicom) - position(b.dicom));
  // "one" edits change a slice in the middle (never the malformed brain_001); "all" edits every slice
  const middle = byPosition.filter((s) => !s.source.endsWith("brain_001.dcm"))[Math.floor(byPosition.length / 2)];
  const next = byPosition[byPosition.indexOf(middle) + 1];
  const first = byPosition[0];

  const add = (mutation: string, files: () => FileSet, expectation: Expect) =>
    ctx.list.add({ reader: "dicom", mutation, base: "mr-dicom", role: "series", target: mr.dir, files, expect: expectation });
  /** the base with some slices replaced (bytes) or removed (null), and extra files added. */
  const withSlices = (changes: Map<string, Uint8Array | null>, extra: FileSet = {}): (() => FileSet) => () => {
    const out: FileSet = { ...mr.files };
    for (const [name, bytes] of changes) {
      if (bytes === null) delete out[name];
      else out[name] = bytes;
    }
    return { ...out, ...extra };
  };
  /** an attribute edit of the middle slice, or of every editable slice */
  const edit = (mutation: string, change: (d: ParsedDicom) => ParsedDicom | void, expectation: Expect, which: "one" | "all") => {
    const targets = which === "one" ? [middle] : byPosition;
    add(`${mutation}-${which}`, () => {
      const changes = new Map<string, Uint8Array | null>();
      for (const s of targets) {
        const copy = cloneDicom(s.dicom);
        changes.set(s.name, writeDicom(change(copy) ?? copy));
      }
      return withSlices(changes)();
    }, expectation);
  };
  const el = (tag: string, vr: string, value: unknown[] | undefined) => (d: ParsedDicom) => setElement(d.dict, tag, vr, value);
  const meta = (tag: string, vr: string, value: unknown[]) => (d: ParsedDicom) => setElement(d.meta, tag, vr, value);

  // written again through dcmjs, unchanged: the same series
  edit("rewritten", () => {}, expect.same, "one");
  edit("rewritten", () => {}, expect.same, "all");

  // the image pixel module
  for (const v of [128, 0, 65535, 1]) edit("rows", el("00280010", "US", [v]), expect.error, "one");
  for (const v of [128, 0, 65535]) edit("rows", el("00280010", "US", [v]), expect.error, "all");
  for (const v of [128, 300]) edit("columns", el("00280011", "US", [v]), expect.error, "all");
  for (const v of [12, 0, 64, 8]) edit("bits-allocated", el("00280100", "US", [v]), expect.error, "all");
  for (const v of [0, 17, 33]) edit("bits-stored", el("00280101", "US", [v]), expect.error, "all");
  edit("bits-stored-12", el("00280101", "US", [12]), expect.either, "all");
  edit("pixel-representation", el("00280103", "US", [2]), expect.error, "all");
  edit("pixel-representation-signed", el("00280103", "US", [1]), expect.either, "all");
  edit("samples-per-pixel", el("00280002", "US", [3]), expect.error, "all");
  edit("high-bit", el("00280102", "US", [99]), expect.same, "all"); // not used: BitsStored decides
  edit("rows-missing", el("00280010", "US", undefined), expect.error, "all");

  // geometry
  edit("pixel-spacing", el("00280030", "DS", [0.9, 0.9]), expect.error, "one");
  for (const v of [[0, 0], [-1, -1], ["abc", "abc"], [0.859375]]) edit("pixel-spacing", el("00280030", "DS", v), expect.error, "all");
  edit("pixel-spacing-missing", el("00280030", "DS", undefined), expect.error, "all");
  edit("orientation", el("00200037", "DS", [1, 0, 0, 0, 1, 0]), expect.error, "one");
  for (const v of [[0, 0, 0, 0, 0, 0], [1, 0, 0, 1, 0, 0], [1, 0, 0, 0.5, 0.5, 0], [NaN, 0, 0, 0, 1, 0], [1, 0, 0]]) {
    edit("orientation", el("00200037", "DS", v), expect.error, "all");
  }
  edit("position-missing", el("00200032", "DS", undefined), expect.error, "one");
  edit("position", el("00200032", "DS", ["abc", 0, 0]), expect.error, "one");
  {
    const neighbour = naturalize(next.dicom.dict).ImagePositionPatient;
    edit("position-duplicate", el("00200032", "DS", neighbour), expect.error, "one");
    const here = naturalize(middle.dicom.dict).ImagePositionPatient.map(Number);
    const gap = position(next.dicom) - position(middle.dicom);
    const moved = here.map((x: number, i: number) => x + (normal[i] * gap) / 3);
    // resampled onto a regular grid, with a warning: a valid image, but the masks drawn on the original grid no longer fit
    edit("position-uneven", el("00200032", "DS", moved), expect.but("error", { convert: "ok" }), "one");
  }
  add("missing-middle-slice", withSlices(new Map([[middle.name, null]])), expect.error);
  add("missing-end-slice", withSlices(new Map([[first.name, null]])), expect.but("error", { convert: "ok" })); // one slice fewer: the masks no longer fit

  // value scaling
  for (const v of [0, "NaN", "abc", "Infinity"]) edit("rescale-slope", el("00281053", "DS", [v]), expect.error, "all");
  edit("rescale-intercept", el("00281052", "DS", ["NaN"]), expect.error, "all");
  edit("rescale-slope-2", el("00281053", "DS", [2]), expect.ok, "all");
  edit("number-of-frames", el("00280008", "IS", [2]), expect.error, "one");

  // transfer syntaxes
  for (const uid of ["1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.2", "1.2.3.4.5"]) {
    edit("transfer-syntax", meta("00020010", "UI", [uid]), expect.error, "one");
    edit("transfer-syntax", meta("00020010", "UI", [uid]), expect.error, "all");
  }
  edit("transfer-syntax-implicit", meta("00020010", "UI", ["1.2.840.10008.1.2"]), expect.either, "one");

  // pixel data
  edit("pixel-data-missing", el("7FE00010", "OW", undefined), expect.error, "one");
  edit("pixel-data-missing", el("7FE00010", "OW", undefined), expect.error, "all");
  edit("pixel-data-short", (d) => { d.dict["7FE00010"].Value = [(d.dict["7FE00010"].Value as ArrayBuffer[])[0].slice(0, 1000)]; }, expect.error, "one");
  edit("pixel-data-long", (d) => { const b = (d.dict["7FE00010"].Value as ArrayBuffer[])[0]; const l = new Uint8Array(b.byteLength * 2); l.set(new Uint8Array(b)); d.dict["7FE00010"].Value = [l.buffer]; }, expect.error, "all");

  // identity
  edit("series-uid", el("0020000E", "UI", ["1.2.3.4.5.6.7.8.9"]), expect.error, "one"); // two series: choose one with --series
  edit("sop-instance-uid-duplicate", el("00080018", "UI", ["1.2.3.4"]), expect.same, "all");

  // bytes: truncations, the DICM marker, VRs, random bytes
  const middleBytes = new Uint8Array(readFileSync(middle.source));
  const pixelStart = pixelDataStart(middleBytes);
  for (const cut of [0, 100, 128, 131, 132, 140, 300, Math.floor(pixelStart / 2), pixelStart - 13, pixelStart - 1, pixelStart + 1000, middleBytes.length - 1]) {
    add("truncated", withSlices(new Map([[middle.name, middleBytes.subarray(0, cut)]])), expect.error);
  }
  add("truncated-all", () => withSlices(new Map(byPosition.map((s) => [s.name, new Uint8Array(readFileSync(s.source)).subarray(0, 200)])))(), expect.error);
  {
    const b = middleBytes.slice();
    b.set([0x58, 0x58, 0x58, 0x58], 128);
    add("no-dicm-marker", withSlices(new Map([[middle.name, b]])), expect.error);
  }
  for (const tag of ["00280010", "00200032", "00280030", "00200037", "7FE00010"]) {
    const at = findElement(middleBytes, tag);
    if (at < 0) continue;
    for (const vr of ["XX", "SQ", "OB", "UN", "DS", "\0\0"]) {
      const b = middleBytes.slice();
      b.set([vr.charCodeAt(0), vr.charCodeAt(1)], at + 4);
      add(`vr-${tag}`, withSlices(new Map([[middle.name, b]])), expect.either);
    }
    const b = middleBytes.slice();
    b.set([0xff, 0xff], at + 6); // an element length far past the end
    add(`length-${tag}`, withSlices(new Map([[middle.name, b]])), expect.either);
  }
  for (let n = 0; n < 25; n++) {
    add("header-bytes", withSlices(new Map([[middle.name, flipBytes(middleBytes, ctx.random, randomInt(ctx.random, 1, 4), 132, pixelStart)]])), expect.either);
  }
  for (let n = 0; n < 5; n++) add("pixel-bytes", withSlices(new Map([[middle.name, flipBytes(middleBytes, ctx.random, 50, pixelStart, middleBytes.length)]])), expect.ok);

  // extra and odd files in the folder
  add("extra-empty-file", withSlices(new Map(), { [`${mr.dir}/empty.dcm`]: new Uint8Array(0) }), expect.same);
  add("extra-text-file", withSlices(new Map(), { [`${mr.dir}/README.txt`]: new Uint8Array(Buffer.from("notes\n")) }), expect.same);
  add("extra-duplicate-slice", withSlices(new Map(), { [`${mr.dir}/copy/duplicate.dcm`]: middleBytes }), expect.error);
  add("extra-non-image", () => {
    const copy = cloneDicom(middle.dicom);
    setElement(copy.dict, "7FE00010", "OW", undefined);
    setElement(copy.dict, "00080060", "CS", ["SR"]);
    return withSlices(new Map(), { [`${mr.dir}/report.dcm`]: writeDicom(copy) })();
  }, expect.same);
  add("empty-folder", () => ({ [`${mr.dir}/.keep-folder`]: new Uint8Array(0), "roi.nii.gz": mr.files["roi.nii.gz"], "face.nii.gz": mr.files["face.nii.gz"] }), expect.error);
}
