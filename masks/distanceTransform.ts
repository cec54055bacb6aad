import type { BoundingBox } from "../analysis/processing/crop.js";
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
  const whole: BoundingBox = { lo: [0, 0, 0], hi: [dims[0] - 1, dims[1] - 1, dims[2] - 1] };
  return squaredDistanceTransformInBox(features, dims, spacing, whole);
}

/**
 * The squared distance transform of the whole grid, evaluated inside `box` only (box-local array,
 * x fastest). Features are the voxels with `features[v]` set, or, with `complement`, those without.
 *
 * Every parabola position is the voxel's grid coordinate, as in the whole-grid transform, so the
 * arithmetic inside the box is the same. The values equal the whole-grid transform's, bit for bit,
 * when what lies outside the box cannot matter, which the caller guarantees in one of two ways:
 * - no feature lies outside the box (dilation: the box holds the mask's bounding box), so every line
 *   leaving the box meets only empty rows; or
 * - the box's outermost layer, on each side not at the grid's edge, is all features (erosion: the
 *   complement of a mask, box = its bounding box plus one voxel). A feature at the box's edge has value
 *   0 after every pass; a parabola of value 0 at the edge is lower, inside the box, than any beyond it,
 *   and no parabola from inside can pop it from the lower envelope (they cross at least half a voxel
 *   inside), so the envelope inside the box is the same with or without what lies beyond.
 *
 * With a `limit` (mm²), every value above it reads Infinity, which is all a threshold at the limit
 * needs (dilation and erosion by a ball): each pass only adds, so a partial value above the limit
 * cannot lead to a final one at or below it, and the values at or below it are the same numbers
 * (their minimising parabola is never dropped). Dropped parabolas make the passes cheaper.
 */
export function squaredDistanceTransformInBox(features: Mask, dims: Vec3, spacing: Vec3, box: BoundingBox, complement = false, limit = Infinity): Float64Array {
  const [nx, ny] = dims;
  const [x0, y0, z0] = box.lo;
  const bx = box.hi[0] - x0 + 1;
  const by = box.hi[1] - y0 + 1;
  const bz = box.hi[2] - z0 + 1;
  const f = new Float64Array(bx * by * bz);
  const scratch = new Scratch(Math.max(bx, by, bz));
  // Pass along x on the binary input: the distance to the nearest feature in the row, the nearer of
  // the features before and after each gap (what a forward and a backward sweep give, in one).
  const sx2 = spacing[0] * spacing[0];
  const on = complement ? 0 : 1;
  for (let k = 0, base = 0; k < bz; k++)
    for (let j = 0; j < by; j++, base += bx) {
      const src = x0 + nx * (y0 + j + ny * (z0 + k));
      let last = -1; // the last feature seen
      for (let i = 0; i <= bx; i++) {
        if (i < bx && (features[src + i] ? 1 : 0) !== on) continue;
        // a feature at i (or the row's end): fill the gap last+1 .. i-1, then the feature itself
        for (let g = last + 1; g < i; g++) {
          const before = last < 0 ? Infinity : (g - last) * (g - last) * sx2;
          const after = i === bx ? Infinity : (i - g) * (i - g) * sx2;
          const nearest = after < before ? after : before;
          f[base + g] = nearest > limit ? Infinity : nearest;
        }
        if (i < bx) f[base + i] = 0;
        last = i;
      }
    }
  const bxy = bx * by;
  for (let k = 0; k < bz; k++) for (let i = 0; i < bx; i++) transformLine(f, i + bxy * k, bx, by, y0, spacing[1], scratch, limit);
  // z pass: the lines are bx·by apart in memory; gather each xz-plane into a contiguous buffer
  // (reading whole x-rows) so the pass runs in cache, then scatter it back.
  const plane = new Float64Array(bx * bz);
  for (let j = 0; j < by; j++) {
    for (let k = 0; k < bz; k++) plane.set(f.subarray(bx * j + bxy * k, bx * j + bxy * k + bx), bx * k);
    for (let i = 0; i < bx; i++) transformLine(plane, i, bx, bz, z0, spacing[2], scratch, limit);
    for (let k = 0; k < bz; k++) f.set(plane.subarray(bx * k, bx * k + bx), bx * j + bxy * k);
  }
  return f;
}

