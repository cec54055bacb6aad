import type { Mask, Volume } from "../../analysis/core/volume.js";
import type { CohortStatistics, ScorecardEntry } from "../report/html/types.js";
import { reportHtml } from "../report/html/reportHtml.js";
import type { InputRecord } from "../report/provenance.js";
import type { RunReport } from "../report/runReport.js";
import { roiHistograms } from "../run/roiHistograms.js";
import type { DefacedCondition, SubjectResult } from "../run/subject.js";
import type { CompareReport, SubjectRecord } from "./compareReport.js";
import type { ToolScore } from "./scorecard.js";

/** What the HTML report shows in detail for one subject (the first of the manifest). */
export interface DetailSubject {
  record: SubjectRecord;
  image: Volume;
  roi: Mask;
  conditions: DefacedCondition[];
  result: SubjectResult;
  inputs: InputRecord[];
}

/** The scorecard as the HTML report's Tools section expects it (mean residual face, total brain intrusion). */
export function scorecardEntries(scores: readonly ToolScore[]): ScorecardEntry[] {
  return scores.map((s) => ({
    tool: s.tool,
    residualFacePercent: s.residual_face_mean_percent,
    brainIntrusionMm3: s.brain_intrusion_mm3_total,
    subjects: s.subjects,
    byNormalisation: s.byNormalisation.map((c) => ({
      normalization: c.normalization,
      features: c.features,
      over1Percent: c.over1Percent,
      over5Percent: c.over5Percent,
      degenerate: c.degenerate,
      degenerateMoved: c.degenerateMoved,
      ...(c.worst
        ? { worstFeature: `${c.worst.feature} (${c.worst.ibsi_code}, ${c.worst.aggregation_code}, ${c.worst.config}, ${c.worst.subject})`, worstRelShift: c.worst.rel_shift }
        : {}),
    })),
  }));
}

/**
 * report.html of `compare`: the HTML report's single-subject sections (headline, heatmap, shifts,
 * predictions, histograms) for the first subject, labelled as such, with the Tools and Cohort
 * sections covering every subject.
 */
export async function compareHtml(report: CompareReport, detail: DetailSubject): Promise<string> {
  const { record } = detail;
  const n = report.subjects.length;
  const label = n > 1 ? `${record.subject} (first of ${n} subjects; the Tools and Cohort sections cover all ${n})` : record.subject;
  const runLike: RunReport = {
    tool: "deface-impact",
    software: report.software,
    settings: report.settings,
    inputs: [report.inputs.manifest, ...detail.inputs],
    image: {
      dims: detail.image.dims,
      spacing_mm: detail.image.spacing,
      affine: detail.image.affine,
      intensity_unit: record.intensity_unit,
      modality: record.modality,
    },
    masks: record.masks,
    conditions: record.conditions,
    defacing: record.defacing,
    warnings: report.warnings,
    result: { ...detail.result, subject: label },
  };
  const cohort: CohortStatistics | undefined = report.cohort.available
    ? { subjects: report.cohort.subjects, features: report.cohort.stats, robustIccLower: report.cohort.robust_icc_lower }
    : undefined;
  return reportHtml(runLike, {
    histograms: roiHistograms(detail.image, detail.roi, detail.conditions, detail.result.maps),
    scorecard: scorecardEntries(report.scorecard),
    cohort,
  });
}
