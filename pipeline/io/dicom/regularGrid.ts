import type { Affine, Vec3 } from "../../../analysis/core/volume.js";
import { columnDirection, dot, rasAffine, rowDirection, sliceNormal, type PlaneGeometry } from "./geometry.js";

/** A resampled stack: float data on an orthogonal, evenly spaced grid. */
export interface RegularStack {
  data: Float32Array;
  nz: number;
  affine: Affine;
  /** for each output slice, the input plane nearest to it (the writer copies its attributes). */
  nearest: number[];
}

/**
 * Resamples an unevenly spaced and/or sheared (gantry-tilted) stack onto a regular orthogonal grid,
 * as dcm2niix does: output slices are spaced `spacing` mm along the slice normal, starting at the
 * first plane; each output voxel is interpolated bilinearly within the two input planes that
 * bracket it along the normal and linearly between them. Voxels outside an input plane get `fill`.
 * `planes` and `pixels` are sorted along the normal; `positions` are their coordinates along it.
 */
export function resampleToRegularGrid(
  planes: PlaneGeometry[],
  positions: number[],
  pixels: Float64Array[],
  nx: number,
  ny: number,
  spacing: number,
  fill: number,
): RegularStack {
  const iop = planes[0].iop;
  const [rowSp, colSp] = planes[0].pixelSpacing; // rowSp: between rows (j); colSp: between columns (i)
  const r = rowDirection(iop);
  const c = columnDirection(iop);
  const n = sliceNormal(iop);
  const origin = planes[0].ipp;
  const extent = positions[positions.length - 1] - positions[0];
  const nz = Math.floor(extent / spacing + 1e-6) + 1;
  // In-plane offset of each input plane relative to the output grid's origin, in voxels.
  const du = planes.map((p) => dot([origin[0] - p.ipp[0], origin[1] - p.ipp[1], origin[2] - p.ipp[2]], r) / colSp);
  const dv = planes.map((p) => dot([origin[0] - p.ipp[0], origin[1] - p.ipp[1], origin[2] - p.ipp[2]], c) / rowSp);

  const data = new Float32Array(nx * ny * nz);
  const nearest: number[] = [];
  let a = 0;
  for (let k = 0; k < nz; k++) {
    const t = positions[0] + k * spacing;
    while (a < positions.length - 2 && positions[a + 1] < t) a++;
    const span = positions[a + 1] - positions[a];
    const w = Math.min(1, Math.max(0, (t - positions[a]) / span));
    nearest.push(w < 0.5 ? a : a + 1);
    const out = k * nx * ny;
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const lo = sampleBilinear(pixels[a], nx, ny, i + du[a], j + dv[a], fill);
        const hi = w > 0 ? sampleBilinear(pixels[a + 1], nx, ny, i + du[a + 1], j + dv[a + 1], fill) : lo;
        data[out + i + nx * j] = lo + w * (hi - lo);
      }
    }
  }
  const step: Vec3 = [n[0] * spacing, n[1] * spacing, n[2] * spacing];
  return { data, nz, affine: rasAffine(origin, iop, [rowSp, colSp], step), nearest };
}

/** Bilinear interpolation at fractional pixel (u, v); `fill` outside the plane. */
function sampleBilinear(img: Float64Array, nx: number, ny: number, u: number, v: number, fill: number): number {
  const eps = 1e-6;
  if (u < -eps || v < -eps || u > nx - 1 + eps || v > ny - 1 + eps) return fill;
  const u0 = Math.min(nx - 1, Math.max(0, Math.floor(u + eps)));
  const v0 = Math.min(ny - 1, Math.max(0, Math.floor(v + eps)));
  const u1 = Math.min(nx - 1, u0 + 1);
  const v1 = Math.min(ny - 1, v0 + 1);
  const fu = Math.min(1, Math.max(0, u - u0));
  const fv = Math.min(1, Math.max(0, v - v0));
  const top = img[u0 + nx * v0] * (1 - fu) + img[u1 + nx * v0] * fu;
  const bottom = img[u0 + nx * v1] * (1 - fu) + img[u1 + nx * v1] * fu;
  return top * (1 - fv) + bottom * fv;
}
