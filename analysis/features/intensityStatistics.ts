import type { FeatureValue, PreparedRoi } from "./types.js";
import { NO_AGGREGATION } from "./types.js";
import { percentile, sortedRoiValues } from "./roiValues.js";

/**
 * IBSI intensity-based statistical features (family UHIW), computed on the intensity mask.
 * Population moments (divide by N), excess kurtosis, percentiles by linear interpolation.
 */
export function intensityStatistics(roi: PreparedRoi): FeatureValue[] {
  const x = sortedRoiValues(roi);
  const n = x.length;
  const row = (feature: string, ibsiCode: string, value: number, note?: string): FeatureValue => ({
    family: "intensity_statistics",
    feature,
    ibsiCode,
    ...NO_AGGREGATION,
    value,
    ...(note ? { note } : {}),
  });

  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i];
  const mean = sum / n;
  // Central moments in one pass over the values (after the mean).
  let m2 = 0,
    m3 = 0,
    m4 = 0,
    absDevMean = 0,
    energy = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    absDevMean += Math.abs(d);
    energy += x[i] * x[i];
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const flat = m2 === 0;
  const flatNote = flat ? "all ROI intensities are equal: IBSI defines skewness 0 and kurtosis 0" : undefined;

  const p10 = percentile(x, 10);
  const p90 = percentile(x, 90);
  const median = percentile(x, 50);
  const q1 = percentile(x, 25);
  const q3 = percentile(x, 75);

  // Robust mean absolute deviation: over the values between the 10th and 90th percentiles.
  let rSum = 0,
    rCount = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] >= p10 && x[i] <= p90) {
      rSum += x[i];
      rCount++;
    }
  }
  const rMean = rSum / rCount;
  let rMad = 0;
  for (let i = 0; i < n; i++) if (x[i] >= p10 && x[i] <= p90) rMad += Math.abs(x[i] - rMean);
  rMad /= rCount;

  let medianAbsDev = 0;
  for (let i = 0; i < n; i++) medianAbsDev += Math.abs(x[i] - median);
  medianAbsDev /= n;

  const sd = Math.sqrt(m2);
  return [
    row("Mean intensity", "Q4LE", mean),
    row("Intensity variance", "ECT3", m2),
    row("Intensity skewness", "KE2A", flat ? 0 : m3 / Math.pow(m2, 1.5), flatNote),
    row("(Excess) intensity kurtosis", "IPH6", flat ? 0 : m4 / (m2 * m2) - 3, flatNote),
    row("Median intensity", "Y12H", median),
    row("Minimum intensity", "1GSF", x[0]),
    row("10th intensity percentile", "QG58", p10),
    row("90th intensity percentile", "8DWT", p90),
    row("Maximum intensity", "84IY", x[n - 1]),
    row("Intensity interquartile range", "SALO", q3 - q1),
    row("Intensity range", "2OJQ", x[n - 1] - x[0]),
    row("Intensity-based mean absolute deviation", "4FUA", absDevMean / n),
    row("Intensity-based robust mean absolute deviation", "1128", rMad),
    row("Intensity-based median absolute deviation", "N72L", medianAbsDev),
    row("Intensity-based coefficient of variation", "7TET",
      mean === 0 ? NaN : sd / mean,
      mean === 0 ? "mean intensity is 0: coefficient of variation undefined" : undefined,
    ),
    row("Intensity-based quartile coefficient of dispersion", "9S40",
      q3 + q1 === 0 ? NaN : (q3 - q1) / (q3 + q1),
      q3 + q1 === 0 ? "q1 + q3 is 0: quartile coefficient undefined" : undefined,
    ),
    row("Intensity-based energy", "N8CA", energy),
    row("Root mean square intensity", "5ZWQ", Math.sqrt(energy / n)),
  ];
}
