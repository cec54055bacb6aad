import type { Mask, Volume } from "../../../analysis/core/volume.js";

/**
 * The whole-volume smoothing the skin renders used before masks/smoothedField.ts computed it lazily:
 * a float32 copy, three separable (previous + this + next) / 3 passes along x, y, z with edge values
 * replicated, then every voxel outside `within` set to `outside`. The reference the lazy field is
 * checked against, voxel for voxel.
 */
export function plainSmoothed(volume: Volume, within?: Mask, outside = 0): Float32Array {
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
          const lo = p > 0 ? a[v - s] : a[v];
          const hi = p < n - 1 ? a[v + s] : a[v];
          b[v] = (lo + a[v] + hi) / 3;
        }
    [a, b] = [b, a];
  }
  if (within) for (let v = 0; v < a.length; v++) if (!within[v]) a[v] = outside;
  return a;
}
