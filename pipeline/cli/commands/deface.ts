import { type Command, Option } from "commander";
import { usageError } from "../../../analysis/core/errors.js";
import { parseDefaceFill } from "../../../masks/defaceFill.js";
import { defaceToFolder } from "../../deface/defaceToFolder.js";
import { requireSettings } from "../../settings/requirements.js";
import { forceOption, outDirOption, quietOption } from "../commonOptions.js";
import { addExamples } from "../help.js";
import { folderName, warn } from "../progress.js";
import { addSettingsOptions, commandSettings } from "../settingsOptions.js";

/** The settings `deface` cannot do without (its --help marks their options required). */
const DEFACE_REQUIRED = ["input.image", "output.dir"] as const;

export function registerDeface(program: Command): void {
  const command = program
    .command("deface")
    .description(
      "Remove the face from a head CT/MRI and write defaced.nii.gz, face_mask.nii.gz, skin renders before/after " +
        "(front and side), a mid-sagittal overlay, and a safety/privacy summary (deface_summary.json, .md). " +
        "The built-in shear defacer by default; --face-mask applies a given mask, and --defaced analyses another tool's output. " +
        "A DICOM input also gets its defaced, de-identified series in OUT/dicom/.",
    );
  addSettingsOptions(command, ["input", "modality", "sources", "fills", "defacing"], { required: DEFACE_REQUIRED })
    .addOption(new Option("--deid-key <secret>", "DICOM output: secret for UID remapping and date shifts; the same key gives the same UIDs").default(undefined, "random, not stored"))
    .option("--deid-dates <mode>", "DICOM output dates: remove (PS3.15 basic profile) | shift (per-patient offset, keeps intervals) | year (keep only the year)", "remove")
    .option("--deid-keep-device", "DICOM output: Retain Device Identity Option (serial numbers, station names)")
    .option("--deid-clean-descriptors", "DICOM output: Clean Descriptors Option (keep descriptions, removing identifying values)")
    .option("--pseudonym-key <file>", "DICOM output: PatientID becomes its keyed, reversible FF1 pseudonym (key from `privacy keygen`; reverse with `privacy reidentify`)")
    .addOption(outDirOption("deface"))
    .addOption(forceOption())
    .addOption(quietOption());
  addExamples(
    command,
    [
      { comment: "the built-in shear defacer, guided by the automatic brain mask; the face filled with air (min)", line: "deface-impact deface --image image.nii.gz --out defaced/" },
      { comment: "the phantom's brain mask, the face filled with the scan's own background noise", line: "deface-impact deface --image image.nii.gz --brain-mask brain_mask.nii.gz --fill noise --out defaced_noise/" },
      { comment: "check another tool's output (here the first example's): removed voxels, fill, safety and privacy", line: "deface-impact deface --image image.nii.gz --defaced defaced/defaced.nii.gz --out check/" },
    ],
    "in a folder written by `deface-impact phantom --kind ct --out .`",
  );
  command.action((opts, cmd: Command) => {
      const settings = commandSettings(cmd, { output: { dir: opts.out, force: opts.force } });
      if (!settings) return;
      requireSettings(settings, "deface", [...DEFACE_REQUIRED]);
      const { input, defacing } = settings;
      if (!["remove", "shift", "year"].includes(opts.deidDates)) throw usageError(`unknown --deid-dates "${opts.deidDates}": use remove, shift or year`);
      const sources = [defacing.defacer && "--defacer", defacing.faceMask && "--face-mask", defacing.defaced.length && "--defaced"].filter(Boolean);
      if (sources.length > 1) throw usageError(`deface writes one defaced image: give one of ${sources.join(", ")}`);
      if (defacing.defaced.length > 1) throw usageError("deface analyses one other tool's output: give --defaced once");
      if (defacing.defaced.length && cmd.getOptionValueSource("fill") !== undefined) throw usageError("--fill does not apply to --defaced: the other tool's image keeps its own fill");
      if (defacing.fills.length > 1) throw usageError("deface writes one defaced image: give one --fill");
      const started = Date.now();
      const { summary } = defaceToFolder({
        image: input.image!,
        out: settings.output.dir!,
        defacer: "shear",
        bufferMm: defacing.bufferMm,
        faceMask: defacing.faceMask,
        defaced: defacing.defaced[0]?.path,
        brainMask: input.brainMask,
        roi: input.roi,
        allowRoiOverlap: defacing.allowRoiOverlap,
        fill: defacing.defaced.length ? undefined : parseDefaceFill(defacing.fills[0]),
        seed: defacing.seed,
        modality: input.modality === "auto" ? undefined : input.modality,
        series: input.series,
        roiName: input.roiName,
        deidKey: opts.deidKey,
        pseudonymKey: opts.pseudonymKey,
        deid: {
          retainLongitudinalTemporal: opts.deidDates === "shift",
          datesToYear: opts.deidDates === "year",
          retainDeviceIdentity: opts.deidKeepDevice === true,
          cleanDescriptors: opts.deidCleanDescriptors === true,
        },
        log: opts.quiet ? undefined : (line) => process.stderr.write(`deface: ${line}\n`),
        force: settings.output.force,
        settingsFile: opts.settings,
      });
      for (const w of summary.warnings) warn(w);
      const s = summary.safety;
      process.stdout.write(
        `wrote ${folderName(settings.output.dir!)} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${s.mask_voxels} voxels removed ` +
          `(${s.head_removed_percent ?? "–"} % of the head), brain intrusion ${s.brain_intrusion_voxels ?? "–"} voxels, ` +
          `residual face ${summary.privacy.residual_face_percent ?? "–"} %, fill ${summary.fill}\n`,
      );
    });
}
