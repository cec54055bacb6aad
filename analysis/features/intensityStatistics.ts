import type { FeatureValue, PreparedRoi } from "./types.js";
import { NO_AGGREGATION } from "./types.js";
import { sortedRoiValues } from "./roiValues.js";
import { distributionStatistics } from "./distributionStatistics.js";

/**
 * IBSI intensity-based statistical features (family UHIW), computed on the intensity mask.
 * Population moments (divide by N), excess kurtosis, percentiles by linear interpolation.
 */
export function intensityStatistics(roi: PreparedRoi): FeatureValue[] {
  const x = sortedRoiValues(roi);
  const s = distributionStatistics(x);
  const row = (feature: string, ibsiCode: string, value: number, note?: string): FeatureValue => ({
    family: "intensity_statistics",
    feature,
    ibsiCode,
    ...NO_AGGREGATION,
    value,
    ...(note ? { note } : {}),
  });
  const flatNote = s.flat ? "all ROI intensities are equal: IBSI defines skewness 0 and kurtosis 0" : undefined;
  const sd = Math.sqrt(s.variance);
  return [
    row("Mean intensity", "Q4LE", s.mean),
    row("Intensity variance", "ECT3", s.variance),
    row("Intensity skewness", "KE2A", s.skewness, flatNote),
    row("(Excess) intensity kurtosis", "IPH6", s.kurtosis, flatNote),
    row("Median intensity", "Y12H", s.median),
    row("Minimum intensity", "1GSF", s.min),
    row("10th intensity percentile", "QG58", s.p10),
    row("90th intensity percentile", "8DWT", s.p90),
    row("Maximum intensity", "84IY", s.max),
    row("Intensity interquartile range", "SALO", s.q3 - s.q1),
    row("Intensity range", "2OJQ", s.max - s.min),
    row("Intensity-based mean absolute deviation", "4FUA", s.meanAbsDev),
    row("Intensity-based robust mean absolute deviation", "1128", s.robustMeanAbsDev),
    row("Intensity-based median absolute deviation", "N72L", s.medianAbsDev),
    row("Intensity-based coefficient of variation", "7TET",
      s.mean === 0 ? NaN : sd / s.mean,
      s.mean === 0 ? "mean intensity is 0: coefficient of variation undefined" : undefined,
    ),
    row("Intensity-based quartile coefficient of dispersion", "9S40",
      s.q3 + s.q1 === 0 ? NaN : (s.q3 - s.q1) / (s.q3 + s.q1),
      s.q3 + s.q1 === 0 ? "q1 + q3 is 0: quartile coefficient undefined" : undefined,
    ),
    row("Intensity-based energy", "N8CA", s.energy),
    row("Root mean square intensity", "5ZWQ", Math.sqrt(s.energy / s.n)),
  ];
}
