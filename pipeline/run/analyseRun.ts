import { inputError } from "../../analysis/core/errors.js";
import { timeStage, timeStageAsync } from "../../analysis/core/stageTimes.js";
import type { Volume } from "../../analysis/core/volume.js";
import type { Settings } from "../../analysis/settings.js";
import type { Modality } from "../../masks/faceMask.js";
import type { JobRunner } from "../pool/featureJob.js";
import { featuresCsv, shiftsCsv } from "../report/csv.js";
import { chartSections, reportHtml, type ChartSections } from "../report/html/reportHtml.js";
import type { ChartRenderer } from "../report/html/charts.js";
import type { RoiHistogram } from "../report/html/types.js";
import { COMPARISON_VIEWS, type PictureEncoder } from "../../masks/render.js";
import { reportMarkdown } from "../report/markdown.js";
import { reportJson, type RunReport } from "../report/runReport.js";
import type { SoftwareVersions } from "../report/software.js";
import { analyseSubject, subjectModality } from "./analyseSubject.js";
import { type CtBrainMaskBuilder, premadeMasks } from "./premadeMasks.js";
import { conditionSpecs } from "./conditionSpec.js";
import { conditionRecords, drawDefacingRenders, maskSources, type DefacingOutcome } from "./defacingConditions.js";
import { intensityUnit } from "./modality.js";
import { sourceKey, type RunInputs } from "./readRunInputs.js";
import { roiHistograms } from "./roiHistograms.js";

export interface AnalysisHooks {
  /** where the feature jobs run (worker threads in Node, Web Workers in the browser). */
  runJobs: JobRunner;
  /** what computed the report (recorded in it). */
  software: SoftwareVersions;
  warn: (message: string) => void;
  /** progress lines of the slower steps (defacing, renders). */
  log?: (line: string) => void;
  onProgress?: (done: number, total: number) => void;
  /** the fills were the demo's choice, not the user's: no warning that zero fill on CT writes water. */
  quietZeroFill?: boolean;
  /** where the renders' PNGs are encoded and the report's charts drawn (default: this thread; run: its workers when it has some). */
  encodePicture?: PictureEncoder;
  renderChart?: ChartRenderer;
  /** where a CT image's automatic brain mask is built while this thread builds the head's masks (run: a worker; default: here, in turn). */
  ctBrainMask?: CtBrainMaskBuilder;
}

/** A run's report, its output files, and the defaced conditions it built (the web app shows them). */
export interface RunAnalysis {
  report: RunReport;
  files: OutputFile[];
  defacing: DefacingOutcome;
}

/** One file of a run's output folder: its name inside the folder and its bytes (or text, UTF-8). */
export interface OutputFile {
  name: string;
  data: string | Uint8Array;
}

/**
 * The analysis of `run`, from its inputs in memory to its output files in memory: the defaced
 * conditions, features for every condition x normalisation x configuration, the shifts, and
 * features.csv, shifts.csv, report.json, report.md, the renders and report.html. No file is read
 * or written here, so the CLI (executeRun.ts) and the web app (web/) run exactly this.
 */
