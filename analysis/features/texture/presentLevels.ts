/**
 * The grey levels present in the ROI, so that a GLCM is n x n over them (n <= N_g, n <= voxels)
 * rather than N_g x N_g: a fine fixed-bin-size discretisation can give thousands of levels.
 */
export interface PresentLevels {
  /** N_g, absent levels included (the normalised features divide by it). */
  ng: number;
  /** the level of each row/column, ascending. */
  values: Int32Array;
  /** row/column of each level 0..N_g (-1 when absent). */
  index: Int32Array;
}

export function presentLevels(levels: Int32Array, ng: number): PresentLevels {
  const seen = new Uint8Array(ng + 1);
  for (let p = 0; p < levels.length; p++) seen[levels[p]] = 1;
  const index = new Int32Array(ng + 1).fill(-1);
  const values: number[] = [];
  for (let g = 1; g <= ng; g++) if (seen[g]) {
    index[g] = values.length;
    values.push(g);
  }
  return { ng, values: Int32Array.from(values), index };
}
