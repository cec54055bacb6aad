import type { Mask, Volume } from "../../analysis/core/volume.js";
import { maskBoundingBox } from "../../analysis/processing/crop.js";
import { roiHistogram, type RoiHistogram } from "../../analysis/impact/roiHistogram.js";
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
  const roiIndices = roiVoxels(roi, image.dims);
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

/** The ROI's voxel indices, increasing, read from its bounding box only (a small ROI in a large image). */
function roiVoxels(roi: Mask, dims: Volume["dims"]): number[] {
  const out: number[] = [];
  const box = maskBoundingBox(roi, dims);
  if (!box) return out;
  const [nx, ny] = dims;
  for (let k = box.lo[2]; k <= box.hi[2]; k++)
    for (let j = box.lo[1]; j <= box.hi[1]; j++)
      for (let i = box.lo[0], v = i + nx * (j + ny * k); i <= box.hi[0]; i++, v++) if (roi[v]) out.push(v);
  return out;
}
