/**
 * Where a resampled grid sits on the original one, along one axis, in original voxel coordinates
 * (voxel centres at 0, 1, …, n_a − 1):
 * - "centre" (IBSI 3WE3, QCY4): both grids share their centre; the first new voxel centre lies at
 *   x_b = ½ (n_a − 1 − s_b/s_a (n_b − 1)).
 * - "corner" (PyRadiomics' imageoperations.resampleImage, i.e. SimpleITK's ResampleImageFilter with
 *   the output origin it computes): both grids share the outer corner of their first voxel, so the
 *   first new voxel centre lies at ½ (s_b/s_a − 1). The grid then overhangs the image at the far end
 *   instead of evenly at both ends.
 * Both give the same number of voxels, ⌈n_a s_a / s_b⌉.
 */
export const GRID_ALIGNMENTS = ["centre", "corner"] as const;
export type GridAlignment = (typeof GRID_ALIGNMENTS)[number];

/** Original-grid coordinate of the first new voxel's centre; `step` = s_b/s_a, `nNew` = n_b. */
export function gridOrigin(alignment: GridAlignment, nOld: number, step: number, nNew: number): number {
  return alignment === "corner" ? 0.5 * (step - 1) : 0.5 * (nOld - 1 - step * (nNew - 1));
}
