import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { gunzipSync, inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Mask, Volume } from "../../../analysis/core/volume.js";
import { makeHeadPhantom, type HeadPhantom } from "../../../fixtures/phantom/makeHeadPhantom.js";
import { writeNifti } from "../../../pipeline/io/niftiWrite.js";
import { writeNrrd } from "../../../pipeline/io/nrrdWrite.js";
import { projectRoot } from "../../../pipeline/version.js";
import { IDENTIFYING } from "../io/dicom/identity.js";
import { writePhantomDicom } from "../io/dicom/phantomDicom.js";

/**
 * Planted identifiers: the phantom carries a patient's identity in every place an input can hold
 * one (DICOM attributes of the series and the RTSTRUCT, private tags, the NIfTI header's descrip,
 * aux_file and intent_name, NRRD fields, key/value pairs and comments) and a secret on the command
 * line (--deid-key). Every command that reads them runs (deface, convert, run, features, compare), and no output file (NIfTI headers and
 * voxels after gunzip, DICOM, JSON, CSV, Markdown, HTML and its inline images, PNG text chunks inflated) nor the
 * command's own log holds any of those strings, in any letter case.
 */
const main = join(projectRoot(), "dist", "pipeline", "cli", "main.js");

/** Identifying DICOM attributes (identity.ts), and free text that names the patient, a physician and a phone number. */
const DICOM_IDENTITY: Record<string, string> = {
  ...IDENTIFYING,
  PatientAddress: "7 Lantern Lane, Brookfield",
  StudyDescription: "Head Doeberg trauma",
  SeriesDescription: "Doeberg axial 20210315",
  ImageComments: "call Dr Housemann 555-0199",
};
const PRIVATE_VALUE = "SECRET-PRIVATE-VALUE";
const RTSTRUCT_IDENTITY = { PatientName: "Doeberg^Johnathan^Q", PatientID: "PID-998877", StructureSetLabel: "Plan-Doeberg", StructureSetDate: "20210319", OperatorsName: "Contourova^Carla" };
const NIFTI_IDENTITY = { descrip: "Doeberg Johnathan MRN 4471-2290", aux_file: "doeberg_lut_4471", intent_name: "mrn44712290" };
const NRRD_IDENTITY = ["# scanned for Doeberg Johnathan, MRN 4471-2290", "content: Doeberg-Johnathan-head", "PatientName:=Doeberg^Johnathan^Q", "PatientID:=PID-998877"];
const DEID_KEY = "hunter2-site-secret-9f3a";

/** Every string that must not reach an output (dates also as ISO dates); each at least 6 characters, so voxel bytes cannot hold one by chance. */
const NEEDLES = [
  ...Object.entries(DICOM_IDENTITY).filter(([k]) => k !== "PatientAge").map(([, v]) => v),
  ...["Doeberg", "Johnathan", "Housemann", "Techson", "Contourova", "Elsewhere", "Harbour Road", "Lantern Lane", "4471-2290", "44712290", "555-0199"],
  ...["19610407", "20210315", "20210316", "20210317", "20210318", "20210319"].map((d) => [d, `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`]).flat(),
  PRIVATE_VALUE,
  "Plan-Doeberg",
  NIFTI_IDENTITY.aux_file,
  DEID_KEY,
];

