import { basename, dirname, join } from "node:path";
import type { Command } from "commander";
import { usageError } from "../../../analysis/core/errors.js";
import { writeFileAtomic } from "../../io/atomicWrite.js";
import { readDicomSeries } from "../../io/dicom/readSeries.js";
import { rasteriseRtstruct } from "../../io/dicom/rtstruct.js";
import { writeNifti } from "../../io/niftiWrite.js";
import { isDicomInput, readVolume } from "../../io/readVolume.js";
import { refuseOutputOverInputs } from "../../report/outputGuard.js";
import { patientIdPseudonymiser } from "../../privacy/patientIdPseudonym.js";
import { readKey } from "../../privacy/keyFile.js";

/** "out/ct.nii.gz" + "GTV-1" -> "out/ct_GTV-1.nii.gz": the default name of the rasterised ROI. */
function maskPathBeside(out: string, roi: string): string {
  const name = basename(out).replace(/\.nii(\.gz)?$/i, "");
  return join(dirname(out), `${name}_${roi.replace(/[^A-Za-z0-9._-]+/g, "_")}.nii.gz`);
}

export function registerConvert(program: Command): void {
  program
    .command("convert")
    .description(
      "Convert an image (DICOM folder or file, NIfTI, NRRD) to NIfTI; optionally rasterise an RTSTRUCT ROI onto its grid. " +
        "World coordinates are RAS+ millimetres; DICOM LPS is converted.",
    )
    .requiredOption("--image <path>", "DICOM folder (searched recursively), DICOM file, .nii(.gz) or .nrrd")
    .requiredOption("--out <file>", "output image, .nii or .nii.gz (written atomically)")
    .option("--series <uid>", "SeriesInstanceUID to read when the folder holds several series")
    .option("--rtstruct <file>", "DICOM RTSTRUCT whose ROI is rasterised onto the image grid (needs --roi-name)")
    .option("--roi-name <name>", "name of the RTSTRUCT structure (ROI) to rasterise")
    .option("--mask-out <file>", "output mask .nii.gz (default: <out>_<roi-name>.nii.gz beside --out)")
    .option("--metadata <file>", "also write the DICOM reproducibility attributes and reader warnings as JSON")
    .option("--pseudonym-key <file>", "DICOM input: record PatientID in --metadata as its keyed, reversible FF1 pseudonym (key from `privacy keygen`)")
    .action((opts) => {
      if (!/\.nii(\.gz)?$/i.test(opts.out)) throw usageError("--out must end in .nii or .nii.gz");
      if ((opts.rtstruct === undefined) !== (opts.roiName === undefined)) {
        throw usageError("--rtstruct and --roi-name go together");
      }
      if (opts.pseudonymKey && !opts.metadata) throw usageError("--pseudonym-key needs --metadata (the pseudonymised PatientID is written there)");
      if (opts.pseudonymKey && !isDicomInput(opts.image)) throw usageError("--pseudonym-key applies to a DICOM input");
      const pseudonym = opts.pseudonymKey ? patientIdPseudonymiser(readKey(opts.pseudonymKey), opts.image) : undefined;
      const guard = { command: "convert", inputs: [opts.image, opts.rtstruct, opts.pseudonymKey] };
      for (const out of [opts.out, opts.rtstruct ? (opts.maskOut ?? maskPathBeside(opts.out, opts.roiName)) : undefined, opts.metadata]) {
        if (out) refuseOutputOverInputs(out, guard);
      }
      const warnings: string[] = [];
      let metadata: Record<string, unknown> = {};
      let volume;
      if (isDicomInput(opts.image)) {
        const dicom = readDicomSeries(opts.image, { series: opts.series });
        volume = dicom.volume;
        metadata = dicom.metadata;
        const patientId = dicom.source.slices[0]?.dict["00100020"]?.Value?.[0];
        if (pseudonym && patientId !== undefined && String(patientId).trim() !== "") metadata = { PatientID: pseudonym(String(patientId)), ...metadata };
        warnings.push(...dicom.warnings);
      } else {
        volume = readVolume(opts.image, { warnings, keepNonFinite: true });
      }
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
      // everything is read and checked before the first file is written: a bad RTSTRUCT leaves no image behind
      const mask = opts.rtstruct ? rasteriseRtstruct(opts.rtstruct, opts.roiName, volume) : undefined;
      writeNifti(opts.out, volume);
      process.stdout.write(`wrote ${opts.out}: ${volume.dims.join("x")} voxels, ${volume.spacing.map((s) => +s.toFixed(4)).join(" x ")} mm\n`);
      if (mask) {
        const maskOut = opts.maskOut ?? maskPathBeside(opts.out, opts.roiName);
        writeNifti(maskOut, { dims: volume.dims, spacing: volume.spacing, affine: volume.affine, data: mask });
        let n = 0;
        for (let i = 0; i < mask.length; i++) n += mask[i];
        process.stdout.write(`wrote ${maskOut}: ROI "${opts.roiName}", ${n} voxels\n`);
      }
      if (opts.metadata) {
        writeFileAtomic(opts.metadata, `${JSON.stringify({ metadata, warnings, dicom_attributes: dicomAttributesKept(metadata) }, null, 2)}\n`);
        process.stdout.write(`wrote ${opts.metadata}\n`);
      }
    });
}

/** What --metadata says about the DICOM attributes: the acquisition attributes it kept; nothing else reaches the outputs. */
function dicomAttributesKept(metadata: Record<string, unknown>) {
  const derived = new Set(["Slices", "GridSlices", "StackGeometry", "TiltDegrees"]); // computed by the reader, not attributes
  return {
    kept: Object.keys(metadata).filter((k) => !derived.has(k)).sort(),
    removed: "every other attribute (patient, study and series identity, dates, UIDs, institution, physicians, private tags): neither the NIfTI files nor this file carry them",
  };
}
