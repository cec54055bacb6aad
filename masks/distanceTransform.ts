import type { Mask, Vec3 } from "../analysis/core/volume.js";

/**
 * Exact Euclidean distance transform with anisotropic voxel spacing (Felzenszwalb & Huttenlocher,
 * "Distance transforms of sampled functions", 2012): the squared distance is separable, so three 1-D
 * passes (x, then y, then z) of the lower envelope of parabolas give the exact result in O(n).
 *
 * Returns, for every voxel, the distance in mm to the nearest voxel centre with `features[i] = 1`
 * (0 on the features themselves; Infinity everywhere when there are no features).
 */
export function distanceTransform(features: Mask, dims: Vec3, spacing: Vec3): Float32Array {
  const sq = squaredDistanceTransform(features, dims, spacing);
  const out = new Float32Array(sq.length);
  for (let i = 0; i < sq.length; i++) out[i] = Math.sqrt(sq[i]);
  return out;
}

/** Squared distances in mm², as Float64 (exact for the integer-spaced parabolas). */
export function squaredDistanceTransform(features: Mask, dims: Vec3, spacing: Vec3): Float64Array {
  const [nx, ny, nz] = dims;
  const f = new Float64Array(nx * ny * nz);
  const maxN = Math.max(nx, ny, nz);
  const scratch = new Scratch(maxN);
  // Pass along x on the binary input: the distance to the nearest feature in the row, by a forward
  // and a backward sweep (cheaper than the parabola envelope, same result). Then y and z.
  const sx2 = spacing[0] * spacing[0];
  for (let row = 0; row < ny * nz; row++) {
    const base = row * nx;
    let last = -1;
    for (let i = 0; i < nx; i++) {
      if (features[base + i]) last = i;
      f[base + i] = last < 0 ? Infinity : (i - last) * (i - last) * sx2;
    }
    last = -1;
    for (let i = nx - 1; i >= 0; i--) {
      if (features[base + i]) last = i;
      if (last >= 0) {
        const d = (last - i) * (last - i) * sx2;
        if (d < f[base + i]) f[base + i] = d;
      }
    }
  }
  for (let k = 0; k < nz; k++) for (let i = 0; i < nx; i++) transformLine(f, i + nx * ny * k, nx, ny, spacing[1], scratch);
  // z pass: the lines are nx·ny apart in memory; gather each xz-plane into a contiguous buffer
  // (reading whole x-rows) so the pass runs in cache, then scatter it back.
  const plane = new Float64Array(nx * nz);
  const nxy = nx * ny;
  for (let j = 0; j < ny; j++) {
    for (let k = 0; k < nz; k++) plane.set(f.subarray(nx * j + nxy * k, nx * j + nxy * k + nx), nx * k);
    for (let i = 0; i < nx; i++) transformLine(plane, i, nx, nz, spacing[2], scratch);
    for (let k = 0; k < nz; k++) f.set(plane.subarray(nx * k, nx * k + nx), nx * j + nxy * k);
  }
  return f;
}

class Scratch {
  readonly line: Float64Array;
  readonly v: Int32Array; // positions of the parabolas in the lower envelope
  readonly z: Float64Array; // boundaries between them
  constructor(n: number) {
    this.line = new Float64Array(n);
    this.v = new Int32Array(n);
    this.z = new Float64Array(n + 1);
  }
}

/**
 * 1-D pass: d(q) = min_p ((q - p)·s)² + f(p), in place on the strided line. Positions are scaled by
 * the spacing s so the parabolas are in mm².
 */
function transformLine(data: Float64Array, start: number, stride: number, n: number, s: number, sc: Scratch): void {
  const f = sc.line;
  let any = false;
  for (let q = 0; q < n; q++) {
    const value = data[start + q * stride];
    f[q] = value;
    if (value !== Infinity) any = true;
  }
  if (!any) return; // the line stays at infinity; a later pass fills it
  const v = sc.v;
  const z = sc.z;
  const s2 = s * s;
  let k = -1;
  for (let q = 0; q < n; q++) {
    if (f[q] === Infinity) continue;
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    // intersection of the parabola at q with the rightmost one of the envelope, in index units
    let x = 0;
    for (;;) {
      const p = v[k];
      x = (f[q] + s2 * q * q - (f[p] + s2 * p * p)) / (2 * s2 * (q - p));
      if (x <= z[k] && k > 0) k--;
      else break;
    }
    if (x <= z[k]) {
      // k == 0 and the new parabola dominates the only one: replace it
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    k++;
    v[k] = q;
    z[k] = x;
    z[k + 1] = Infinity;
  }
  let j = 0;
  for (let q = 0; q < n; q++) {
    while (z[j + 1] < q) j++;
    const d = (q - v[j]) * s;
    data[start + q * stride] = d * d + f[v[j]];
  }
}
