import type { ErrorKind } from "../../../analysis/core/errors.js";
import type { FeatureJob, FeatureJobResult, SharedVolume } from "../../../pipeline/pool/featureJob.js";
import type { OutputFile } from "../../../pipeline/run/analyseRun.js";

/**
 * The messages between the page and its workers. One worker script plays two roles: the run
 * worker (reads the dropped files, runs analyseRun, answers for the views) and the job workers
 * (runFeatureJob, one feature job at a time), which the page starts and connects to the run
 * worker with a MessagePort each.
 */

/** A dropped file and its path as the run's settings name it ("ct.nii.gz", "series/IM0001.dcm"). */
export interface DroppedFile {
  path: string;
  file: File;
}

/** What the page asks a run for: the files, and the settings as the command line's options would give them. */
export interface RunRequest {
  files: DroppedFile[];
  /** a settings fragment grouped as the schema (input, defacing, output, ...), resolved in the worker. */
  flags: Record<string, unknown>;
}

export type ToWorker =
  | { type: "run"; request: RunRequest; jobPorts: MessagePort[] }
  | { type: "job-port"; port: MessagePort }
  | { type: "view"; condition: string };

/** What the page shows of a finished run besides the files. */
export interface RunSummary {
  subject: string;
  outputDir: string;
  conditions: string[];
  features: number;
  shifts: number;
  warnings: string[];
  /** the equivalent command line, to reproduce the run's files byte for byte with the CLI. */
  command: string;
}

/** The volumes the viewer shows, as NIfTI files: the image and ROI, and one defaced condition with its face mask. */
export interface ViewVolumes {
  image: Uint8Array;
  roi: Uint8Array;
  condition: string;
  defaced: Uint8Array;
  faceMask: Uint8Array;
  /** grey window of the image: from the skin's intensity (where the 3D render's surface lies) to the head's bright end. */
  window: [number, number];
  /** the ROI's centre as fractions of the grid, where the slices cross. */
  focus: [number, number, number];
}

export type FromWorker =
  | { type: "log"; line: string }
  | { type: "warn"; message: string }
  | { type: "progress"; done: number; total: number }
  | { type: "done"; files: OutputFile[]; summary: RunSummary; views: ViewVolumes }
  | { type: "view"; views: ViewVolumes }
  | { type: "error"; kind: ErrorKind; message: string };

/** A buffer as it crosses to a job worker: sent once per worker, then named by its id. */
export interface BufferRef {
  id: number;
  buffer?: ArrayBufferLike;
}

/** A FeatureJob on the wire: its image and ROI buffers by reference. */
export type WireJob = Omit<FeatureJob, "image" | "roi"> & { image: Omit<SharedVolume, "buffer"> & { buffer: BufferRef }; roi: BufferRef };

export type ToJobWorker = { type: "job"; id: number; job: WireJob };

export type FromJobWorker =
  | { type: "result"; id: number; result: FeatureJobResult }
  | { type: "failure"; id: number; kind: ErrorKind; message: string };
