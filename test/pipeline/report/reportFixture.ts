import { PNG } from "pngjs";
import { scalingAffine, type Volume } from "../../../analysis/core/volume.js";
import { iccAgreement } from "../../../analysis/impact/icc.js";
import { concordance } from "../../../analysis/impact/ccc.js";
import { blandAltman } from "../../../analysis/impact/blandAltman.js";
import type { NormalisationName } from "../../../analysis/normalisation/normalisations.js";
import type { ReportExtras } from "../../../pipeline/report/html/types.js";
import type { RunReport } from "../../../pipeline/report/runReport.js";
import { softwareVersions } from "../../../pipeline/report/provenance.js";
import { roiHistograms } from "../../../pipeline/run/roiHistograms.js";
import { threadPool } from "../../../pipeline/pool/runJobs.js";
import { runSubject } from "../../../pipeline/run/runSubject.js";
import type { SubjectInput } from "../../../pipeline/run/subject.js";
import { SettingsSchema } from "../../../analysis/settings.js";

/**
 * A 32³ synthetic CT-like head: noisy tissue with a brighter band, a ROI cube far from a "face"
 * slab at one end, head and brain masks that exclude the face, so every normalisation applies.
 */
export function syntheticSubject(): SubjectInput {
  const n = 32;
  const data = new Int16Array(n * n * n);
  const roi = new Uint8Array(n * n * n);
  const head = new Uint8Array(n * n * n);
  const brain = new Uint8Array(n * n * n);
  const face: number[] = [];
  let s = 4242;
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        const idx = i + n * (j + n * k);
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        const inHead = i > 1 && i < n - 2 && j > 1 && k > 1 && k < n - 2;
        data[idx] = inHead ? 20 + (s % 60) + (i > 24 ? 250 : 0) : -1000 + (s % 20);
        if (inHead) head[idx] = 1;
        if (inHead && i >= 6 && i < 22 && j >= 4 && j < 22 && k >= 6 && k < 26) brain[idx] = 1;
        if (i >= 8 && i < 16 && j >= 6 && j < 14 && k >= 10 && k < 18) roi[idx] = 1;
        if (j >= 27 && inHead) face.push(idx);
      }
  const image: Volume = { data, dims: [n, n, n], spacing: [1, 1, 1.5], affine: scalingAffine([1, 1, 1.5]) };
  const indices = Uint32Array.from(face);
  return {
    subject: "synthetic <head> & \"friends\"",
    image,
    roi,
    roiName: "roi.nii.gz",
    headMask: head,
    brainMask: brain,
    conditions: [
      { name: "defaced-zero", description: "face slab, fill 0 HU", indices, values: new Float64Array(indices.length) },
      { name: "defaced-air", description: "face slab, fill −1000 HU", indices, values: new Float64Array(indices.length).fill(-1000) },
    ],
  };
}

const NORMALISATIONS: NormalisationName[] = ["none", "zscore-global", "zscore-foreground", "zscore-brain", "zscore-unmasked", "zscore-roi", "percentile"];

/** Runs the synthetic subject through runSubject and wraps the result as `deface-impact run` does. */
export async function syntheticReport(options: { predictions?: boolean } = {}): Promise<{ report: RunReport; input: SubjectInput }> {
  const input = syntheticSubject();
  const settings = SettingsSchema.parse({
    // the subject name carries markup: the report must escape it
    input: { image: "head.nii.gz", roi: "roi.nii.gz", subject: "<b>not bold</b>" },
    normalisation: { methods: NORMALISATIONS },
    processing: { discretisation: ["fbn16", { label: "fbs0.02", normalisations: NORMALISATIONS.filter((n) => n !== "none") }] },
  });
  const result = await runSubject(input, { settings, normalisations: NORMALISATIONS, runJobs: threadPool(1) });
  // runSubject predicts every shift; without `predictions` the report shows how it looks without them.
  if (!options.predictions) withoutPredictions(result);
  const voxel = input.image.spacing[0] * input.image.spacing[1] * input.image.spacing[2];
  const report: RunReport = {
    tool: "deface-impact",
    software: softwareVersions(),
    settings,
    inputs: [{ role: "image", path: "/data/head.nii.gz", bytes: 12345, sha256: "ab".repeat(32) }],
    image: { dims: input.image.dims, spacing_mm: input.image.spacing, affine: input.image.affine, intensity_unit: "HU", modality: "CT" },
    conditions: input.conditions.map((c) => ({
      name: c.name,
      description: c.description,
      voxels_replaced: c.indices.length,
      volume_replaced_mm3: c.indices.length * voxel,
    })),
    masks: { brain: "file", head: "file" },
    defacing: [],
    warnings: ["a test warning with <markup>"],
    result,
  };
  return { report, input };
}

