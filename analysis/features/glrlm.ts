import type { FamilyFunction } from "./types.js";
import type { FeatureValue } from "./types.js";
import { DIRECTIONAL_AGGREGATIONS as AGG, wantedAggregations } from "./texture/aggregation.js";
import * as f from "./texture/countMatrix.js";
import { CountMatrix, countStats, type CountStats } from "./texture/countMatrix.js";
import { DIRECTIONS_2D, DIRECTIONS_3D } from "./texture/directions.js";
import { FeatureAverager, type FeatureDef } from "./texture/featureTable.js";
import { textureGrid } from "./texture/grid.js";
import { addRuns } from "./texture/runs.js";

// r_ij: number of runs of grey level i and length j; N_s runs, N_v voxels (summed when merged).
export const GLRLM_FEATURES: readonly FeatureDef<CountStats>[] = [
  { feature: "Short runs emphasis", ibsiCode: "22OV", compute: f.lowCountEmphasis }, // (1/N_s) Σ_j r_.j / j²
  { feature: "Long runs emphasis", ibsiCode: "W4KF", compute: f.highCountEmphasis }, // (1/N_s) Σ_j j² r_.j
  { feature: "Low grey level run emphasis", ibsiCode: "V3SW", compute: f.lowGreyLevelEmphasis }, // (1/N_s) Σ_i r_i. / i²
  { feature: "High grey level run emphasis", ibsiCode: "G3QZ", compute: f.highGreyLevelEmphasis }, // (1/N_s) Σ_i i² r_i.
  { feature: "Short run low grey level emphasis", ibsiCode: "HTZT", compute: f.lowCountLowGreyEmphasis }, // Σ r_ij/(i²j²) / N_s
  { feature: "Short run high grey level emphasis", ibsiCode: "GD3A", compute: f.lowCountHighGreyEmphasis }, // Σ i² r_ij/j² / N_s
  { feature: "Long run low grey level emphasis", ibsiCode: "IVPO", compute: f.highCountLowGreyEmphasis }, // Σ j² r_ij/i² / N_s
  { feature: "Long run high grey level emphasis", ibsiCode: "3KUM", compute: f.highCountHighGreyEmphasis }, // Σ i² j² r_ij / N_s
  { feature: "Grey level non-uniformity", ibsiCode: "R5YN", compute: f.greyLevelNonUniformity }, // Σ_i r_i.² / N_s
  { feature: "Normalised grey level non-uniformity", ibsiCode: "OVBL", compute: f.normalisedGreyLevelNonUniformity }, // Σ_i r_i.² / N_s²
  { feature: "Run length non-uniformity", ibsiCode: "W92Y", compute: f.countNonUniformity }, // Σ_j r_.j² / N_s
  { feature: "Normalised run length non-uniformity", ibsiCode: "IC23", compute: f.normalisedCountNonUniformity }, // Σ_j r_.j² / N_s²
  { feature: "Run percentage", ibsiCode: "9ZK5", compute: f.countPercentage }, // N_s / N_v
  { feature: "Grey level variance", ibsiCode: "8CE5", compute: f.greyLevelVariance }, // Σ (i-μ)² p_ij
  { feature: "Run length variance", ibsiCode: "SXLW", compute: f.countVariance }, // Σ (j-μ)² p_ij
  { feature: "Run entropy", ibsiCode: "HJ9O", compute: f.countEntropy }, // -Σ p_ij log2 p_ij
];

const NO_RUNS = "the ROI (or every slice of it) is empty: no runs";

/**
 * IBSI grey level run length matrix features (TP0I) for the six aggregation methods: one matrix per
 * slice x in-slice direction (2D) or per 3D direction, merged by summing counts and N_v.
 */
export const glrlm: FamilyFunction = (roi, settings) => {
  const g = textureGrid(roi, "glrlm");
  const want = wantedAggregations(AGG, settings);
  const lv = g.present;
  const maxRun = Math.max(g.nx, g.ny, g.nz);
  const out: FeatureValue[] = [];
  const averager = () => new FeatureAverager(GLRLM_FEATURES);
  const addIfRuns = (acc: FeatureAverager<CountStats>, m: CountMatrix) => {
    if (!m.isEmpty) acc.add(countStats(m));
  };

  if (want.has("BTW3") || want.has("SUJT") || want.has("JJUI") || want.has("ZW7Z")) {
    const btw3 = averager(), sujt = averager(), jjui = averager(), zw7z = averager();
    const dirMerged = DIRECTIONS_2D.map(() => new CountMatrix(lv, maxRun));
    for (let k = 0; k < g.nz; k++) {
      const slice = new CountMatrix(lv, maxRun);
      DIRECTIONS_2D.forEach((dir, d) => {
        const m = new CountMatrix(lv, maxRun);
        addRuns(g, dir, k, k + 1, m);
        m.nVoxels = g.sliceVoxels[k];
        if (want.has("BTW3")) addIfRuns(btw3, m);
        slice.merge(m);
        dirMerged[d].merge(m);
      });
      if (want.has("SUJT")) addIfRuns(sujt, slice);
    }
    const all = new CountMatrix(lv, maxRun);
    for (const dm of dirMerged) {
      if (want.has("JJUI")) addIfRuns(jjui, dm);
      all.merge(dm);
    }
    if (want.has("ZW7Z")) addIfRuns(zw7z, all);
    if (want.has("BTW3")) out.push(...btw3.rows("glrlm", AGG.BTW3, NO_RUNS));
    if (want.has("SUJT")) out.push(...sujt.rows("glrlm", AGG.SUJT, NO_RUNS));
    if (want.has("JJUI")) out.push(...jjui.rows("glrlm", AGG.JJUI, NO_RUNS));
    if (want.has("ZW7Z")) out.push(...zw7z.rows("glrlm", AGG.ZW7Z, NO_RUNS));
  }

  if (want.has("ITBB") || want.has("IAZD")) {
    const itbb = averager(), iazd = averager();
    const all = new CountMatrix(lv, maxRun);
    for (const dir of DIRECTIONS_3D) {
      const m = new CountMatrix(lv, maxRun);
      addRuns(g, dir, 0, g.nz, m);
      m.nVoxels = g.nVoxels;
      if (want.has("ITBB")) addIfRuns(itbb, m);
      all.merge(m);
    }
    if (want.has("IAZD")) addIfRuns(iazd, all);
    if (want.has("ITBB")) out.push(...itbb.rows("glrlm", AGG.ITBB, NO_RUNS));
    if (want.has("IAZD")) out.push(...iazd.rows("glrlm", AGG.IAZD, NO_RUNS));
  }
  return out;
};
