import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Volume } from "../../analysis/core/volume.js";
import { parsePart10 } from "../io/dicom/part10.js";
import { readDicomSeries } from "../io/dicom/readSeries.js";
import { rasteriseRtstruct } from "../io/dicom/rtstruct.js";
import { writeDefacedSeries } from "../io/dicom/write.js";
import { readMask, readVolume } from "../io/readVolume.js";
import type { CheckResult, ValidationSection } from "./types.js";

const check = (name: string, ok: boolean, detail: string): CheckResult => ({ name, ok, detail });
const maxAbsDiff = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i])));
const fmt = (v: readonly number[], d = 4) => v.map((x) => +x.toFixed(d)).join(", ");

/** Whether a command-line tool is on the PATH. */
const hasTool = (tool: string): boolean => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;

/** The error lines dciodvfy prints for a set of files, with UIDs normalised so inputs and outputs compare. */
function dciodvfyErrors(files: string[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    const r = spawnSync("dciodvfy", [f], { encoding: "utf8" });
    for (const line of `${r.stdout}\n${r.stderr}`.split("\n")) {
      if (/^\s*Error/.test(line)) out.add(line.trim().replace(/\d+(\.\d+){3,}/g, "<UID>"));
    }
  }
  return out;
}

/**
 * Identifying values of the input files: names, IDs, full dates, institution and instance UIDs.
 * A value equal to a retained device attribute (Manufacturer, ManufacturerModelName, SoftwareVersions)
 * is left out: the IBSI phantom's exporter wrote "CERR" both as the model and as the institution.
 */
function identifyingValues(files: string[]): Set<string> {
  const retained = new Set<string>();
  const tags = ["00100010", "00100020", "00101000", "00100030", "00080050", "00080080", "00080090", "00081070", "00200010", "0020000D", "0020000E", "00080018", "00200052"];
  const out = new Set<string>();
  for (const f of files) {
    const dict = parsePart10(readFileSync(f), { headerOnly: true }).dict;
    for (const t of ["00080070", "00081090", "00181020"]) for (const v of dict[t]?.Value ?? []) retained.add(String(v).trim());
    for (const [tag, el] of Object.entries(dict)) {
      if (!tags.includes(tag) && el.vr !== "DA") continue;
      for (const v of el.Value ?? []) {
        const text = typeof v === "object" && v !== null ? Object.values(v).join("^") : String(v);
        for (const part of el.vr === "PN" ? text.split(/[\^=]/) : [text]) {
          const clean = part.trim();
          if (clean.length >= 4 && !(el.vr === "DA" && clean.length !== 8)) out.add(clean);
        }
      }
    }
  }
  for (const r of retained) out.delete(r);
  return out;
}

/** Zeroes the front third of the rows (a crude stand-in for a face mask): the values written must come back. */
function crudeDeface(v: Volume): Volume {
  const data = v.data.slice();
  const [nx, ny, nz] = v.dims;
  for (let k = 0; k < nz; k++) for (let j = 0; j < Math.floor(ny / 3); j++) for (let i = 0; i < nx; i++) data[i + nx * (j + ny * k)] = 0;
  return { ...v, data };
}

