import { basename, dirname, join } from "node:path";
import { type Command, Option } from "commander";
import { usageError } from "../../../analysis/core/errors.js";
import { writeFileAtomic } from "../../io/atomicWrite.js";
import { readDicomSeries } from "../../io/dicom/readSeries.js";
import { writeNifti } from "../../io/niftiWrite.js";
import { isDicomInput, readMask, readVolume } from "../../io/readVolume.js";
import { refuseOutputOverInputs } from "../../report/outputGuard.js";
import { outFileOption } from "../commonOptions.js";
import { addDeprecatedAlias } from "../deprecated.js";
import { addExamples } from "../help.js";
import { warn } from "../progress.js";
import { sharedOption } from "../settingsOptions.js";
import { patientIdPseudonymiser } from "../../privacy/patientIdPseudonym.js";
import { readKey } from "../../privacy/keyFile.js";

/** "out/ct.nii.gz" + "GTV-1" -> "out/ct_GTV-1.nii.gz": the default name of the ROI written beside the image. */
function maskPathBeside(out: string, roi: string): string {
  const name = basename(out).replace(/\.nii(\.gz)?$/i, "");
  return join(dirname(out), `${name}_${roi.replace(/[^A-Za-z0-9._-]+/g, "_")}.nii.gz`);
}

export function registerConvert(program: Command): void {
  const command = program
    .command("convert")
    .description(
      "Convert an image (DICOM folder or file, NIfTI, NRRD) to NIfTI; optionally its ROI too (a DICOM RTSTRUCT structure rasterised " +
        "onto the image grid, or a mask or label map on that grid), as the commands that take --roi read it. " +
        "World coordinates are RAS+ millimetres; DICOM LPS is converted.",
    )
    .addOption(sharedOption("--image", true))
    .addOption(outFileOption("image, .nii or .nii.gz"))
    .addOption(sharedOption("--series"))
    .addOption(sharedOption("--roi"))
    .addOption(sharedOption("--roi-name"))
    .addOption(sharedOption("--roi-label"))
    .addOption(new Option("--roi-out <file>", "where the ROI mask goes (.nii.gz)").default(undefined, "<out>_<roi-name or roi>.nii.gz beside --out"))
    .option("--metadata <file>", "also write the DICOM reproducibility attributes and reader warnings as JSON")
    .option("--pseudonym-key <file>", "DICOM input: record PatientID in --metadata as its keyed, reversible FF1 pseudonym (key from `privacy keygen`)");
  addDeprecatedAlias(command, "--rtstruct <file>", "--roi");
  addDeprecatedAlias(command, "--mask-out <file>", "--roi-out");
  addExamples(
    command,
    [
      { comment: "a DICOM series to NIfTI", line: "deface-impact convert --image ct_dicom/ --out ct.nii.gz" },
      { comment: "and the RTSTRUCT structure GTV-1 rasterised onto it, as ct_GTV-1.nii.gz", line: "deface-impact convert --image ct_dicom/ --roi rs.dcm --roi-name GTV-1 --out ct.nii.gz" },
    ],
    "ct_dicom/: a CT series; rs.dcm: its RTSTRUCT",
  );
  command.action((opts) => {
    if (!opts.image) throw usageError("convert needs --image");
    if (!opts.out) throw usageError("convert needs --out");
    if (!/\.nii(\.gz)?$/i.test(opts.out)) throw usageError("--out must end in .nii or .nii.gz");
    if (!opts.roi && opts.roiName !== undefined) throw usageError("--roi-name names a structure of the RTSTRUCT given as --roi");
    const roiOut: string | undefined = opts.roi ? (opts.roiOut ?? maskPathBeside(opts.out, opts.roiName ?? "roi")) : undefined;
    if (opts.pseudonymKey && !opts.metadata) throw usageError("--pseudonym-key needs --metadata (the pseudonymised PatientID is written there)");
    if (opts.pseudonymKey && !isDicomInput(opts.image)) throw usageError("--pseudonym-key applies to a DICOM input");
    const pseudonym = opts.pseudonymKey ? patientIdPseudonymiser(readKey(opts.pseudonymKey), opts.image) : undefined;
    const guard = { command: "convert", inputs: [opts.image, opts.roi, opts.pseudonymKey] };
    for (const out of [opts.out, roiOut, opts.metadata]) if (out) refuseOutputOverInputs(out, guard);
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
    warnings.forEach(warn);
    // everything is read and checked before the first file is written: a bad ROI leaves no image behind
    const mask = opts.roi ? readMask(opts.roi, volume, { roiName: opts.roiName, label: opts.roiLabel }) : undefined;
    writeNifti(opts.out, volume);
    process.stdout.write(`wrote ${opts.out}: ${volume.dims.join("x")} voxels, ${volume.spacing.map((s) => +s.toFixed(4)).join(" x ")} mm\n`);
    if (mask && roiOut) {
      writeNifti(roiOut, { dims: volume.dims, spacing: volume.spacing, affine: volume.affine, data: mask });
      let n = 0;
      for (let i = 0; i < mask.length; i++) n += mask[i];
      process.stdout.write(`wrote ${roiOut}: ROI ${opts.roiName ? `"${opts.roiName}"` : basename(opts.roi)}, ${n} voxels\n`);
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
