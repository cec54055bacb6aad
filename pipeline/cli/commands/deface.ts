import type { Command } from "commander";
import { usageError } from "../../../analysis/core/errors.js";
import { parseDefaceFill } from "../../../masks/defaceFill.js";
import { defaceToFolder } from "../../deface/defaceToFolder.js";
import { requireSettings } from "../../settings/requirements.js";
import { warn } from "../progress.js";
import { addSettingsOptions, commandSettings } from "../settingsOptions.js";

export function registerDeface(program: Command): void {
  const command = program
    .command("deface")
    .description(
      "Remove the face from a head CT/MRI and write defaced.nii.gz, face_mask.nii.gz, skin renders before/after " +
        "(front and side), a mid-sagittal overlay, and a safety/privacy summary (deface_summary.json, .md). " +
        "The built-in shear defacer by default; --face-mask applies a given mask, and --defaced analyses another tool's output. " +
        "A DICOM input also gets its defaced, de-identified series in OUT/dicom/.",
    );
  addSettingsOptions(command, ["input", "modality", "sources", "fills", "defacing"])
    .option("--deid-key <secret>", "DICOM output: secret for UID remapping and date shifts; the same key gives the same UIDs (default: random, not stored)")
    .option("--deid-dates <mode>", "DICOM output dates: remove (PS3.15 basic profile) | shift (per-patient offset, keeps intervals) | year (keep only the year)", "remove")
    .option("--deid-keep-device", "DICOM output: Retain Device Identity Option (serial numbers, station names)", false)
    .option("--deid-clean-descriptors", "DICOM output: Clean Descriptors Option (keep descriptions, removing identifying values)", false)
    .option("--pseudonym-key <file>", "DICOM output: PatientID becomes its keyed, reversible FF1 pseudonym (key from `privacy keygen`; reverse with `privacy reidentify`)")
    .option("--out <dir>", "output folder: new, empty, or an earlier deface output (its files are replaced when everything is written)")
    .option("--force", "write into a non-empty --out folder that holds other files (same names are replaced, nothing is removed)")
    .action((opts, cmd: Command) => {
      const settings = commandSettings(cmd, { output: { dir: opts.out, force: opts.force } });
      if (!settings) return;
      requireSettings(settings, "deface", ["input.image", "output.dir"]);
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
          retainDeviceIdentity: opts.deidKeepDevice,
          cleanDescriptors: opts.deidCleanDescriptors,
        },
        log: (line) => process.stderr.write(`deface: ${line}\n`),
        force: settings.output.force,
        settingsFile: opts.settings,
      });
      for (const w of summary.warnings) warn(w);
      const s = summary.safety;
      process.stdout.write(
        `wrote ${settings.output.dir}/ in ${((Date.now() - started) / 1000).toFixed(1)} s: ${s.mask_voxels} voxels removed ` +
          `(${s.head_removed_percent ?? "–"} % of the head), brain intrusion ${s.brain_intrusion_voxels ?? "–"} voxels, ` +
          `residual face ${summary.privacy.residual_face_percent ?? "–"} %, fill ${summary.fill}\n`,
      );
    });
}