class Scratch {
  readonly line: Float64Array;
  readonly v: Int32Array; // grid positions of the parabolas in the lower envelope
  readonly fv: Float64Array; // their values
  readonly h: Float64Array; // their value + s²·position²
  readonly z: Float64Array; // boundaries between them
  constructor(n: number) {
    this.line = new Float64Array(n);
    this.v = new Int32Array(n);
    this.fv = new Float64Array(n);
    this.h = new Float64Array(n);
    this.z = new Float64Array(n + 1);
  }
}

/**
 * 1-D pass: d(q) = min_p ((q - p)·s)² + f(p), in place on the strided line, whose first element
 * sits at grid position `origin`. Positions are scaled by the spacing s so the parabolas are in mm².
 *
 * A zero (a feature) splits the line: its parabola is lower than any beyond it on its far side, and
 * no later parabola can pop it from the envelope (they cross it at least half a voxel away), so the
 * values between two zeros depend only on what lies between them. Runs of zeros stay zero and each
 * stretch between zeros gets its own envelope, with the zeros that bound it: the same arithmetic,
 * and the same values, as one envelope over the whole line, without the work on solid runs.
 */
function transformLine(data: Float64Array, start: number, stride: number, n: number, origin: number, s: number, sc: Scratch, limit: number): void {
  const f = sc.line;
  for (let q = 0; q < n; q++) f[q] = data[start + q * stride];
  let a = 0;
  while (a < n) {
    if (f[a] === 0) {
      a++;
      continue;
    }
    let b = a + 1;
    while (b < n && f[b] !== 0) b++;
    // the stretch [a, b) of non-zero values, with the zeros at a - 1 and b when they exist
    transformStretch(data, start, stride, a > 0 ? a - 1 : a, b < n ? b : b - 1, a, b, origin, s, sc, limit);
    a = b;
  }
}

/** The envelope of the parabolas at line indices lo..hi (inclusive), written to indices from..to-1. */
function transformStretch(data: Float64Array, start: number, stride: number, lo: number, hi: number, from: number, to: number, origin: number, s: number, sc: Scratch, limit: number): void {
  const f = sc.line;
  const v = sc.v;
  const z = sc.z;
  // per parabola of the envelope: its value f(p) and f(p) + s²·p², kept instead of recomputed (the same numbers)
  const fv = sc.fv;
  const h = sc.h;
  const s2 = s * s;
  const twoS2 = 2 * s2;
  let k = -1;
  for (let q = origin + lo; q <= origin + hi; q++) {
    const fq = f[q - origin];
    if (fq === Infinity) continue;
    const hq = fq + s2 * q * q;
    if (k < 0) {
      k = 0;
      v[0] = q;
      fv[0] = fq;
      h[0] = hq;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    // intersection of the parabola at q with the rightmost one of the envelope, in grid units
    let x = 0;
    for (;;) {
      x = (hq - h[k]) / (twoS2 * (q - v[k]));
      if (x <= z[k] && k > 0) k--;
      else break;
    }
    if (x <= z[k]) {
      // k == 0 and the new parabola dominates the only one: replace it
      v[0] = q;
      fv[0] = fq;
      h[0] = hq;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    k++;
    v[k] = q;
    fv[k] = fq;
    h[k] = hq;
    z[k] = x;
    z[k + 1] = Infinity;
  }
  if (k < 0) return; // no finite value: the stretch stays at infinity; a later pass fills it
  let j = 0;
  for (let q = origin + from, o = start + from * stride; q < origin + to; q++, o += stride) {
    while (z[j + 1] < q) j++;
    const d = (q - v[j]) * s;
    const value = d * d + fv[j];
    data[o] = value > limit ? Infinity : value;
  }
}
