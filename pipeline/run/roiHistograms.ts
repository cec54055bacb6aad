import type { Mask, Volume } from "../../analysis/core/volume.js";
import { roiHistogram, type RoiHistogram } from "../../analysis/impact/roiHistogram.js";
import { maskIndices } from "../../masks/uniformFill.js";
import type { ConditionMap, DefacedCondition } from "./subject.js";

/**
 * The ROI's normalised intensity histograms for the HTML report: per normalisation, the original
 * and every defaced condition on shared bins, using the maps runSubject recorded.
 */
export function roiHistograms(
  image: Volume,
  roi: Mask,
  conditions: readonly DefacedCondition[],
  maps: readonly ConditionMap[],
  bins = 40,
): RoiHistogram[] {
  const normalisations = [...new Set(maps.map((m) => m.normalization))];
  const roiIndices = maskIndices(roi); // listed once, shared by every normalisation
  return normalisations.map((normalization) => {
    const mine = maps.filter((m) => m.normalization === normalization);
    const series = [
      { name: "original", indices: new Uint32Array(0), values: new Float64Array(0), map: mine[0].original },
      ...conditions.flatMap((c) => {
        const m = mine.find((x) => x.condition === c.name);
        return m ? [{ name: c.name, indices: c.indices, values: c.values, map: m.defaced }] : [];
      }),
    ];
    return roiHistogram(image.data, roiIndices, normalization, series, bins);
  });
}