export async function analyseRun(settings: Settings, inputs: RunInputs, hooks: AnalysisHooks): Promise<RunAnalysis> {
  const { input, image, roi } = inputs;
  const warnings: string[] = [];
  const warn = (m: string) => {
    if (!warnings.includes(m)) {
      warnings.push(m);
      hooks.warn(m);
    }
  };
  inputs.warnings.forEach(warn);
  const specs = conditionSpecs(settings.defacing);
  const masks = hooks.ctBrainMask
    ? await premadeMasks(image, subjectModality(settings, image), { specs, brainGiven: inputs.brainMask !== undefined, log: hooks.log ?? (() => {}) }, hooks.ctBrainMask)
    : undefined;
  const { modality, defacing: outcome, features } = analyseSubject(
    {
      subject: input.subject,
      image,
      roi,
      roiName: input.roi,
      brain: inputs.brainMask && input.brainMask ? { mask: inputs.brainMask, name: input.brainMask } : undefined,
      head: inputs.headMask,
    },
    {
      settings,
      specs,
      masks,
      runJobs: hooks.runJobs,
      readImage: (path, kind) => inputs.sources.get(sourceKey(kind, path)) ?? unread(path),
      renders: settings.output.renders,
      quietZeroFill: hooks.quietZeroFill,
      warn,
      log: hooks.log,
      onProgress: hooks.onProgress,
    },
  );
  const { acquisition } = inputs;
  // As soon as the features are in: the report, and when its charts are drawn elsewhere (run's
  // workers), the charts, while this thread still draws the renders. (Failing features are
  // reported after the renders.)
  const reporting = features.then((result) =>
    timeStage("report", () => {
      const report: RunReport = {
        tool: "deface-impact",
        software: hooks.software,
        settings: { ...settings, input },
        inputs: inputs.files,
        image: { ...imageSummary(image, modality), ...(Object.keys(acquisition).length ? { acquisition } : {}) },
        masks: maskSources(outcome, input),
        conditions: conditionRecords(outcome.conditions, image.spacing),
        defacing: outcome.summaries,
        warnings, // the run's array: a warning raised later is still reported
        renders: outcome.toRender.map(({ condition }) => ({ condition, files: COMPARISON_VIEWS.map((view) => ({ view, file: renderFile(condition, view) })) })),
        result,
      };
      const histograms = roiHistograms(inputs.image, inputs.roi, outcome.conditions, result.maps);
      const charts = hooks.renderChart && chartSections(report, histograms, hooks.renderChart);
      charts?.catch(() => {}); // awaited with report.html
      return { report, histograms, charts };
    }),
  );
  reporting.catch(() => {}); // awaited after the renders
  // While the workers extract features, this thread draws the renders, pausing between conditions
  // so the pool can hand them their next jobs.
  const drawn = await drawDefacingRenders(image, outcome.toRender, roi, hooks.log, nextTurn, hooks.encodePicture);
  const { report, histograms, charts } = await reporting;
  const { result } = report;
  // the files' text, charts included, is the report stage's cost (writing them is timed where they are written)
  const files: OutputFile[] = await timeStageAsync("report", async () => [
    { name: "features.csv", data: featuresCsv(result.features) },
    { name: "shifts.csv", data: shiftsCsv(result.shifts) },
    { name: "report.json", data: reportJson(report) },
    { name: "report.md", data: reportMarkdown(report) },
    ...drawn.flatMap(({ condition, renders }) => COMPARISON_VIEWS.map((view) => ({ name: renderFile(condition, view), data: renders[view] }))),
    { name: "report.html", data: await runReportHtml(report, inputs, histograms, charts, drawn) },
  ]);
  return { report, files, defacing: outcome };
}

type DrawnRenders = Awaited<ReturnType<typeof drawDefacingRenders>>;

/** Lets the event loop run once (the feature jobs' results arrive as events): Node's setImmediate, a browser's setTimeout. */
const nextTurn = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));

const renderFile = (condition: string, view: string): string => `renders/${condition}_${view}.png`;

/** report.html with what only the run has in memory: the ROI histograms, the renders, the acquisition. */
function runReportHtml(report: RunReport, inputs: RunInputs, histograms: RoiHistogram[], charts: Promise<ChartSections> | undefined, drawn: DrawnRenders): Promise<string> {
  return reportHtml(report, {
    histograms,
    charts,
    renders: drawn.flatMap(({ condition, renders }) =>
      COMPARISON_VIEWS.map((view) => ({ name: `${condition}_${view}`, png: renders[view], caption: renderCaption(condition, view) })),
    ),
    acquisition: Object.fromEntries(
      Object.entries(inputs.acquisition).map(([k, v]) => [k, v === null || typeof v !== "object" ? (v as string | number | boolean | null) : JSON.stringify(v)]),
    ),
  });
}

/** What a picture of renders/ shows, in words. */
function renderCaption(condition: string, view: string): string {
  if (view === "sagittal_overlay") return `${condition}: mid-sagittal slice (red: removed, green: ROI, blue: brain outline)`;
  return `${condition}, ${view}: before | after | residual face (red: facial skin still where it was), one camera`;
}

/** A face-mask source the inputs do not hold: readRunInputs reads every one the settings name. */
function unread(path: string): never {
  throw inputError("was not read with the run's inputs", path);
}

function imageSummary(image: Volume, modality: Modality): RunReport["image"] {
  return {
    dims: image.dims,
    spacing_mm: image.spacing,
    affine: image.affine,
    intensity_unit: intensityUnit(modality),
    modality: modality.toUpperCase(),
  };
}
