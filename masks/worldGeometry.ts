import type { Affine, Grid, Vec3 } from "../analysis/core/volume.js";

/**
 * Where orientation matters (anterior, inferior, the axial slices), masks/ works in world
 * coordinates (RAS+ mm, from the affine), never in the voxel order, which differs between scans.
 */

/** World axes: 0 = R (x), 1 = A (y), 2 = S (z). */
export type WorldAxis = 0 | 1 | 2;

/**
 * The world coordinate `axis` of voxel (i, j, k) is c[0]·i + c[1]·j + c[2]·k + c[3]: a linear
 * function, so hot loops step it by adding c[0] per i.
 */
export function worldRow(affine: Affine, axis: WorldAxis): [number, number, number, number] {
  const r = 4 * axis;
  return [affine[r], affine[r + 1], affine[r + 2], affine[r + 3]];
}

/** The array axis (0 = i, 1 = j, 2 = k) whose direction is closest to world `axis`. */
export function arrayAxisAlong(grid: Grid, axis: WorldAxis): 0 | 1 | 2 {
  const row = worldRow(grid.affine, axis);
  let best: 0 | 1 | 2 = 0;
  let bestCos = -1;
  for (const c of [0, 1, 2] as const) {
    const len = Math.hypot(grid.affine[c], grid.affine[4 + c], grid.affine[8 + c]);
    const cos = Math.abs(row[c]) / (len || 1);
    if (cos > bestCos) (bestCos = cos), (best = c);
  }
  return best;
}

/** Inverse of a row-major 4x4 affine (world -> voxel), by cofactors of the 3x3 part. */
export function invertAffine(a: Affine): Affine {
  const [m00, m01, m02, t0, m10, m11, m12, t1, m20, m21, m22, t2] = a;
  const c00 = m11 * m22 - m12 * m21;
  const c01 = m12 * m20 - m10 * m22;
  const c02 = m10 * m21 - m11 * m20;
  const det = m00 * c00 + m01 * c01 + m02 * c02;
  const inv = [
    c00 / det, (m02 * m21 - m01 * m22) / det, (m01 * m12 - m02 * m11) / det,
    c01 / det, (m00 * m22 - m02 * m20) / det, (m02 * m10 - m00 * m12) / det,
    c02 / det, (m01 * m20 - m00 * m21) / det, (m00 * m11 - m01 * m10) / det,
  ];
  const tx = -(inv[0] * t0 + inv[1] * t1 + inv[2] * t2);
  const ty = -(inv[3] * t0 + inv[4] * t1 + inv[5] * t2);
  const tz = -(inv[6] * t0 + inv[7] * t1 + inv[8] * t2);
  return [inv[0], inv[1], inv[2], tx, inv[3], inv[4], inv[5], ty, inv[6], inv[7], inv[8], tz, 0, 0, 0, 1];
}

/** Volume of one voxel in mm³ (|det| of the affine's 3x3 part). */
export function voxelVolumeMm3(affine: Affine): number {
  const [m00, m01, m02, , m10, m11, m12, , m20, m21, m22] = affine;
  return Math.abs(m00 * (m11 * m22 - m12 * m21) - m01 * (m10 * m22 - m12 * m20) + m02 * (m10 * m21 - m11 * m20));
}

/** World bounding box [min, max] of the voxel centres of a mask, per world axis. */
export function worldBounds(mask: Uint8Array, grid: Grid): { min: Vec3; max: Vec3 } {
  const [nx, ny, nz] = grid.dims;
  const a = grid.affine;
  const min: Vec3 = [Infinity, Infinity, Infinity];
  const max: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) {
        if (!mask[v]) continue;
        for (let w = 0; w < 3; w++) {
          const x = a[4 * w] * i + a[4 * w + 1] * j + a[4 * w + 2] * k + a[4 * w + 3];
          if (x < min[w]) min[w] = x;
          if (x > max[w]) max[w] = x;
        }
      }
  return { min, max };
}