/** Writes `volume` de-identified, reads it back, and checks it with dcmdump and dciodvfy against the inputs. */
function roundTripChecks(label: string, inputFiles: string[], read: ReturnType<typeof readDicomSeries>, outDir: string, log: (l: string) => void): CheckResult[] {
  const results: CheckResult[] = [];
  const defaced = crudeDeface(read.volume);
  const { files } = writeDefacedSeries(read.source, defaced, outDir, { key: "validation-key", faceRemoved: true, datesToYear: true });
  log(`${label}: wrote ${files.length} de-identified file(s) to ${outDir}`);
  const back = readDicomSeries(outDir);
  let diff = 0;
  for (let i = 0; i < defaced.data.length; i++) if (back.volume.data[i] !== defaced.data[i]) diff++;
  results.push(check(`${label}: defaced series read back`, diff === 0 && maxAbsDiff(back.volume.affine, defaced.affine) < 1e-4,
    `${diff} of ${defaced.data.length} voxels differ; affine max difference ${maxAbsDiff(back.volume.affine, defaced.affine).toExponential(2)} mm`));

  // dates are reduced to the year, so no full 8-digit original date may remain.
  const needles = [...identifyingValues(inputFiles)];
  const found = files.flatMap((f) => {
    const bytes = readFileSync(f);
    return needles.filter((n) => bytes.includes(Buffer.from(n, "latin1"))).map((n) => `${n} in ${f}`);
  });
  results.push(check(`${label}: no original identifying value in the output bytes`, found.length === 0,
    found.length ? `found: ${found.slice(0, 5).join("; ")}` : `${needles.length} values (names, IDs, dates, institution, UIDs) searched in ${files.length} file(s)`));

  if (!hasTool("dcmdump")) {
    results.push(check(`${label}: dcmdump parses every output file`, false, "dcmdump not found: install dcmtk (apt-get install dcmtk)"));
  } else {
    const bad = files.filter((f) => {
      const r = spawnSync("dcmdump", ["-q", f], { encoding: "utf8" });
      return r.status !== 0 || /^E:/m.test(r.stderr);
    });
    results.push(check(`${label}: dcmdump parses every output file`, bad.length === 0, bad.length ? `failed on ${bad.join(", ")}` : `${files.length} file(s) parsed`));
  }
  if (!hasTool("dciodvfy")) {
    results.push(check(`${label}: dciodvfy finds no new errors`, false, "dciodvfy not found: install dicom3tools (apt-get install dicom3tools)"));
  } else {
    const before = dciodvfyErrors(inputFiles);
    const after = dciodvfyErrors(files);
    const added = [...after].filter((e) => !before.has(e));
    results.push(check(`${label}: dciodvfy finds no error the input does not have`, added.length === 0,
      added.length ? `new: ${added.join(" | ")}` : `${after.size} error kind(s) in output, all already in the input (${before.size})`));
  }
  return results;
}

/**
 * DICOM in and out on real data: the IBSI CT phantom series against its NIfTI twin, its RTSTRUCT
 * against the NIfTI mask, the malformed MR series and the enhanced multi-frame file against the
 * geometry stated in the data README, and de-identified defaced output validated by dcmtk and
 * dicom3tools.
 */
