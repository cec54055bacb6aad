import type { Mask, Volume } from "../../analysis/core/volume.js";
import type { Settings } from "../../analysis/settings.js";
import { hasSharedMemory } from "../pool/featureJob.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { readSource } from "./defacingConditions.js";
import { hashInput, type InputRecord } from "../report/provenance.js";
import { requireDefacingSources, requireIbsiConventions, requireSettings, subjectFromPath } from "../settings/requirements.js";

/** The input settings of a run, with the image, the ROI and the subject known. */
export type RunInputSettings = Settings["input"] & { image: string; roi: string; subject: string };

/** Everything `run` reads, in memory: the boundary between the files and the analysis (analyseRun.ts). */
export interface RunInputs {
  input: RunInputSettings;
  image: Volume;
  roi: Mask;
  brainMask?: Mask;
  headMask?: Mask;
  /** the face mask and other tools' defaced images, by sourceKey(kind, path). */
  sources: Map<string, Volume>;
  /** DICOM inputs: the acquisition attributes features depend on (Modality, KVP, EchoTime, ...). */
  acquisition: Record<string, unknown>;
  /** what the readers noticed (skipped DICOM files, resampled slices), in order. */
  warnings: string[];
  /** size and SHA-256 of every input, for the report. */
  files: InputRecord[];
}

/** Where RunInputs.sources holds a face mask ("mask") or another tool's defaced image ("defaced"): they are read differently (readSource). */
export const sourceKey = (kind: "mask" | "defaced", path: string): string => `${kind}:${path}`;

/** The settings `run` cannot do without (its --help marks their options required). */
export const RUN_REQUIRED = ["input.image", "input.roi", "output.dir"] as const;

/** What `run` needs before it reads anything: an image, a ROI, an output, a face-mask source, IBSI conventions. */
export function requireRunSettings(settings: Settings): void {
  requireSettings(settings, "run", [...RUN_REQUIRED]);
  requireDefacingSources(settings);
  requireIbsiConventions(settings, "run");
}

/**
 * Reads a run's inputs through pipeline/io: on Node from the disk, in the web app from the dropped
 * files (web/platform/fs.ts gives the readers the same interface over them). The image goes
 * straight into shared memory where there is some, so the worker pool reads it without a copy.
 */
export function readRunInputs(settings: Settings): RunInputs {
  const { defacing } = settings;
  const image0 = settings.input.image!;
  const input: RunInputSettings = { ...settings.input, image: image0, roi: settings.input.roi!, subject: settings.input.subject ?? subjectFromPath(image0) };
  const warnings: string[] = [];
  const acquisition: Record<string, unknown> = {};
  const image = readVolume(input.image, { series: input.series, warnings, metadata: acquisition, shared: hasSharedMemory() });
  const roi = readMask(input.roi, image, { roiName: input.roiName, label: input.roiLabel });
  const brainMask = input.brainMask ? readMask(input.brainMask, image) : undefined;
  const headMask = input.headMask ? readMask(input.headMask, image) : undefined;
  const sources = new Map<string, Volume>();
  const named = [...(defacing.faceMask ? [{ kind: "mask" as const, path: defacing.faceMask }] : []), ...defacing.defaced.map((d) => ({ kind: "defaced" as const, path: d.path }))];
  for (const { kind, path } of named) {
    const key = sourceKey(kind, path);
    if (!sources.has(key)) sources.set(key, readSource(path, kind));
  }
  const optional = (role: string, path: string | undefined) => (path ? [hashInput(role, path)] : []);
  const files = [
    hashInput("image", input.image),
    hashInput("roi", input.roi),
    ...optional("face mask", defacing.faceMask),
    ...optional("brain mask", input.brainMask),
    ...optional("head mask", input.headMask),
    ...defacing.defaced.map((d) => hashInput(`defaced image ${d.name}`, d.path)),
  ];
  return { input, image, roi, brainMask, headMask, sources, acquisition, warnings, files };
}
