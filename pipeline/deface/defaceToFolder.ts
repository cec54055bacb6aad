import { basename } from "node:path";
import { type Volume } from "../../analysis/core/volume.js";
import type { DefaceFill } from "../../masks/defaceFill.js";
import { defacingSummary, defacingSummaryMarkdown, type DefacingSummary } from "../../masks/defacingSummary.js";
import { buildFaceMask, defacedImage, type FaceMaskResult, type FaceMaskSource, type Modality } from "../../masks/faceMask.js";
import { importFaceMask } from "../../masks/importDefaced.js";
import { defacingRenders } from "../../masks/render.js";
import { readDicomSeries } from "../io/dicom/readSeries.js";
import type { DeidOptions, DicomSeriesResult } from "../io/dicom/types.js";
import { resolveDeidKey } from "../io/dicom/uidRemap.js";
import { writeDefacedSeries, type WrittenSeries } from "../io/dicom/write.js";
import { writeNifti } from "../io/niftiWrite.js";
import { isDicomInput, readMask, readVolume } from "../io/readVolume.js";
import { restoreNonFinite } from "../io/nonFiniteVoxels.js";
import { checkOutputDir, StagedOutputDir } from "../report/outputDir.js";
import { assertSameGrid } from "../../analysis/core/volume.js";
import { inputError, usageError } from "../../analysis/core/errors.js";
import { readKey } from "../privacy/keyFile.js";
import { patientIdPseudonymiser } from "../privacy/patientIdPseudonym.js";

/**
 * `deface`: read an image (and optional brain mask, ROI, face mask or another tool's output),
 * build the face mask, and write the defaced image, the mask, the renders and a summary into a
 * folder, atomically.
 */
export interface DefaceToFolderOptions {
  image: string;
  out: string;
  /** exactly one source: the built-in defacer, a face-mask file, or another tool's defaced image. */
  defacer?: "shear";
  bufferMm?: number;
  faceMask?: string;
  defaced?: string;
  brainMask?: string;
  roi?: string;
  allowRoiOverlap?: boolean;
  fill?: DefaceFill;
  seed?: number;
  modality?: Modality;
  /** DICOM input: the SeriesInstanceUID when the folder holds several series. */
  series?: string;
  /** the ROI is a DICOM RTSTRUCT: the structure to rasterise. */
  roiName?: string;
  /** DICOM input: secret for UID remapping and date shifts of the de-identified output (default: random, not stored). */
  deidKey?: string;
  /** DICOM input: PS3.15 options of the de-identified output under dicom/. */
  deid?: Omit<DeidOptions, "key">;
  /** DICOM input: key file (`privacy keygen`); PatientID becomes its reversible FF1 pseudonym. */
  pseudonymKey?: string;
  log?: (line: string) => void;
  /** write into a non-empty folder that holds no earlier `deface` output (nothing in it is removed). */
  force?: boolean;
  /** the settings file the command was given (an input: never overwritten). */
  settingsFile?: string;
}

export const DEFACE_OUTPUTS = [
  "defaced.nii.gz",
  "face_mask.nii.gz",
  "render_front_before.png",
  "render_front_after.png",
  "render_side_before.png",
  "render_side_after.png",
  "render_front.png",
  "render_side.png",
  "render_sagittal_overlay.png",
  "deface_summary.json",
  "deface_summary.md",
] as const;