/** A report as it was before predictions existed: the optional columns removed. */
function withoutPredictions(result: RunReport["result"]): void {
  for (const s of result.shifts as { predicted_defaced?: number; behaviour?: string; prediction?: string }[]) {
    delete s.predicted_defaced;
    delete s.behaviour;
    delete s.prediction;
  }
}

/** A small gradient PNG standing in for a defacing render. */
export function testPng(width: number, height: number, seed: number): Uint8Array {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = 4 * (y * width + x);
      const r = Math.hypot(x - width / 2, y - height / 2) / (width / 2);
      const v = r < 0.8 ? Math.round(255 * (1 - r) * (0.6 + 0.4 * Math.sin((x + seed) / 7))) : 0;
      png.data[o] = v;
      png.data[o + 1] = v;
      png.data[o + 2] = Math.min(255, v + 30);
      png.data[o + 3] = 255;
    }
  return new Uint8Array(PNG.sync.write(png));
}

/** Every optional section's input: renders, histograms, a scorecard and a cohort. */
export function syntheticExtras(report: RunReport, input: SubjectInput): ReportExtras {
  const shifts = report.result.shifts;
  const scorecard = report.conditions.map((c, t) => ({
    tool: `tool-${t} <${c.name}>`,
    subjects: 1,
    residualFacePercent: 3.5 * t,
    brainIntrusionMm3: t === 0 ? 0 : 12.5,
    byNormalisation: [...new Set(shifts.map((s) => s.normalization))].map((normalization) => {
      const mine = shifts.filter((s) => s.condition === c.name && s.normalization === normalization && !Number.isNaN(s.rel_shift));
      const worst = mine.reduce((w, s) => (Math.abs(s.rel_shift) > Math.abs(w.rel_shift) ? s : w), mine[0]);
      return {
        normalization,
        features: mine.length,
        over1Percent: mine.filter((s) => Math.abs(s.rel_shift) > 0.01).length,
        over5Percent: mine.filter((s) => Math.abs(s.rel_shift) > 0.05).length,
        worstFeature: worst?.feature,
        worstRelShift: worst?.rel_shift,
      };
    }),
  }));
  // A made-up five-subject cohort: the original values jittered, defaced = original · (1 + shift).
  const subjects = ["s1", "s2", "s3", "s4", "s5"];
  const features = shifts
    .filter((s) => s.condition === "defaced-zero" && ["none", "zscore-global", "zscore-unmasked"].includes(s.normalization) && Number.isFinite(s.rel_shift) && s.original !== 0)
    .map((s, i) => {
      const original = subjects.map((_, k) => s.original * (1 + 0.1 * Math.sin(i + 2 * k)));
      const defaced = original.map((x, k) => x * (1 + s.rel_shift) + 0.001 * Math.abs(s.original) * Math.cos(k + i));
      const ba = blandAltman(original, defaced);
      return {
        condition: s.condition,
        normalization: s.normalization,
        config: s.config,
        family: s.family,
        feature: s.feature,
        ibsi_code: s.ibsi_code,
        n: subjects.length,
        icc: iccAgreement(original, defaced),
        ccc: concordance(original, defaced),
        blandAltman: { bias: ba.bias, lowerLimit: ba.lowerLimit, upperLimit: ba.upperLimit },
      };
    });
  return {
    renders: [
      { name: "front_before", png: testPng(160, 160, 0), caption: "Skin surface from the front, before defacing" },
      { name: "front_after", png: testPng(160, 160, 9) },
      { name: "sagittal_overlay", png: testPng(200, 160, 3), caption: "Mid-sagittal slice: face mask (red), ROI (green)" },
    ],
    histograms: roiHistograms(input.image, input.roi, input.conditions, report.result.maps),
    scorecard,
    cohort: { subjects, features },
    acquisition: { scanner: "Synthetic 9000", kVp: 120, "slice thickness (mm)": 1.5 },
  };
}
