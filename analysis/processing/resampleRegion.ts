import type { Vec3 } from "../core/volume.js";
import { clampIndex, mirrorIndex, zeroOutsideImage, type ImageEdge } from "./imageEdge.js";
import { cropClamped, isIdentityAxis, kernelSupport, resampleBlock, SPLINE_PREFILTER_MARGIN, type Interpolation, type OutputBlock, type ResampledGrid } from "./resample.js";

/** How the source region beyond the image is read: the mirrored image for SimpleITK's B-spline, else the edge voxel. */
export const edgeIndex = (edge: ImageEdge, method: Interpolation): ((i: number, n: number) => number) =>
  edge === "simpleitk" && method === "spline" ? mirrorIndex : clampIndex;

/**
 * The original-grid region (inclusive) a block of the new grid needs: its footprint plus the
 * kernel's support (and the spline prefilter's margin).
 */
export function sourceRegion(grid: ResampledGrid, block: OutputBlock, method: Interpolation): { lo: Vec3; hi: Vec3 } {
  const lo: Vec3 = [0, 0, 0],
    hi: Vec3 = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const extra = isIdentityAxis(grid, a) ? 0 : kernelSupport(method) + (method === "spline" ? SPLINE_PREFILTER_MARGIN : 0);
    lo[a] = Math.floor(grid.origin[a] + grid.step[a] * block.lo[a]) - extra;
    hi[a] = Math.ceil(grid.origin[a] + grid.step[a] * (block.lo[a] + block.dims[a] - 1)) + extra;
  }
  return { lo, hi };
}

/** Interpolates a block of the new grid from a volume-sized array (the diagnostics of a whole resampled image). */
export function resampleRegion(data: ArrayLike<number>, dims: Vec3, grid: ResampledGrid, block: OutputBlock, method: Interpolation, edge: ImageEdge = "nearest"): Float64Array {
  const { lo, hi } = sourceRegion(grid, block, method);
  const src = cropClamped(data, dims, lo, hi, edgeIndex(edge, method));
  const out = resampleBlock(src, [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1], lo, grid, block, method);
  if (edge === "simpleitk") zeroOutsideImage(out, grid, block, dims);
  return out;
}
