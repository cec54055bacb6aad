import { basename } from "node:path";
import type { FamilyName } from "../../analysis/features/types.js";
import type { FeatureConfig } from "../../analysis/features/configs.js";
import type { FeatureRow } from "../../analysis/impact/featureRow.js";
import type { NormalisationName } from "../../analysis/normalisation/normalisations.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { runSubject } from "./runSubject.js";

export interface ExtractOptions {
  image: string;
  mask: string;
  /** DICOM: SeriesInstanceUID when the image folder holds several series. */
  series?: string;
  /** RTSTRUCT given as the mask: the structure to rasterise. */
  roiName?: string;
  subject?: string;
  normalisation: NormalisationName;
  configs: FeatureConfig[];
  families?: FamilyName[];
  threads: number;
  onProgress?: (done: number, total: number) => void;
}

/** `deface-impact features`: the features of one image and mask, without defacing. */
export async function extractFeatures(opts: ExtractOptions): Promise<FeatureRow[]> {
  const image = readVolume(opts.image, { series: opts.series });
  const roi = readMask(opts.mask, image, { roiName: opts.roiName });
  const configs = opts.configs
    .map((c) => ({ ...c, families: opts.families ? c.families.filter((f) => opts.families!.includes(f)) : c.families }))
    .filter((c) => c.families.length > 0);
  const result = await runSubject(
    { subject: opts.subject ?? basename(opts.image).replace(/\.(nii\.gz|nii|nrrd|nhdr)$/i, ""), image, roi, roiName: opts.mask, conditions: [] },
    {
      normalisations: [opts.normalisation],
      configs,
      normalisation: { sdMode: "population", scaleFactor: 1 },
      threads: opts.threads,
      allowRoiOverlap: false,
      onProgress: opts.onProgress,
    },
  );
  return result.features;
}
