import type { Vec3 } from "../core/volume.js";
import type { OutputBlock, ResampledGrid } from "./resample.js";
export { clampIndex } from "./resample.js";

/**
 * What interpolation sees beyond the image's edge voxels:
 * - "nearest" (IBSI's recommendation): the nearest edge voxel's value, for every kernel;
 * - "simpleitk" (SimpleITK's ResampleImageFilter, so PyRadiomics): the cubic B-spline sees the image
 *   mirrored about its edge voxels (whole-sample symmetric, as SimpleITK's coefficient filter and
 *   interpolator), linear and nearest kernels the edge voxel; and a new voxel whose centre lies more
 *   than half a voxel beyond the first or last voxel centre along any axis is 0 (the filter's default
 *   value for points outside the image).
 */
export const IMAGE_EDGES = ["nearest", "simpleitk"] as const;
export type ImageEdge = (typeof IMAGE_EDGES)[number];

/** Index of the voxel a position i beyond 0..n−1 reads when the image is mirrored about its edge voxels. */
export function mirrorIndex(i: number, n: number): number {
  if (n === 1) return 0;
  const period = 2 * (n - 1);
  const m = ((i % period) + period) % period;
  return m < n ? m : period - m;
}


/**
 * SimpleITK's default value outside the image: zeroes the voxels of `block` (x fastest) whose centre
 * lies outside [−½, n − ½] on the original grid along some axis.
 */
export function zeroOutsideImage(values: Float64Array, grid: ResampledGrid, block: OutputBlock, dims: Vec3): void {
  const inside = [0, 1, 2].map((a) =>
    Uint8Array.from({ length: block.dims[a] }, (_, o) => {
      const x = grid.origin[a] + grid.step[a] * (block.lo[a] + o);
      return x >= -0.5 && x <= dims[a] - 0.5 ? 1 : 0;
    }),
  );
  const [bx, by, bz] = block.dims;
  for (let k = 0, p = 0; k < bz; k++)
    for (let j = 0; j < by; j++)
      for (let i = 0; i < bx; i++, p++) if (!(inside[0][i] && inside[1][j] && inside[2][k])) values[p] = 0;
}
