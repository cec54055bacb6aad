import { basename } from "node:path";
import type { Volume } from "../../analysis/core/volume.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { featuresCsv, shiftsCsv } from "../report/csv.js";
import { reportMarkdown } from "../report/markdown.js";
import { hashInput, softwareVersions } from "../report/provenance.js";
import { reportJson, type RunReport } from "../report/runReport.js";
import { writeOutputDir } from "../report/outputDir.js";
import { featureConfigs, type RunSettings } from "../settings.js";
import { conditionsFromFaceMask } from "./conditionsFromMask.js";
import { detectModality, intensityUnit } from "./modality.js";
import { runSubject } from "./runSubject.js";
import { availableNormalisations } from "./availableNormalisations.js";

export interface RunHooks {
  threads: number;
  warn: (message: string) => void;
  onProgress?: (done: number, total: number) => void;
}

/**
 * `deface-impact run`: read the inputs, build the defaced conditions, extract features for every
 * condition x normalisation x configuration, and write features.csv, shifts.csv, report.json and
 * report.md atomically into the output folder.
 */
export async function executeRun(settings: RunSettings, hooks: RunHooks): Promise<RunReport> {
  const { input } = settings;
  const readWarnings: string[] = [];
  const image = readVolume(input.image, { series: input.series, warnings: readWarnings });
  const roi = readMask(input.roi, image, { roiName: input.roiName });
  const faceMask = readMask(input.faceMask, image, { allowProbabilistic: true });
  const brainMask = input.brainMask ? readMask(input.brainMask, image) : undefined;
  const headMask = input.headMask ? readMask(input.headMask, image) : undefined;
  const normalisations = settings.normalisation.methods ?? availableNormalisations({ brainMask, headMask });
  const modality = input.modality === "auto" ? detectModality(image) : input.modality;

  const warnings: string[] = [];
  const warn = (m: string) => {
    if (!warnings.includes(m)) {
      warnings.push(m);
      hooks.warn(m);
    }
  };
  readWarnings.forEach(warn);
  const conditions = conditionsFromFaceMask(image, faceMask, basename(input.faceMask), settings.defacing.fills, modality, warn);
  const result = await runSubject(
    { subject: input.subject, image, roi, roiName: input.roi, conditions, brainMask, headMask },
    {
      normalisations,
      configs: featureConfigs(settings),
      normalisation: {
        sdMode: settings.normalisation.sd,
        scaleFactor: settings.normalisation.scaleFactor,
        outlierSd: settings.normalisation.outlierSd,
      },
      threads: hooks.threads,
      allowRoiOverlap: settings.defacing.allowRoiOverlap,
      onProgress: hooks.onProgress,
    },
  );

  const report: RunReport = {
    tool: "deface-impact",
    software: softwareVersions(),
    settings,
    inputs: [
      hashInput("image", input.image),
      hashInput("roi", input.roi),
      hashInput("face mask", input.faceMask),
      ...(input.brainMask ? [hashInput("brain mask", input.brainMask)] : []),
      ...(input.headMask ? [hashInput("head mask", input.headMask)] : []),
    ],
    image: imageSummary(image, modality),
    conditions: conditions.map((c) => ({
      name: c.name,
      description: c.description,
      voxels_replaced: c.indices.length,
      volume_replaced_mm3: c.indices.length * image.spacing[0] * image.spacing[1] * image.spacing[2],
    })),
    warnings,
    result,
  };
  await writeOutputDir(settings.output.dir, (dir) => {
    dir.write("features.csv", featuresCsv(result.features));
    dir.write("shifts.csv", shiftsCsv(result.shifts));
    dir.write("report.json", reportJson(report));
    dir.write("report.md", reportMarkdown(report));
  });
  return report;
}

function imageSummary(image: Volume, modality: "ct" | "mr"): RunReport["image"] {
  return {
    dims: image.dims,
    spacing_mm: image.spacing,
    affine: image.affine,
    intensity_unit: intensityUnit(modality),
    modality: modality.toUpperCase(),
  };
}
