import { NGTDM_FEATURES, ngtdmStats, type Ngtdm } from "../features/ngtdm.js";
import { ZONE_AGGREGATIONS } from "../features/texture/aggregation.js";
import { FeatureAverager } from "../features/texture/featureTable.js";
import { textureGrid } from "../features/texture/grid.js";
import { forEachNeighbourhood } from "../features/texture/neighbourhood.js";
import type { FeatureValue, PreparedRoi } from "../features/types.js";

/**
 * PyRadiomics' NGTDM (cmatrices.c calculate_ngtdm): a ROI voxel with no neighbour in the ROI still
 * counts in n_i, with a grey-tone difference of 0, where IBSI leaves it out of the matrix (and of
 * N_v,c). Otherwise the same matrix, so the IBSI formulas (ngtdm.ts) give PyRadiomics' values: one
 * matrix for the volume (26-neighbourhood), or per slice (8-neighbourhood) summed over slices with
 * force2D. `isolated` counts the voxels where the two conventions part.
 */
export function pyradiomicsNgtdm(roi: PreparedRoi, force2D: boolean): { rows: FeatureValue[]; isolated: number } {
  const g = textureGrid(roi, "ngtdm");
  const { index, values } = g.present;
  const m: Ngtdm = { s: new Float64Array(values.length), n: new Float64Array(values.length) };
  let isolated = 0;
  forEachNeighbourhood(g, 1, force2D, (_p, level, _k, neighbours, count) => {
    m.n[index[level]]++;
    if (count === 0) {
      isolated++;
      return;
    }
    let sum = 0;
    for (let c = 0; c < count; c++) sum += neighbours[c];
    m.s[index[level]] += Math.abs(level - sum / count);
  });
  const acc = new FeatureAverager(NGTDM_FEATURES);
  acc.add(ngtdmStats(m, values));
  const note = isolated > 0 ? `PyRadiomics counts the ${isolated} ROI voxel(s) without a ROI neighbour in n_i (IBSI leaves them out)` : undefined;
  const rows = acc
    .rows("ngtdm", ZONE_AGGREGATIONS[force2D ? "62GR" : "KOBO"], "the ROI is empty")
    .map((r) => (note ? { ...r, note: r.note ? `${r.note}; ${note}` : note } : r));
  return { rows, isolated };
}
