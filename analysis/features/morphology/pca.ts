import type { Vec3 } from "../../core/volume.js";

/**
 * Sample covariance (divide by N-1) of the positions (mm) of the voxel centres in `mask`: the
 * point set X_c of IBSI 4KW8 used by the PCA-based features. Returns the 3x3 matrix row-major.
 * N-1, as numpy's cov used by the reference implementations: with N it is 0.7% short on the
 * digital phantom (N = 74) and its minor and least axis lengths fall outside the IBSI tolerance.
 */
export function positionCovariance(mask: Uint8Array, dims: Vec3, spacing: Vec3): { count: number; cov: Float64Array } {
  const [nx, ny, nz] = dims;
  let count = 0;
  let sx = 0, sy = 0, sz = 0;
  for (let k = 0, p = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, p++)
        if (mask[p]) {
          count++;
          sx += i;
          sy += j;
          sz += k;
        }
  const cov = new Float64Array(9);
  if (count === 0) return { count, cov };
  const mx = sx / count, my = sy / count, mz = sz / count;
  let xx = 0, yy = 0, zz = 0, xy = 0, xz = 0, yz = 0;
  for (let k = 0, p = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, p++)
        if (mask[p]) {
          const dx = (i - mx) * spacing[0], dy = (j - my) * spacing[1], dz = (k - mz) * spacing[2];
          xx += dx * dx;
          yy += dy * dy;
          zz += dz * dz;
          xy += dx * dy;
          xz += dx * dz;
          yz += dy * dz;
        }
  if (count > 1) cov.set([xx, xy, xz, xy, yy, yz, xz, yz, zz].map((v) => v / (count - 1)));
  return { count, cov };
}

/** Eigenvalues of a symmetric 3x3 matrix (row-major), descending, by cyclic Jacobi rotations. */
export function symmetricEigenvalues3(m: ArrayLike<number>): Vec3 {
  const a = [
    [m[0], m[1], m[2]],
    [m[3], m[4], m[5]],
    [m[6], m[7], m[8]],
  ];
  for (let sweep = 0; sweep < 50; sweep++) {
    const off = a[0][1] ** 2 + a[0][2] ** 2 + a[1][2] ** 2;
    const diag = a[0][0] ** 2 + a[1][1] ** 2 + a[2][2] ** 2;
    if (off <= 1e-30 * diag || off === 0) break;
    for (const [p, q] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      if (a[p][q] === 0) continue;
      // Rotation angle that zeroes a[p][q] (numerically stable form).
      const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1);
      const s = t * c;
      for (let r = 0; r < 3; r++) {
        const arp = a[r][p], arq = a[r][q];
        a[r][p] = c * arp - s * arq;
        a[r][q] = s * arp + c * arq;
      }
      for (let r = 0; r < 3; r++) {
        const apr = a[p][r], aqr = a[q][r];
        a[p][r] = c * apr - s * aqr;
        a[q][r] = s * apr + c * aqr;
      }
    }
  }
  const ev = [a[0][0], a[1][1], a[2][2]].map((v) => Math.max(v, 0)).sort((x, y) => y - x);
  return [ev[0], ev[1], ev[2]];
}