export function defaceToFolder(o: DefaceToFolderOptions): { result: FaceMaskResult; summary: DefacingSummary } {
  const log = o.log ?? (() => {});
  // Before the work: the output may not be, hold or lie inside any input, nor replace a folder of other files.
  const guard = { command: "deface", inputs: [o.image, o.faceMask, o.defaced, o.brainMask, o.roi, o.settingsFile, o.pseudonymKey], force: o.force };
  checkOutputDir(o.out, guard);
  if (o.pseudonymKey && !isDicomInput(o.image)) throw usageError("--pseudonym-key applies to a DICOM input (it pseudonymises the PatientID of the de-identified series)");
  // the key is read (and its permissions checked) before the work
  const patientIdPseudonym = o.pseudonymKey ? patientIdPseudonymiser(readKey(o.pseudonymKey), o.image) : undefined;
  log(`reading ${o.image}`);
  // A DICOM input is kept with its source data sets so the defaced series can be written back.
  const dicom: DicomSeriesResult | undefined = isDicomInput(o.image) ? readDicomSeries(o.image, { series: o.series }) : undefined;
  const readWarnings: string[] = [];
  const image = dicom ? dicom.volume : readVolume(o.image, { warnings: readWarnings });
  // an ID FF1 cannot take fails now, not after the defacing
  const patientId = dicom?.source.slices[0]?.dict["00100020"]?.Value?.[0];
  if (patientIdPseudonym && patientId !== undefined && String(patientId).trim() !== "") patientIdPseudonym(String(patientId));
  const brain = o.brainMask ? { mask: readMask(o.brainMask, image), name: o.brainMask } : undefined;
  const roi = o.roi ? readMask(o.roi, image, { roiName: o.roiName }) : undefined;
  if (roi && !roi.includes(1)) throw inputError("the ROI is empty (no voxel is 1): nothing to check the face mask against", o.roi);
  let source: FaceMaskSource;
  let sourceName: string;
  if (o.defaced) {
    const other = readVolume(o.defaced);
    assertSameGrid(image, other, o.defaced);
    source = { kind: "defaced", image: other, name: o.defaced };
    sourceName = `defaced image ${basename(o.defaced)}`;
  } else if (o.faceMask) {
    const values = readVolume(o.faceMask, { keepNonFinite: true }); // a mask: NaN is refused, not treated as background
    assertSameGrid(image, values, o.faceMask);
    source = { kind: "mask", mask: importFaceMask(values.data, o.faceMask), name: o.faceMask };
    sourceName = `face mask ${basename(o.faceMask)}`;
  } else {
    source = { kind: "shear", bufferMm: o.bufferMm };
    sourceName = `shear defacer (buffer ${o.bufferMm ?? 10} mm)`;
  }
  const result = buildFaceMask(image, {
    source,
    fill: o.fill,
    seed: o.seed,
    brain,
    roi,
    roiName: o.roi,
    allowRoiOverlap: o.allowRoiOverlap,
    modality: o.modality,
    log,
  });
  const summary = defacingSummary(sourceName, result);
  summary.warnings.unshift(...readWarnings);
  if (dicom) summary.warnings.push(...dicom.warnings);
  log("rendering");
  const renders = defacingRenders(
    { image, iso: result.headThreshold, head: result.head, headGrown: result.headGrown, roi, brain: result.brain },
    { mask: result.mask, indices: result.indices, values: result.fillValues },
    result.faceRegion,
  );
  // another tool's output is written back as it is; otherwise the input with the fill applied
  const defaced = source.kind === "defaced" ? source.image : defacedImage(image, result);
  // non-finite voxels were read as background; outside the face they are written back as they were
  if (source.kind !== "defaced") restoreNonFinite(image, defaced, result.mask);
  const dir = new StagedOutputDir(o.out, guard);
  let deidentification: WrittenSeries["deidentification"] | undefined;
  try {
    writeNifti(dir.path("defaced.nii.gz"), defaced);
    writeNifti(dir.path("face_mask.nii.gz"), { ...image, data: result.mask });
    if (dicom) {
      log("writing the de-identified DICOM series to dicom/");
      if (dicom.source.kind === "multiframe" && dicom.source.resampled) {
        summary.warnings.push("no dicom/ output: the enhanced multi-frame input was resampled onto a regular grid; use defaced.nii.gz");
      } else {
        const written = writeDefacedSeries(dicom.source, defaced, dir.path("dicom"), {
          ...o.deid,
          ...(patientIdPseudonym ? { patientIdPseudonym } : {}),
          key: resolveDeidKey(o.deidKey),
          faceRemoved: true,
        });
        summary.warnings.push(...written.warnings);
        deidentification = written.deidentification;
      }
    }
    dir.write("render_front_before.png", renders.front_before);
    dir.write("render_front_after.png", renders.front_after);
    dir.write("render_side_before.png", renders.side_before);
    dir.write("render_side_after.png", renders.side_after);
    dir.write("render_front.png", renders.front);
    dir.write("render_side.png", renders.side);
    dir.write("render_sagittal_overlay.png", renders.sagittal_overlay);
    const deid = deidentification ? { dicom_deidentification: deidentification } : {};
    dir.write("deface_summary.json", JSON.stringify({ image: basename(o.image), ...summary, ...deid }, null, 2) + "\n");
    dir.write(
      "deface_summary.md",
      `# Defacing of ${basename(o.image)}\n\n${defacingSummaryMarkdown(summary)}\n\n` +
        (deidentification ? `${deidentificationMarkdown(deidentification)}\n\n` : "") +
        "Skin surface before, after, and the residual face (red: facial skin still where it was), one camera per view:\n\n" +
        "![front: before, after, residual face](render_front.png)\n\n![side: before, after, residual face](render_side.png)\n\n" +
        "Each picture on its own: render_front_before.png, render_front_after.png, render_side_before.png, render_side_after.png.\n\n" +
        "Mid-sagittal slice (red: removed, green: the ROI projected onto the slice, blue: brain outline):\n\n![mid-sagittal](render_sagittal_overlay.png)\n",
    );
    dir.commit();
  } catch (err) {
    dir.abandon();
    throw err;
  }
  return { result, summary };
}

/** The de-identification of the DICOM output in words: what happened to which attributes. */
export function deidentificationMarkdown(d: WrittenSeries["deidentification"]): string {
  const lines = ["## DICOM de-identification (dicom/)", "", "PS3.15 Annex E Basic Profile; what happened to each attribute of the input:", ""];
  for (const [outcome, names] of Object.entries(d)) {
    if (outcome !== "private_attributes_removed" && names.length) lines.push(`- ${outcome} (${names.length}): ${names.join(", ")}`);
  }
  const priv = d.private_attributes_removed;
  lines.push(`- private attributes removed (${priv.length})${priv.length ? `: ${priv.join(", ")}` : ""}`);
  return lines.join("\n");
}
