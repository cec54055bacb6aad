import type { FeatureLabels } from "../../../analysis/impact/featureRow.js";
import type { Estimate } from "../../../analysis/impact/agreementTypes.js";
import type { RoiHistogram } from "../../../analysis/impact/roiHistogram.js";

export type { RoiHistogram };

/** A picture from the defacing step (e.g. masks/render.ts defacingRenders), shown as is. */
export interface ReportRender {
  /** short name, e.g. "front_before"; also the alt text when no caption is given. */
  name: string;
  /** PNG bytes. */
  png: Uint8Array;
  caption?: string;
}

/** One defacing tool's line of the comparison scorecard (`deface-impact compare`). */
export interface ScorecardEntry {
  tool: string;
  /** facial skin surface left in place, % of the facial surface (masks/privacy.ts residualPercent). */
  residualFacePercent?: number | null;
  /** brain volume removed, mm³ (masks/safety.ts brainIntrusionMm3). */
  brainIntrusionMm3?: number | null;
  /** subjects this line summarises (1 for a single run). */
  subjects?: number;
  byNormalisation: {
    normalization: string;
    /** features compared. */
    features: number;
    /** features with |rel_shift| > 1 % and > 5 %. */
    over1Percent: number;
    over5Percent: number;
    worstFeature?: string;
    /** rel_shift of the worst feature (fraction, signed). */
    worstRelShift?: number;
    /** features under a degenerate discretisation, not counted above, and how many of them moved. */
    degenerate?: number;
    degenerateMoved?: number;
  }[];
}

/** Agreement between original and defaced values of one feature across the cohort's subjects. */
export interface CohortFeatureStatistic extends Omit<FeatureLabels, "aggregation_code"> {
  aggregation_code?: string;
  /** subjects with a finite value in both conditions. */
  n: number;
  /** ICC(A,1): two-way, absolute agreement, single measurement. */
  icc: Estimate;
  /** Lin's concordance correlation coefficient. */
  ccc: Estimate;
  /** Bland–Altman bias (defaced − original) and limits of agreement, feature units. */
  blandAltman: { bias: number; lowerLimit: number; upperLimit: number };
}

export interface CohortStatistics {
  subjects: string[];
  features: CohortFeatureStatistic[];
  /** a feature is robust when the lower CI bound of its ICC exceeds this; default 0.9. */
  robustIccLower?: number;
}

/** Optional material the run pipeline hands to the HTML report; each fills one section. */
export interface ReportExtras {
  renders?: ReportRender[];
  histograms?: RoiHistogram[];
  scorecard?: ScorecardEntry[];
  cohort?: CohortStatistics;
  /** acquisition metadata (scanner, kVp, kernel, ...) when the input carried it. */
  acquisition?: Record<string, string | number | boolean | null>;
  /**
   * the chart sections (reportHtml.ts chartSections) of this same report and `histograms`, when the
   * caller started drawing them earlier (run: on its workers while it draws the renders).
   */
  charts?: Promise<ChartSections>;
}

/** The sections drawn with charts, as HTML ("" when absent). */
export interface ChartSections {
  heatmap: string;
  predictions: string;
  histograms: string;
}
