import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { usageError } from "../../../analysis/core/errors.js";
import { parseDefaceFill } from "../../../masks/defaceFill.js";
import { defaceToFolder } from "../../deface/defaceToFolder.js";
import { warn } from "../progress.js";

const nonNegative = (value: string): number => {
  const n = Number(value);
  if (!(n >= 0) || !Number.isFinite(n)) throw new InvalidArgumentError("expected a number >= 0 (mm)");
  return n;
};
const integer = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError("expected an integer");
  return n;
};

export function registerDeface(program: Command): void {
  program
    .command("deface")
    .description(
      "Remove the face from a head CT/MRI and write defaced.nii.gz, face_mask.nii.gz, skin renders before/after " +
        "(front and side), a mid-sagittal overlay, and a safety/privacy summary (deface_summary.json, .md). " +
        "Instead of the built-in defacer, --face-mask applies a given mask, and --defaced analyses another tool's output.",
    )
    .requiredOption("--image <file>", "head CT (Hounsfield units) or MRI (.nii, .nii.gz, .nrrd, or a DICOM folder/file: then the defaced, de-identified series is also written to OUT/dicom/)")
    .option("--series <uid>", "DICOM: SeriesInstanceUID to read when the folder holds several series")
    .option("--deid-key <secret>", "DICOM output: secret for UID remapping and date shifts; the same key gives the same UIDs (default: random, not stored)")
    .option("--deid-dates <mode>", "DICOM output dates: remove (PS3.15 basic profile) | shift (per-patient offset, keeps intervals) | year (keep only the year)", "remove")
    .option("--deid-keep-device", "DICOM output: Retain Device Identity Option (serial numbers, station names)", false)
    .option("--deid-clean-descriptors", "DICOM output: Clean Descriptors Option (keep descriptions, removing identifying values)", false)
    .option("--pseudonym-key <file>", "DICOM output: PatientID becomes its keyed, reversible FF1 pseudonym (key from `privacy keygen`; reverse with `privacy reidentify`)")
    .option("--defacer <name>", "built-in defacer: shear (a plane 'buffer' mm anterior-inferior of the brain's convex hull)", "shear")
    .option("--buffer <mm>", "distance between the brain and the shear plane, in mm", nonNegative, 10)
    .option("--brain-mask <file>", "brain mask on the image grid (default: automatic for CT; a head-geometry estimate for MRI, with a warning)")
    .option("--face-mask <file>", "use this face mask (binary, or probabilistic: thresholded at 0.5) instead of the defacer")
    .option("--defaced <file>", "another tool's defaced image on the same grid: its mask is the changed voxels, its fill is detected")
    .option("--fill <fill>", "fill of removed voxels: zero | min | constant:VALUE | noise | blur[:SIGMA_MM] (default min: air in CT)")
    .option("--seed <n>", "seed of the noise fill", integer, 1)
    .option("--roi <file>", "region of interest: checked for overlap and distance to the face mask (or a DICOM RTSTRUCT with --roi-name)")
    .option("--roi-name <name>", "the RTSTRUCT structure to use when --roi is an RTSTRUCT")
    .option("--allow-roi-overlap", "report, instead of refusing, a face mask that removes ROI voxels", false)
    .option("--modality <m>", "auto | ct | mr (auto: CT when the image reaches -500 or below)", "auto")
    .requiredOption("--out <dir>", "output folder: new, empty, or an earlier deface output (its files are replaced when everything is written)")
    .option("--force", "write into a non-empty --out folder that holds other files (same names are replaced, nothing is removed)", false)
    .action((opts) => {
      if (opts.defacer !== "shear") throw usageError(`unknown defacer "${opts.defacer}": the built-in defacer is shear`);
      if (opts.faceMask && opts.defaced) throw usageError("give either --face-mask or --defaced, not both");
      if (!["auto", "ct", "mr"].includes(opts.modality)) throw usageError(`unknown modality "${opts.modality}": use auto, ct or mr`);
      if (!["remove", "shift", "year"].includes(opts.deidDates)) throw usageError(`unknown --deid-dates "${opts.deidDates}": use remove, shift or year`);
      if (opts.defaced && opts.fill) throw usageError("--fill does not apply to --defaced: the other tool's image keeps its own fill");
      const started = Date.now();
      const { summary } = defaceToFolder({
        image: opts.image,
        out: opts.out,
        defacer: "shear",
        bufferMm: opts.buffer,
        faceMask: opts.faceMask,
        defaced: opts.defaced,
        brainMask: opts.brainMask,
        roi: opts.roi,
        allowRoiOverlap: opts.allowRoiOverlap,
        fill: opts.fill ? parseDefaceFill(opts.fill) : undefined,
        seed: opts.seed,
        modality: opts.modality === "auto" ? undefined : opts.modality,
        series: opts.series,
        roiName: opts.roiName,
        deidKey: opts.deidKey,
        pseudonymKey: opts.pseudonymKey,
        deid: {
          retainLongitudinalTemporal: opts.deidDates === "shift",
          datesToYear: opts.deidDates === "year",
          retainDeviceIdentity: opts.deidKeepDevice,
          cleanDescriptors: opts.deidCleanDescriptors,
        },
        log: (line) => process.stderr.write(`deface: ${line}\n`),
        force: opts.force,
      });
      for (const w of summary.warnings) warn(w);
      const s = summary.safety;
      process.stdout.write(
        `wrote ${opts.out}/ in ${((Date.now() - started) / 1000).toFixed(1)} s: ${s.mask_voxels} voxels removed ` +
          `(${s.head_removed_percent ?? "–"} % of the head), brain intrusion ${s.brain_intrusion_voxels ?? "–"} voxels, ` +
          `residual face ${summary.privacy.residual_face_percent ?? "–"} %, fill ${summary.fill}\n`,
      );
    });
}
