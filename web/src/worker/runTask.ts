import { DefaceImpactError, inputError } from "../../../analysis/core/errors.js";
import type { Volume } from "../../../analysis/core/volume.js";
import { applyFill } from "../../../masks/uniformFill.js";
import { encodeNifti } from "../../../pipeline/io/niftiWrite.js";
import { analyseRun, type RunAnalysis } from "../../../pipeline/run/analyseRun.js";
import { readRunInputs, requireRunSettings, type RunInputs } from "../../../pipeline/run/readRunInputs.js";
import type { SoftwareVersions } from "../../../pipeline/report/software.js";
import { resolveSettings } from "../../../pipeline/settings/resolveSettings.js";
import { mountFiles } from "../platform/fs.js";
import { commandLine } from "../commandLine.js";
import { displayFactor, shrink } from "./displayGrid.js";
import { workerPool } from "./pool.js";
import type { DroppedFile, FromWorker, RunRequest, ViewVolumes } from "./protocol.js";

/** The package's version and its dependencies' (fixed when the web app is built: web/vite.config.ts). */
declare const __DEFACE_IMPACT_SOFTWARE__: Omit<SoftwareVersions, "node" | "browser">;

/** What a finished run keeps for the views the page asks for later. */
interface Finished {
  inputs: RunInputs;
  analysis: RunAnalysis;
}

/**
 * The run worker: reads the dropped files into the in-memory file system (platform/fs.ts), resolves
 * the settings as the CLI does, and runs the CLI's own readRunInputs and analyseRun with the feature
 * jobs on the job workers. Every message goes to `post`.
 */
export class RunTask {
  private finished: Finished | undefined;

  constructor(private readonly post: (message: FromWorker, transfer?: Transferable[]) => void) {}

  async run(request: RunRequest, jobPorts: MessagePort[]): Promise<void> {
    try {
      this.post({ type: "log", line: `reading ${request.files.length} file(s)` });
      mountFiles(await Promise.all(request.files.map(readDropped)));
      const settings = resolveSettings({ flags: request.flags });
      requireRunSettings(settings);
      const inputs = readRunInputs(settings);
      const analysis = await analyseRun(settings, inputs, {
        runJobs: workerPool(jobPorts),
        software: { deface_impact: __DEFACE_IMPACT_SOFTWARE__.deface_impact, browser: browserName(navigator.userAgent), dependencies: __DEFACE_IMPACT_SOFTWARE__.dependencies },
        warn: (message) => this.post({ type: "warn", message }),
        log: (line) => this.post({ type: "log", line }),
        onProgress: (done, total) => this.post({ type: "progress", done, total }),
      });
      this.finished = { inputs, analysis };
      const { report, files, defacing } = analysis;
      const views = this.views(defacing.conditions[0].name);
      this.post(
        {
          type: "done",
          files,
          views,
          summary: {
            subject: inputs.input.subject,
            outputDir: settings.output.dir!,
            conditions: defacing.conditions.map((c) => c.name),
            features: report.result.features.length,
            shifts: report.result.shifts.length,
            warnings: report.warnings,
            command: commandLine(settings),
          },
        },
        [...files.flatMap((f) => (typeof f.data === "string" ? [] : [f.data.buffer as ArrayBuffer])), ...viewBuffers(views)],
      );
    } catch (err) {
      this.post(errorMessage(err));
    }
  }

  /** The image, the ROI, and one condition's defaced image and face mask, as NIfTI files for the viewer. */
  views(condition: string): ViewVolumes {
    if (!this.finished) throw new DefaceImpactError("internal", "no finished run to show");
    const { inputs, analysis } = this.finished;
    const c = analysis.defacing.conditions.find((x) => x.name === condition);
    if (!c) throw new DefaceImpactError("internal", `no condition ${condition}`);
    const { image, roi } = inputs;
    const face = new Uint8Array(roi.length);
    for (const i of c.indices) face[i] = 1;
    // the viewer gets a copy of at most 128 voxels a side (displayGrid.ts)
    const f = displayFactor(image.dims);
    const show = (data: Volume["data"], how: "mean" | "max") => encodeNifti(shrink({ ...image, data }, f, how));
    return {
      image: show(image.data, "mean"),
      roi: show(roi, "max"),
      condition,
      defaced: show(applyFill(image, c.indices, c.values), "mean"),
      faceMask: show(face, "max"),
      window: [analysis.defacing.headThreshold, headBrightEnd(image, analysis.defacing.head)],
      focus: maskCentre(roi, image.dims),
    };
  }

