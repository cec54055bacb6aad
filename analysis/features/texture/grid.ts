import { DefaceImpactError } from "../../core/errors.js";
import type { PreparedRoi } from "../types.js";
import { presentLevels, type PresentLevels } from "./presentLevels.js";

/** The discretised ROI as texture families see it: grey levels 1..nLevels in the ROI, 0 outside. */
export interface TextureGrid {
  levels: Int32Array;
  nLevels: number;
  nx: number;
  ny: number;
  nz: number;
  /** voxels in the intensity mask (grey level > 0). */
  nVoxels: number;
  /** ROI voxels per slice k. */
  sliceVoxels: Int32Array;
  /** the grey levels that occur: texture matrices are indexed over these, not all N_g. */
  present: PresentLevels;
}

/** Checks that the ROI carries discretised levels in 0..nLevels and counts its voxels. */
export function textureGrid(roi: PreparedRoi, family: string): TextureGrid {
  const { levels, nLevels } = roi;
  if (!levels || nLevels === undefined)
    throw new DefaceImpactError("internal", `${family}: the ROI has no discretised grey levels (roi.levels)`);
  const [nx, ny, nz] = roi.dims;
  if (levels.length !== nx * ny * nz)
    throw new DefaceImpactError("internal", `${family}: roi.levels has ${levels.length} voxels, dims say ${nx * ny * nz}`);
  const sliceVoxels = new Int32Array(nz);
  let nVoxels = 0;
  const area = nx * ny;
  for (let k = 0; k < nz; k++) {
    let n = 0;
    for (let p = k * area, end = p + area; p < end; p++) {
      const g = levels[p];
      if (g === 0) continue;
      if (g < 0 || g > nLevels)
        throw new DefaceImpactError("internal", `${family}: grey level ${g} outside 1..${nLevels}`);
      n++;
    }
    sliceVoxels[k] = n;
    nVoxels += n;
  }
  return { levels, nLevels, nx, ny, nz, nVoxels, sliceVoxels, present: presentLevels(levels, nLevels) };
}
