import type { Mask, Volume } from "../../../analysis/core/volume.js";

/**
 * The whole-volume smoothing the skin renders used before masks/smoothedField.ts computed it lazily:
 * a float32 copy, three separable passes along x, y, z of the mean of the 2·radius + 1 values around
 * each voxel (summed from the lowest), edge values replicated, then every voxel outside `within` set
 * to `outside`. The reference the lazy field is checked against, voxel for voxel.
 */
export function plainSmoothed(volume: Volume, within?: Mask, outside = 0, radius = 1): Float32Array {
  const [nx, ny, nz] = volume.dims;
  let a = Float32Array.from(volume.data as ArrayLike<number>);
  let b = new Float32Array(a.length);
  const strides = [1, nx, nx * ny];
  for (let axis = 0; axis < 3; axis++) {
    const s = strides[axis];
    const n = volume.dims[axis];
    for (let k = 0, v = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++, v++) {
          const p = axis === 0 ? i : axis === 1 ? j : k;
          let sum = 0;
          for (let d = -radius; d <= radius; d++) sum += a[v + s * (Math.min(n - 1, Math.max(0, p + d)) - p)];
          b[v] = sum / (2 * radius + 1);
        }
    [a, b] = [b, a];
  }
  if (within) for (let v = 0; v < a.length; v++) if (!within[v]) a[v] = outside;
  return a;
}