  view(condition: string): void {
    try {
      const views = this.views(condition);
      this.post({ type: "view", views }, viewBuffers(views));
    } catch (err) {
      this.post(errorMessage(err));
    }
  }
}

/** The 99th percentile of the head's intensities (a histogram of a sample keeps it cheap on big scans). */
function headBrightEnd(image: Volume, head: Uint8Array): number {
  const values: number[] = [];
  const step = Math.max(1, Math.floor(image.data.length / 200_000));
  for (let i = 0; i < image.data.length; i += step) if (head[i]) values.push(image.data[i]);
  values.sort((a, b) => a - b);
  return values.length ? values[Math.floor(0.99 * (values.length - 1))] : 1;
}

/** The centre of a mask's voxels as fractions of the grid (voxel centres at (i + 0.5) / n). */
function maskCentre(mask: Uint8Array, dims: Volume["dims"]): [number, number, number] {
  const [nx, ny] = dims;
  const sum = [0, 0, 0];
  let n = 0;
  for (let v = 0; v < mask.length; v++) {
    if (!mask[v]) continue;
    sum[0] += v % nx;
    sum[1] += Math.floor(v / nx) % ny;
    sum[2] += Math.floor(v / (nx * ny));
    n++;
  }
  return n === 0 ? [0.5, 0.5, 0.5] : [0, 1, 2].map((a) => (sum[a] / n + 0.5) / dims[a]) as [number, number, number];
}

const viewBuffers = (v: ViewVolumes): ArrayBuffer[] => [v.image, v.roi, v.defaced, v.faceMask].map((b) => b.buffer as ArrayBuffer);

/** A dropped file's bytes; one the browser cannot read (moved, deleted, no permission) is a bad input named by its path. */
async function readDropped(d: DroppedFile): Promise<{ path: string; bytes: Uint8Array }> {
  try {
    return { path: d.path, bytes: new Uint8Array(await d.file.arrayBuffer()) };
  } catch (err) {
    throw inputError(`the browser cannot read this file (${(err as Error).message})`, d.path, err);
  }
}

/** The page shows a known problem as it is; anything else is a bug, said as one. */
export function errorMessage(err: unknown): FromWorker {
  if (err instanceof DefaceImpactError) return { type: "error", kind: err.kind, message: err.message };
  if (err instanceof RangeError && /allocat|memory|Array buffer/i.test(err.message)) {
    return { type: "error", kind: "input", message: `not enough memory for these images in this browser tab (${err.message})` };
  }
  return { type: "error", kind: "internal", message: `internal error: ${(err as Error)?.message ?? String(err)}` };
}

/** "Chrome 156.0.8078.73", "Firefox 140.0", "Safari 18.5", "Edge 140.0.0.0": the browser as report.json records it. */
export function browserName(userAgent: string): string {
  const match = (pattern: RegExp) => pattern.exec(userAgent)?.[1];
  const edge = match(/Edg\/([\d.]+)/);
  if (edge) return `Edge ${edge}`;
  const firefox = match(/Firefox\/([\d.]+)/);
  if (firefox) return `Firefox ${firefox}`;
  const chrome = match(/(?:Headless)?Chrome\/([\d.]+)/);
  if (chrome) return `Chrome ${chrome}`;
  const safari = match(/Version\/([\d.]+).*Safari/);
  if (safari) return `Safari ${safari}`;
  return userAgent || "unknown browser";
}