describe("no planted identifier or secret of the input reaches an output", () => {
  const dir = mkdtempSync(join(tmpdir(), "planted-phi-"));
  const inputs = join(dir, "in");
  const outs = join(dir, "out");
  let phantom: HeadPhantom;
  beforeAll(() => {
    phantom = makeHeadPhantom({ kind: "ct", seed: 3, dims: [64, 64, 64], spacing: [3, 3, 3] });
    mkdirSync(inputs);
    mkdirSync(outs);
    const extra = { ...DICOM_IDENTITY, "00090010": "PRIVATE CREATOR X", "00091001": PRIVATE_VALUE, _vrMap: { "00090010": "LO", "00091001": "LO" } };
    writePhantomDicom(join(inputs, "series"), join(inputs, "rs.dcm"), phantom, extra, RTSTRUCT_IDENTITY);
    const mask = (m: Mask): Volume => ({ ...phantom.image, data: m });
    writeNifti(join(inputs, "roi.nii.gz"), mask(phantom.roi));
    writeNifti(join(inputs, "face.nii.gz"), mask(phantom.faceMask));
    writePlantedNifti(join(inputs, "head.nii"), phantom.image);
    writePlantedNrrd(join(inputs, "head.nrrd"), phantom.image);
    writeFileSync(join(inputs, "cohort.csv"), "subject,image,roi,face_mask,mask-min\ns01,head.nii,roi.nii.gz,face.nii.gz,builtin:mask:min\ns02,head.nrrd,roi.nii.gz,face.nii.gz,builtin:mask:min\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the planted values are where a reader finds them (so the test can fail)", () => {
    const found = (path: string) => NEEDLES.filter((n) => lowerText(path).includes(n.toLowerCase()));
    expect(found(join(inputs, "series", readdirSync(join(inputs, "series"))[0]))).toEqual(expect.arrayContaining(["Doeberg^Johnathan^Q", "PID-998877", PRIVATE_VALUE, "Saint Elsewhere Hospital"]));
    expect(found(join(inputs, "rs.dcm"))).toEqual(expect.arrayContaining(["Plan-Doeberg", "20210319"]));
    expect(found(join(inputs, "head.nii"))).toEqual(expect.arrayContaining(["Doeberg", "4471-2290", NIFTI_IDENTITY.aux_file, "44712290"]));
    expect(found(join(inputs, "head.nrrd"))).toEqual(expect.arrayContaining(["Doeberg", "PID-998877"]));
  });

  const cases: [string, (o: string) => string[]][] = [
    ["deface a DICOM series (dates removed)", (o) => ["deface", "--image", "in/series", "--defacer", "shear", "--deid-key", DEID_KEY, "--out", o]],
    ["deface a DICOM series (dates shifted, descriptors cleaned)", (o) => ["deface", "--image", "in/series", "--defacer", "shear", "--deid-key", DEID_KEY, "--deid-dates", "shift", "--deid-clean-descriptors", "--out", o]],
    ["deface a DICOM series (year only)", (o) => ["deface", "--image", "in/series", "--defacer", "shear", "--deid-key", DEID_KEY, "--deid-dates", "year", "--out", o]],
    ["convert a DICOM series and its RTSTRUCT", (o) => ["convert", "--image", "in/series", "--rtstruct", "in/rs.dcm", "--roi-name", "GTV-1", "--out", `${o}/ct.nii.gz`, "--metadata", `${o}/ct.json`]],
    ["run on a DICOM series with an RTSTRUCT ROI", (o) => ["run", "--image", "in/series", "--roi", "in/rs.dcm", "--roi-name", "GTV-1", "--defacer", "shear", "--threads", "1", "--quiet", "--out", o]],
    ["features of a DICOM series", (o) => ["features", "--image", "in/series", "--roi", "in/rs.dcm", "--roi-name", "GTV-1", "--quiet", "--out", `${o}/features.csv`]],
    ["deface a NIfTI", (o) => ["deface", "--image", "in/head.nii", "--defacer", "shear", "--out", o]],
    ["compare a cohort of NIfTIs", (o) => ["compare", "--manifest", "in/cohort.csv", "--threads", "1", "--quiet", "--discretisation", "fbn16", "--out", o]],
    ["run on a NIfTI", (o) => ["run", "--image", "in/head.nii", "--roi", "in/roi.nii.gz", "--defacer", "shear", "--threads", "1", "--quiet", "--out", o]],
    ["convert a NIfTI", (o) => ["convert", "--image", "in/head.nii", "--out", `${o}/head.nii.gz`]],
    ["deface an NRRD", (o) => ["deface", "--image", "in/head.nrrd", "--face-mask", "in/face.nii.gz", "--out", o]],
    ["run on an NRRD", (o) => ["run", "--image", "in/head.nrrd", "--roi", "in/roi.nii.gz", "--face-mask", "in/face.nii.gz", "--threads", "1", "--quiet", "--out", o]],
  ];
  cases.forEach(([name, args], n) => {
    it(`${name}: no output file and no log line holds a planted value`, () => {
      const out = join("out", String(n + 1));
      if (args(out)[0] === "convert" || args(out)[0] === "features") mkdirSync(join(dir, out));
      expect(leaksOf(dir, args(out), out)).toEqual([]);
    }, 300_000);
  });

  it("the scan does find what an option keeps: --deid-keep-device leaves the station and the serial number", () => {
    const out = join("out", "keep-device");
    const leaks = leaksOf(dir, ["deface", "--image", "in/series", "--defacer", "shear", "--deid-keep-device", "--out", out], out);
    expect(new Set(leaks.map((l) => l.replace(/^.*: /, "")))).toEqual(new Set(['"CTSTATION42"', '"SN-31415"']));
    expect(leaks.filter((l) => l.startsWith(`${out}/dicom/`)).length).toBe(2 * 64); // both, in each slice
  }, 300_000);

  it("deface says what it did to each DICOM attribute (deface_summary.json and .md)", () => {
    const summary = JSON.parse(readFileSync(join(outs, "2", "deface_summary.json"), "utf8"));
    const d = summary.dicom_deidentification as Record<string, string[]>;
    const outcomeOf = (name: string) => Object.keys(d).filter((k) => d[k].includes(name));
    // PS3.15 table E.1-1, the least destructive action that keeps the instance valid
    for (const name of ["PatientName", "PatientBirthDate", "AccessionNumber", "StudyID"]) expect(outcomeOf(name), name).toEqual(["emptied"]); // Z
    for (const name of ["PatientID", "InstitutionName", "OperatorsName", "StationName", "DeviceSerialNumber"]) expect(outcomeOf(name), name).toEqual(["replaced"]); // D
    for (const name of ["OtherPatientIDs", "PatientAddress", "InstitutionAddress", "PatientAge"]) expect(outcomeOf(name), name).toEqual(["removed"]); // X
    for (const name of ["StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "FrameOfReferenceUID"]) expect(outcomeOf(name), name).toEqual(["remapped"]); // U
    // the options of this run: longitudinal dates shifted, descriptions cleaned
    for (const name of ["StudyDate", "SeriesDate", "AcquisitionDate", "ContentDate"]) expect(outcomeOf(name), name).toEqual(["dates shifted"]);
    for (const name of ["SeriesDescription", "StudyDescription", "ImageComments"]) expect(outcomeOf(name), name).toEqual(["cleaned"]);
    for (const name of ["Modality", "PixelSpacing", "ImageOrientationPatient", "RescaleIntercept"]) expect(outcomeOf(name), name).toEqual(["kept"]);
    expect(d.private_attributes_removed).toEqual(["(0009,0010)", "(0009,1001)"]);
    expect(d.added).toEqual(expect.arrayContaining(["PatientIdentityRemoved", "DeidentificationMethod"]));
    const md = readFileSync(join(outs, "2", "deface_summary.md"), "utf8");
    expect(md).toMatch(/## DICOM de-identification/);
    expect(md).toMatch(/- emptied \(\d+\): .*PatientName/);
    expect(md).toMatch(/- private attributes removed \(2\): \(0009,0010\), \(0009,1001\)/);
    // the default (dates removed, no clean descriptors): the descriptions are removed, not cleaned
    const basic = JSON.parse(readFileSync(join(outs, "1", "deface_summary.json"), "utf8")).dicom_deidentification;
    expect(basic.removed).toEqual(expect.arrayContaining(["SeriesDescription", "StudyDescription", "ImageComments"]));
  });

  it("convert --metadata lists the DICOM attributes it kept and none that identifies", () => {
    const meta = JSON.parse(readFileSync(join(outs, "4", "ct.json"), "utf8"));
    expect(meta.dicom_attributes.kept).toContain("Modality");
    for (const name of Object.keys(DICOM_IDENTITY)) expect(meta.dicom_attributes.kept).not.toContain(name);
  });
});

/** Runs the command in `dir`; returns "file: needle" for every planted value in its output folder `out` or its log. */
function leaksOf(dir: string, args: string[], out: string): string[] {
  const r = spawnSync(process.execPath, [main, ...args], { cwd: dir, encoding: "utf8", timeout: 300_000 });
  expect(r.status, r.stderr).toBe(0);
  const files = listFiles(join(dir, out));
  expect(files.length).toBeGreaterThan(0);
  const leaks: string[] = [];
  for (const [what, text] of [["stdout", r.stdout.toLowerCase()], ["stderr", r.stderr.toLowerCase()], ...files.map((f) => [relative(dir, f), lowerText(f)])]) {
    for (const needle of NEEDLES) if (text.includes(needle.toLowerCase())) leaks.push(`${what}: "${needle}"`);
  }
  return leaks;
}

/** The text of a file as a reader of any format would see it: gunzipped, PNG text chunks inflated; lower case. */
function lowerText(path: string): string {
  let bytes: Buffer = readFileSync(path);
  if (path.endsWith(".gz")) bytes = gunzipSync(bytes);
  const parts = [bytes.toString("latin1")];
  if (path.endsWith(".png")) parts.push(...pngTexts(bytes));
  if (path.endsWith(".html")) {
    // the report's inline images: their bytes and text chunks, not just their base64
    for (const m of bytes.toString("latin1").matchAll(/data:image\/png;base64,([A-Za-z0-9+/=]+)/g)) {
      const png = Buffer.from(m[1], "base64");
      parts.push(png.toString("latin1"), ...pngTexts(png));
    }
  }
  return parts.join("\n").toLowerCase();
}

/** tEXt, zTXt and iTXt chunks of a PNG, compressed ones inflated. */
function pngTexts(png: Buffer): string[] {
  const texts: string[] = [];
  for (let at = 8; at + 8 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === "tEXt") texts.push(body.toString("latin1"));
    if (type === "zTXt") texts.push(inflateSync(body.subarray(body.indexOf(0) + 2)).toString("latin1"));
    if (type === "iTXt") {
      const keyEnd = body.indexOf(0);
      const compressed = body[keyEnd + 1] === 1;
      let rest = body.subarray(keyEnd + 3);
      rest = rest.subarray(rest.indexOf(0) + 1); // language tag
      rest = rest.subarray(rest.indexOf(0) + 1); // translated keyword
      texts.push((compressed ? inflateSync(rest) : rest).toString("utf8"));
    }
    at += 12 + length;
  }
  return texts;
}

function listFiles(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const p = join(root, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

/** The image as an uncompressed NIfTI whose header's free-text fields carry the identity. */
function writePlantedNifti(path: string, image: Volume): void {
  writeNifti(path, image, { description: NIFTI_IDENTITY.descrip });
  const bytes = readFileSync(path);
  bytes.write(NIFTI_IDENTITY.aux_file.padEnd(24, "\0"), 228, 24, "latin1");
  bytes.write(NIFTI_IDENTITY.intent_name.padEnd(16, "\0"), 328, 16, "latin1");
  writeFileSync(path, bytes);
}

/** The image as an NRRD whose header carries the identity in a comment, the content field and key/value pairs. */
function writePlantedNrrd(path: string, image: Volume): void {
  writeNrrd(path, image, { encoding: "raw" });
  const bytes = readFileSync(path);
  const firstLineEnd = bytes.indexOf(0x0a) + 1;
  writeFileSync(path, Buffer.concat([bytes.subarray(0, firstLineEnd), Buffer.from(NRRD_IDENTITY.join("\n") + "\n", "latin1"), bytes.subarray(firstLineEnd)]));
}