export const dicomSection: ValidationSection = {
  name: "dicom",
  async run(dataDir, workDir, log) {
    const results: CheckResult[] = [];
    const ct = join(dataDir, "ibsi", "ct_phantom");
    const ctDir = join(ct, "dicom", "image");

    // 1. IBSI CT phantom: DICOM series == NIfTI voxel for voxel, same geometry.
    const series = readDicomSeries(ctDir);
    const nifti = readVolume(join(ct, "nifti", "image.nii.gz"));
    let differing = 0;
    for (let i = 0; i < nifti.data.length; i++) if (series.volume.data[i] !== nifti.data[i]) differing++;
    const sameDims = series.volume.dims.every((d, i) => d === nifti.dims[i]);
    results.push(check("IBSI CT phantom: DICOM series equals image.nii.gz voxel for voxel", sameDims && differing === 0,
      `dims ${series.volume.dims.join("x")} vs ${nifti.dims.join("x")}; ${differing} voxels differ`));
    const affineDiff = maxAbsDiff(series.volume.affine, nifti.affine);
    results.push(check("IBSI CT phantom: same geometry (affine, RAS)", affineDiff < 1e-3,
      `max affine difference ${affineDiff.toExponential(2)} mm; spacing ${fmt(series.volume.spacing)} mm; origin ${fmt([series.volume.affine[3], series.volume.affine[7], series.volume.affine[11]])}`));

    // 2. RTSTRUCT GTV-1 vs the NIfTI mask.
    const rs = join(ct, "dicom", "rtstruct", "DCM_RS_00060.dcm");
    const roi = rasteriseRtstruct(rs, "GTV-1", series.volume);
    const ref = readMask(join(ct, "nifti", "mask.nii.gz"), nifti);
    let both = 0, a = 0, b = 0;
    for (let i = 0; i < ref.length; i++) {
      a += roi[i];
      b += ref[i];
      both += roi[i] & ref[i];
    }
    const dice = (2 * both) / (a + b);
    results.push(check("IBSI CT phantom: RTSTRUCT GTV-1 rasterised, Dice >= 0.98 against mask.nii.gz", dice >= 0.98,
      `Dice ${dice.toFixed(5)} (${a} voxels rasterised, ${b} in the NIfTI mask)`));

    // 3. MR series (README: 256x256x20, oblique IOP 1,0,0 / 0,0.991,0.134, 0.86 mm pixels, slice centres ~7 mm
    //    apart; brain_001.dcm malformed).
    const mrDir = join(dataDir, "heads", "dicom_mr_pd_series");
    const mr = readDicomSeries(mrDir);
    const mv = mr.volume;
    const colDir = [mv.affine[1], mv.affine[5], mv.affine[9]].map((x) => x / mv.spacing[1]);
    const mrOk = mv.dims.join("x") === "256x256x20" && Math.abs(mv.spacing[0] - 0.859375) < 1e-6 && Math.abs(mv.spacing[1] - 0.859375) < 1e-6 &&
      mv.spacing[2] > 6.9 && mv.spacing[2] < 7.1 && maxAbsDiff(colDir, [0, -0.99096, 0.134158]) < 1e-4;
    results.push(check("MR PD series: 256x256x20, 0.859 mm pixels, oblique column direction (RAS 0,-0.991,0.134), ~7 mm slices", mrOk,
      `dims ${mv.dims.join("x")}, spacing ${fmt(mv.spacing)} mm, column direction ${fmt(colDir)}`));
    const named = mr.warnings.some((w) => w.includes("brain_001.dcm"));
    results.push(check("MR PD series: malformed brain_001.dcm read or skipped with a warning naming it", named,
      mr.warnings.filter((w) => w.includes("brain_001")).join("; ").slice(0, 200) || "no warning names brain_001.dcm"));

    // 4. Enhanced multi-frame (64x64x6; geometry only in the functional groups: PixelSpacing 3.375,
    //    SpacingBetweenSlices 2.4, first frame at LPS -109.79, -58.4773, -5.40356).
    const enhFile = join(dataDir, "heads", "dicom_enhanced", "enh_siemens_mr_6frames.dcm");
    const enh = readDicomSeries(enhFile);
    const ev = enh.volume;
    const origin = [ev.affine[3], ev.affine[7], ev.affine[11]];
    const enhOk = ev.dims.join("x") === "64x64x6" && maxAbsDiff(ev.spacing, [3.375, 3.375, 2.4]) < 1e-4 && maxAbsDiff(origin, [109.79, 58.4773, -5.40356]) < 1e-3;
    results.push(check("enhanced multi-frame MR: 64x64x6, 3.375x3.375x2.4 mm, origin RAS (109.79, 58.477, -5.404)", enhOk,
      `dims ${ev.dims.join("x")}, spacing ${fmt(ev.spacing)} mm, origin ${fmt(origin)}`));

    // 5. Defaced, de-identified output: exact read-back, dcmdump, dciodvfy (no new errors).
    const ctFiles = readdirSync(ctDir).map((f) => join(ctDir, f));
    results.push(...roundTripChecks("CT phantom", ctFiles, series, join(workDir, "ct_defaced"), log));
    const mrFiles = readdirSync(mrDir).map((f) => join(mrDir, f));
    results.push(...roundTripChecks("MR PD series", mrFiles, readDicomSeries(mrDir), join(workDir, "mr_defaced"), log));
    results.push(...roundTripChecks("enhanced MR", [enhFile], readDicomSeries(enhFile), join(workDir, "enh_defaced"), log));
    return results;
  },
};
