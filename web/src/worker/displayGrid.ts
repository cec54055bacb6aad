import type { Grid, Vec3, Volume, VoxelArray } from "../../../analysis/core/volume.js";

/**
 * The viewer's copy of a volume: at most MAX_DISPLAY voxels along each axis. niivue draws every
 * voxel it is given, and without a graphics card (the browser's software WebGL) a 256³ head held
 * the page's main thread for over a minute per view; the views need no more than the screen shows.
 * Blocks of f×f×f voxels become one: the image's mean, a mask's maximum (a thin face mask or a
 * small ROI stays visible). The analysis and the report never see these copies.
 */
export const MAX_DISPLAY = 128;

/** The block size for a grid: the smallest integer that brings every axis to MAX_DISPLAY or fewer. */
export const displayFactor = (dims: Vec3): number => Math.max(1, Math.ceil(Math.max(...dims) / MAX_DISPLAY));

/** The grid of the blocks: each block's centre is where its voxels' centres average. */
export function displayGridOf(grid: Grid, f: number): Grid {
  if (f === 1) return grid;
  const dims = grid.dims.map((n) => Math.ceil(n / f)) as Vec3;
  const spacing = grid.spacing.map((s) => s * f) as Vec3;
  const a = grid.affine;
  const affine = [...a];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) affine[4 * r + c] = a[4 * r + c] * f;
    // block 0 holds voxels 0..f-1 (their centres average at (f-1)/2; the last, partial block is near enough)
    affine[4 * r + 3] = a[4 * r + 3] + ((f - 1) / 2) * (a[4 * r] + a[4 * r + 1] + a[4 * r + 2]);
  }
  return { dims, spacing, affine };
}

/** Shrinks `volume` by blocks of f voxels: "mean" for an image, "max" for a mask. */
export function shrink(volume: Volume, f: number, how: "mean" | "max"): Volume {
  if (f === 1) return volume;
  const grid = displayGridOf(volume, f);
  const [nx, ny, nz] = volume.dims;
  const [mx, my, mz] = grid.dims;
  const sums = new Float64Array(mx * my * mz);
  const counts = new Uint32Array(sums.length);
  const src = volume.data;
  for (let k = 0, i = 0; k < nz; k++) {
    const bk = Math.floor(k / f) * mx * my;
    for (let j = 0; j < ny; j++) {
      const row = bk + Math.floor(j / f) * mx;
      for (let x = 0; x < nx; x++, i++) {
        const b = row + Math.floor(x / f);
        const v = src[i];
        if (how === "max") {
          if (counts[b] === 0 || v > sums[b]) sums[b] = v;
          counts[b] = 1;
        } else {
          sums[b] += v;
          counts[b]++;
        }
      }
    }
  }
  const data: VoxelArray = how === "max" ? new (src.constructor as new (n: number) => VoxelArray)(sums.length) : new Float32Array(sums.length);
  for (let b = 0; b < sums.length; b++) data[b] = how === "max" ? sums[b] : sums[b] / counts[b];
  return { ...grid, data };
}
