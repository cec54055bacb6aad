import { dirname, resolve } from "node:path";
import { timeStageAsync } from "../../analysis/core/stageTimes.js";
import type { Volume } from "../../analysis/core/volume.js";
import { ensureDir } from "../io/ensureDir.js";
import { detectModality, type Modality } from "../../masks/faceMask.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { featuresCsv, shiftsCsv } from "../report/csv.js";
import { reportHtml } from "../report/html/reportHtml.js";
import { reportMarkdown } from "../report/markdown.js";
import { hashInput, softwareVersions } from "../report/provenance.js";
import { reportJson, type RunReport } from "../report/runReport.js";
import { checkOutputDir, writeOutputDir } from "../report/outputDir.js";
import type { OutputGuard } from "../report/outputGuard.js";
import type { Settings } from "../../analysis/settings.js";
import { requireDefacingSources, requireIbsiConventions, requireSettings, subjectFromPath } from "../settings/requirements.js";
import { roiHistograms } from "./roiHistograms.js";
import { availableNormalisations } from "./availableNormalisations.js";
import { conditionSpecs } from "./conditionSpec.js";
import { conditionRecords, defacingConditions, drawDefacingRenders, maskSources, zeroFillWarning } from "./defacingConditions.js";
import { intensityUnit } from "./modality.js";
import { runSubject } from "./runSubject.js";

export interface RunHooks {
  threads: number;
  warn: (message: string) => void;
  /** progress lines of the slower steps (defacing, renders). */
  log?: (line: string) => void;
  onProgress?: (done: number, total: number) => void;
  /** the settings file the run was given (an input: never overwritten). */
  settingsFile?: string;
  /** the fills were the demo's choice, not the user's: no warning that zero fill on CT writes water. */
  quietZeroFill?: boolean;
}

/** The settings `run` cannot do without (its --help marks their options required). */
export const RUN_REQUIRED = ["input.image", "input.roi", "output.dir"] as const;

/**
 * `deface-impact run`: read the inputs, build the defaced conditions, extract features for every
 * condition x normalisation x configuration, and write features.csv, shifts.csv, report.json,
 * report.md, report.html and the renders atomically into the output folder.
 */
