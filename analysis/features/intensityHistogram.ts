import { DefaceImpactError } from "../core/errors.js";
import { distributionStatistics } from "./distributionStatistics.js";
import type { FeatureValue, PreparedRoi } from "./types.js";
import { NO_AGGREGATION } from "./types.js";
import * as portable from "../core/portableMath.js";

/**
 * IBSI intensity histogram features (family ZVCW) on the discretised grey levels 1..N_g of the
 * intensity mask. The histogram has N_g bins, absent levels included (they matter for the gradient).
 * Features shared with the intensity statistics use the same code (distributionStatistics).
 */
export function intensityHistogram(roi: PreparedRoi): FeatureValue[] {
  const { levels, nLevels, intensityMask } = roi;
  if (!levels || nLevels === undefined) {
    throw new DefaceImpactError("internal", "intensity histogram features need discretised grey levels (roi.levels)");
  }
  const ng = nLevels;
  // Counts n_i for i = 1..N_g (index i - 1).
  const counts = new Float64Array(ng);
  let nv = 0;
  for (let k = 0; k < intensityMask.length; k++) {
    if (!intensityMask[k]) continue;
    const g = levels[k];
    if (g < 1 || g > ng) {
      throw new DefaceImpactError("internal", `grey level ${g} outside 1..${ng} in the intensity mask`);
    }
    counts[g - 1]++;
    nv++;
  }
  if (nv === 0) throw new DefaceImpactError("input", "the region of interest is empty after processing");

  // The sorted discretised intensities, built from the counts (a counting sort).
  const x = new Float64Array(nv);
  for (let i = 0, o = 0; i < ng; i++) for (let c = 0; c < counts[i]; c++) x[o++] = i + 1;
  const s = distributionStatistics(x);

  const row = (feature: string, ibsiCode: string, value: number, note?: string): FeatureValue => ({
    family: "intensity_histogram",
    feature,
    ibsiCode,
    ...NO_AGGREGATION,
    value,
    ...(note ? { note } : {}),
  });
  const flatNote = s.flat ? "a single grey level in the ROI: IBSI defines skewness 0 and kurtosis 0" : undefined;

  // AMMC: the most common level; ties go to the level closest to the mean, then to the lower one.
  let mode = 0;
  for (let i = 0; i < ng; i++) {
    if (counts[i] === 0) continue;
    if (mode === 0 || counts[i] > counts[mode - 1]) mode = i + 1;
    else if (counts[i] === counts[mode - 1] && Math.abs(i + 1 - s.mean) < Math.abs(mode - s.mean)) mode = i + 1;
  }

  // TLU2 entropy -sum p log2 p, BJ5W uniformity sum p^2.
  let entropy = 0,
    uniformity = 0;
  for (let i = 0; i < ng; i++) {
    const p = counts[i] / nv;
    if (p > 0) entropy -= p * portable.log2(p);
    uniformity += p * p;
  }

  // Histogram gradient H': forward difference at i = 1, backward at N_g, central between (12CE...RHQZ).
  let maxGrad = NaN,
    maxGradLevel = NaN,
    minGrad = NaN,
    minGradLevel = NaN;
  const gradNote = ng < 2 ? "N_g = 1: the histogram gradient is undefined" : undefined;
  if (ng >= 2) {
    for (let i = 0; i < ng; i++) {
      const h =
        i === 0 ? counts[1] - counts[0] : i === ng - 1 ? counts[ng - 1] - counts[ng - 2] : (counts[i + 1] - counts[i - 1]) / 2;
      // The first (lowest) level wins ties.
      if (!(h <= maxGrad)) {
        maxGrad = h;
        maxGradLevel = i + 1;
      }
      if (!(h >= minGrad)) {
        minGrad = h;
        minGradLevel = i + 1;
      }
    }
  }

  const sd = Math.sqrt(s.variance);
  return [
    row("Mean discretised intensity", "X6K6", s.mean),
    row("Discretised intensity variance", "CH89", s.variance),
    row("Discretised intensity skewness", "88K1", s.skewness, flatNote),
    row("(Excess) discretised intensity kurtosis", "C3I7", s.kurtosis, flatNote),
    row("Median discretised intensity", "WIFQ", s.median),
    row("Minimum discretised intensity", "1PR8", s.min),
    row("10th discretised intensity percentile", "GPMT", s.p10),
    row("90th discretised intensity percentile", "OZ0C", s.p90),
    row("Maximum discretised intensity", "3NCY", s.max),
    row("Intensity histogram mode", "AMMC", mode),
    row("Discretised intensity interquartile range", "WR0O", s.q3 - s.q1),
    row("Discretised intensity range", "5Z3W", s.max - s.min),
    row("Intensity histogram mean absolute deviation", "D2ZX", s.meanAbsDev),
    row("Intensity histogram robust mean absolute deviation", "WRZB", s.robustMeanAbsDev),
    row("Intensity histogram median absolute deviation", "4RNL", s.medianAbsDev),
    // Grey levels are >= 1, so the mean and q1 + q3 are positive.
    row("Intensity histogram coefficient of variation", "CWYJ", sd / s.mean),
    row("Intensity histogram quartile coefficient of dispersion", "SLWD", (s.q3 - s.q1) / (s.q3 + s.q1)),
    row("Discretised intensity entropy", "TLU2", entropy),
    row("Discretised intensity uniformity", "BJ5W", uniformity),
    row("Maximum histogram gradient", "12CE", maxGrad, gradNote),
    row("Maximum histogram gradient intensity", "8E6O", maxGradLevel, gradNote),
    row("Minimum histogram gradient", "VQB3", minGrad, gradNote),
    row("Minimum histogram gradient intensity", "RHQZ", minGradLevel, gradNote),
  ];
}
