import { readFileSync } from "node:fs";
import { expect, flipBytes, randomInt, type Expect, type MutationContext } from "../caseList.js";
import { editNatural, parseDicom, writeDicom } from "../dicomEdit.js";
import type { FileSet } from "../types.js";

type Dataset = Record<string, any>;
const asArray = (v: any): any[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/**
 * The shared IBSI RTSTRUCT (ROI GTV-1 on the shared CT series): contours off the image, non-finite
 * or malformed contour data, open or degenerate contours, broken references between its sequences,
 * another modality, truncated and corrupted files.
 */
export function rtstructCases(ctx: MutationContext): void {
  const ct = ctx.bases.ct;
  if (!ct) return;
  const original = parseDicom(ct.rtstruct);
  const bytes = new Uint8Array(readFileSync(ct.rtstruct));
  const add = (mutation: string, file: () => Uint8Array, expectation: Expect) =>
    ctx.list.add({
      reader: "rtstruct",
      mutation,
      base: "ct-dicom",
      role: "rtstruct",
      target: "rs.dcm",
      files: (): FileSet => ({ ...ct.files, "rs.dcm": file() }),
      expect: expectation,
    });
  /** an edit of the parsed structure set (its GTV-1 contours), written again */
  const edit = (mutation: string, change: (ds: Dataset, contours: Dataset[]) => void, expectation: Expect) =>
    add(mutation, () => writeDicom(editNatural(original, (ds) => change(ds, gtvContours(ds)))), expectation);
  const moveAll = (dx: number, dy: number, dz: number) => (contour: Dataset) => {
    contour.ContourData = asArray(contour.ContourData).map((v: number, i: number) => Number(v) + [dx, dy, dz][i % 3]);
  };

  edit("rewritten", () => {}, expect.same);

  // contours off the image: the ROI would be cut off
  for (const [dx, dy, dz] of [[0, 0, 1000], [0, 0, -500], [500, 0, 0], [0, -400, 0]]) {
    edit("all-contours-outside", (_ds, cs) => cs.forEach(moveAll(dx, dy, dz)), expect.error);
    edit("one-contour-outside", (_ds, cs) => moveAll(dx, dy, dz)(cs[Math.floor(cs.length / 2)]), expect.error);
  }
  edit("one-point-outside", (_ds, cs) => {
    const c = cs[0];
    const d = asArray(c.ContourData).map(Number);
    d[0] += 800;
    c.ContourData = d;
  }, expect.error);
  edit("scaled", (_ds, cs) => cs.forEach((c) => (c.ContourData = asArray(c.ContourData).map((v: number) => Number(v) * 1000))), expect.error);

  // malformed contour data
  for (const bad of [NaN, Infinity, "abc"]) {
    edit("contour-data-value", (_ds, cs) => {
      const d = asArray(cs[1].ContourData);
      d[4] = bad;
      cs[1].ContourData = d;
    }, expect.error);
  }
  edit("contour-data-odd", (_ds, cs) => (cs[2].ContourData = asArray(cs[2].ContourData).slice(0, -1)), expect.error);
  edit("contour-data-empty", (_ds, cs) => cs.forEach((c) => (c.ContourData = [])), expect.error);
  edit("two-point-contours", (_ds, cs) => cs.forEach((c) => (c.ContourData = asArray(c.ContourData).slice(0, 6))), expect.error);
  edit("one-two-point-contour", (_ds, cs) => (cs[3].ContourData = asArray(cs[3].ContourData).slice(0, 6)), expect.error); // NumberOfContourPoints says more: damaged
  edit("one-line-contour", (_ds, cs) => {
    cs.push({ ContourGeometricType: "CLOSED_PLANAR", NumberOfContourPoints: 2, ContourData: asArray(cs[3].ContourData).slice(0, 6).map(Number) });
  }, expect.same); // an added two-point contour, declared so: a line encloses nothing
  edit("open-contours", (_ds, cs) => cs.forEach((c) => (c.ContourGeometricType = "OPEN_PLANAR")), expect.error);
  edit("one-point-contour-type", (_ds, cs) => (cs[0].ContourGeometricType = "POINT"), expect.either);
  edit("duplicated-contour", (_ds, cs) => cs.push(JSON.parse(JSON.stringify(cs[4]))), expect.either);

  // references between the sequences
  edit("roi-renamed", (ds) => asArray(ds.StructureSetROISequence).forEach((r: Dataset) => (r.ROIName = `${r.ROIName}-x`)), expect.error);
  edit("roi-number-mismatch", (ds) => asArray(ds.ROIContourSequence).forEach((r: Dataset) => (r.ReferencedROINumber = 999)), expect.error);
  edit("no-contour-sequence", (ds) => asArray(ds.ROIContourSequence).forEach((r: Dataset) => delete r.ContourSequence), expect.error);
  edit("no-roi-contour-sequence", (ds) => delete ds.ROIContourSequence, expect.error);
  edit("no-structure-set-roi-sequence", (ds) => delete ds.StructureSetROISequence, expect.error);
  edit("not-rtstruct", (ds) => {
    ds.Modality = "CT";
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.2";
  }, expect.error);

  // bytes
  const size = bytes.length;
  for (const cut of [0, 128, 132, 200, Math.floor(size / 4), Math.floor(size / 2), size - 100, size - 1]) add("truncated", () => bytes.subarray(0, cut), expect.error);
  add("no-dicm-marker", () => { const b = bytes.slice(); b.set([0x58, 0x58, 0x58, 0x58], 128); return b; }, expect.error);
  add("empty-file", () => new Uint8Array(0), expect.error);
  add("an-image-slice", () => new Uint8Array(readFileSync(ct.slices[0].source)), expect.error);
  for (let n = 0; n < 20; n++) {
    const b = flipBytes(bytes, ctx.random, randomInt(ctx.random, 1, 3), 132, 2000);
    add("header-bytes", () => b, expect.either);
  }
  for (let n = 0; n < 10; n++) {
    const b = flipBytes(bytes, ctx.random, randomInt(ctx.random, 1, 5), 2000, size);
    add("contour-bytes", () => b, expect.either);
  }
}

/** The contours of GTV-1 (every contour of the ROI whose name is GTV-1). */
function gtvContours(ds: Dataset): Dataset[] {
  const roi = asArray(ds.StructureSetROISequence).find((r: Dataset) => String(r.ROIName).trim() === "GTV-1");
  const rc = asArray(ds.ROIContourSequence).find((r: Dataset) => Number(r.ReferencedROINumber) === Number(roi?.ROINumber));
  return asArray(rc?.ContourSequence);
}
