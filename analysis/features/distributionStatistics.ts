import { percentile } from "./roiValues.js";
import * as portable from "../core/portableMath.js";

/**
 * Descriptive statistics of a sorted sample, shared by the intensity statistics (UHIW, on raw
 * intensities) and the intensity histogram (ZVCW, on discretised intensities), whose formulas are the
 * same: population moments (divide by N), excess kurtosis, percentiles by linear interpolation.
 */
export interface DistributionStatistics {
  n: number;
  mean: number;
  /** population variance (no bias correction, as IBSI). */
  variance: number;
  /** 0 when the variance is 0 (IBSI's definition). */
  skewness: number;
  /** excess kurtosis; 0 when the variance is 0 (IBSI's definition). */
  kurtosis: number;
  /** true when all values are equal. */
  flat: boolean;
  median: number;
  min: number;
  max: number;
  p10: number;
  p90: number;
  q1: number;
  q3: number;
  /** mean absolute deviation from the mean. */
  meanAbsDev: number;
  /** mean absolute deviation from their mean of the values between P10 and P90 (inclusive). */
  robustMeanAbsDev: number;
  /** mean absolute deviation from the median. */
  medianAbsDev: number;
  /** sum of squares. */
  energy: number;
}

/** Computes the statistics of `x`, which must be sorted ascending and non-empty. */
export function distributionStatistics(x: Float64Array): DistributionStatistics {
  const n = x.length;
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

  const p10 = percentile(x, 10);
  const p90 = percentile(x, 90);
  const median = percentile(x, 50);

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

  return {
    n,
    mean,
    variance: m2,
    skewness: flat ? 0 : m3 / portable.pow(m2, 1.5),
    kurtosis: flat ? 0 : m4 / (m2 * m2) - 3,
    flat,
    median,
    min: x[0],
    max: x[n - 1],
    p10,
    p90,
    q1: percentile(x, 25),
    q3: percentile(x, 75),
    meanAbsDev: absDevMean / n,
    robustMeanAbsDev: rMad,
    medianAbsDev,
    energy,
  };
}