export async function executeRun(settings: Settings, hooks: RunHooks): Promise<RunReport> {
  requireSettings(settings, "run", [...RUN_REQUIRED]);
  requireDefacingSources(settings);
  requireIbsiConventions(settings, "run");
  const { defacing } = settings;
  const input = { ...settings.input, image: settings.input.image!, roi: settings.input.roi!, subject: settings.input.subject ?? subjectFromPath(settings.input.image!) };
  const outDir = settings.output.dir!;
  // Fail before the work, not after it, when the output cannot or may not be written.
  const guard = runOutputGuard(settings, hooks.settingsFile);
  checkOutputDir(outDir, guard);
  ensureDir(dirname(resolve(outDir)));
  const readWarnings: string[] = [];
  const acquisition: Record<string, unknown> = {};
  // Straight into shared memory: the worker pool reads it without a copy.
  const image = readVolume(input.image, { series: input.series, warnings: readWarnings, metadata: acquisition, shared: true });
  const roi = readMask(input.roi, image, { roiName: input.roiName, label: input.roiLabel });
  const brainFile = input.brainMask ? readMask(input.brainMask, image) : undefined;
  const headFile = input.headMask ? readMask(input.headMask, image) : undefined;
  const modality: Modality = input.modality === "auto" ? detectModality(image) : input.modality;

  const warnings: string[] = [];
  const warn = (m: string) => {
    if (!warnings.includes(m)) {
      warnings.push(m);
      hooks.warn(m);
    }
  };
  readWarnings.forEach(warn);
  const specs = conditionSpecs(defacing);
  const outcome = defacingConditions(
    image,
    specs,
    {
      roi,
      roiName: input.roi,
      brain: brainFile && input.brainMask ? { mask: brainFile, name: input.brainMask } : undefined,
      modality,
      allowRoiOverlap: defacing.allowRoiOverlap,
      renders: settings.output.renders,
      seed: defacing.seed,
    },
    hooks.log,
  );
  outcome.warnings.forEach(warn);
  const zero = hooks.quietZeroFill ? undefined : zeroFillWarning(specs, modality);
  if (zero) warn(zero);
  const headMask = headFile ?? outcome.head;
  const brainMask = brainFile ?? outcome.brain;
  const normalisations = settings.normalisation.methods ?? availableNormalisations({ brainMask, headMask });

  // the time of runSubject not spent in its normalisation, feature and shift stages: cropping and discretising the ROIs
  const features = timeStageAsync("roi preparation", () =>
    runSubject(
      { subject: input.subject, image, roi, roiName: input.roi, conditions: outcome.conditions, brainMask, headMask },
      { settings, normalisations, threads: hooks.threads, onProgress: hooks.onProgress },
    ),
  );
  // While the workers extract features, this thread draws the renders, pausing between conditions
  // so the pool can hand them their next jobs. (Failing features are reported after the renders.)
  features.catch(() => {}); // awaited below: not an unhandled rejection meanwhile
  const drawn = await drawDefacingRenders(image, outcome.toRender, roi, hooks.log, () => new Promise((resolve) => setImmediate(resolve)));
  const result = await features;

  const optional = (role: string, path: string | undefined) => (path ? [hashInput(role, path)] : []);
  const report: RunReport = {
    tool: "deface-impact",
    software: softwareVersions(),
    settings: { ...settings, input },
    inputs: [
      hashInput("image", input.image),
      hashInput("roi", input.roi),
      ...optional("face mask", defacing.faceMask),
      ...optional("brain mask", input.brainMask),
      ...optional("head mask", input.headMask),
      ...defacing.defaced.map((d) => hashInput(`defaced image ${d.name}`, d.path)),
    ],
    image: { ...imageSummary(image, modality), ...(Object.keys(acquisition).length ? { acquisition } : {}) },
    masks: maskSources(outcome, input),
    conditions: conditionRecords(outcome.conditions, image.spacing),
    defacing: outcome.summaries,
    warnings,
    renders: drawn.map(({ condition, renders }) => ({
      condition,
      files: Object.keys(renders).map((view) => ({ view, file: `renders/${condition}_${view}.png` })),
    })),
    result,
  };
  await writeOutputDir(outDir, guard, async (dir) => {
    dir.write("features.csv", featuresCsv(result.features));
    dir.write("shifts.csv", shiftsCsv(result.shifts));
    dir.write("report.json", reportJson(report));
    dir.write("report.md", reportMarkdown(report));
    for (const { condition, renders } of drawn) {
      for (const [view, png] of Object.entries(renders)) dir.write(`renders/${condition}_${view}.png`, png);
    }
    dir.write(
      "report.html",
      await reportHtml(report, {
        histograms: roiHistograms(image, roi, outcome.conditions, result.maps),
        renders: drawn.flatMap(({ condition, renders }) =>
          Object.entries(renders).map(([view, png]) => ({ name: `${condition}_${view}`, png, caption: `${condition}: ${view.replace(/_/g, " ")}` })),
        ),
        acquisition: Object.fromEntries(
          Object.entries(acquisition).map(([k, v]) => [k, v === null || typeof v !== "object" ? (v as string | number | boolean | null) : JSON.stringify(v)]),
        ),
      }),
    );
  });
  return report;
}

/** Everything `run` reads: its output may be none of these, hold them or lie inside them. */
function runOutputGuard(settings: Settings, settingsFile?: string): OutputGuard {
  const { input, defacing } = settings;
  return {
    command: "run",
    inputs: [input.image, input.roi, defacing.faceMask, input.brainMask, input.headMask, ...defacing.defaced.map((d) => d.path), settingsFile],
    force: settings.output.force,
  };
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
