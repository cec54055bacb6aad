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
  const bx = box.hi[0] - box.lo[0] + 1;
  const by = box.hi[1] - box.lo[1] + 1;
  const bz = box.hi[2] - box.lo[2] + 1;
  const out = new Float64Array(bx * by * bz);
  forEachDistanceSlab(features, dims, spacing, box, complement, limit, (plane, i0, width, j) => {
    for (let k = 0; k < bz; k++) out.set(plane.subarray(width * k, width * (k + 1)), i0 + bx * (j + by * k));
  });
  return out;
}

/**
 * The same transform, handed over in pieces: `visit(values, i0, width, j)` gets the values of box
 * columns i0 .. i0 + width - 1 in box row j, for every slice (box-local, width × box depth, x
 * fastest), each piece once. The y and z passes work on lines of one column, so a slab of columns
 * needs only its own columns and the x pass, which is kept as each voxel's distance along its row in
 * voxels (2 bytes a voxel). Each slab of about SLAB_BYTES runs its passes in cache, and every value
 * is moved as few times as the passes allow: the y pass reads the x pass's distances and writes its
 * lines already grouped by row (x fastest, then z), where the z pass's lines and the visitor read them.
 * `slabWidth`: columns per slab (tests; default from SLAB_BYTES).
 */
export function forEachDistanceSlab(
  features: Mask,
  dims: Vec3,
  spacing: Vec3,
  box: BoundingBox,
  complement: boolean,
  limit: number,
  visit: (values: Float64Array, i0: number, width: number, j: number) => void,
  slabWidth?: number,
): void {
  const [nx, ny] = dims;
  const [x0, y0, z0] = box.lo;
  const bx = box.hi[0] - x0 + 1;
  const by = box.hi[1] - y0 + 1;
  const bz = box.hi[2] - z0 + 1;
  // Pass along x on the binary input: per voxel the distance in voxels to the nearest feature in its
  // row, the nearer of the features before and after each gap (a forward and a backward sweep in
  // one); `none` when there is none, or when its squared mm exceed the limit.
  const sx2 = spacing[0] * spacing[0];
  const near = bx < 0xffff ? new Uint16Array(bx * by * bz) : new Uint32Array(bx * by * bz);
  const none = bx < 0xffff ? 0xffff : 0xffffffff;
  const on = complement ? 0 : 1;
  for (let k = 0, base = 0; k < bz; k++)
    for (let j = 0; j < by; j++, base += bx) {
      const src = x0 + nx * (y0 + j + ny * (z0 + k));
      let last = -1; // the last feature seen
      for (let i = 0; i <= bx; i++) {
        if (i < bx && (features[src + i] ? 1 : 0) !== on) continue;
        // a feature at i (or the row's end): fill the gap last+1 .. i-1 (the feature itself is 0)
        for (let g = last + 1; g < i; g++) {
          const d = last < 0 ? (i === bx ? -1 : i - g) : i === bx ? g - last : Math.min(g - last, i - g);
          near[base + g] = d < 0 || d * d * sx2 > limit ? none : d;
        }
        last = i;
      }
    }
  const width = Math.max(1, Math.min(bx, slabWidth ?? Math.floor(SLAB_BYTES / (8 * by * bz))));
  // the slab after the y pass, grouped by row: (i, k, j) with i fastest, so row j is one plane
  const slab = new Float64Array(width * bz * by);
  const scratch = new Scratch(Math.max(by, bz));
  const line = scratch.line;
  for (let i0 = 0; i0 < bx; i0 += width) {
    const w = Math.min(width, bx - i0);
    const wz = w * bz;
    // y pass, on the x pass's squared distances in mm² (as the whole-row pass computes them)
    for (let k = 0; k < bz; k++)
      for (let i = 0; i < w; i++) {
        for (let j = 0, q = i0 + i + bx * by * k; j < by; j++, q += bx) {
          const d = near[q];
          line[j] = d === none ? Infinity : d * d * sx2;
        }
        transformLine(slab, i + w * k, wz, by, y0, spacing[1], scratch, limit);
      }
    // z pass, row by row, in place; then the row is handed over
    for (let j = 0; j < by; j++) {
      const plane = slab.subarray(wz * j, wz * (j + 1));
      for (let i = 0; i < w; i++) {
        for (let k = 0, q = i; k < bz; k++, q += w) line[k] = plane[q];
        transformLine(plane, i, w, bz, z0, spacing[2], scratch, limit);
      }
      visit(plane, i0, w, j);
    }
  }
}
/** Size of the buffer a slab of forEachDistanceSlab takes, bytes: fits a processor's last-level cache. */
const SLAB_BYTES = 4 * 2 ** 20;

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
 * 1-D pass: d(q) = min_p ((q - p)·s)² + f(p), from the values f in the scratch line to the strided
 * line of `data`, whose first element sits at grid position `origin`. Positions are scaled by the
 * spacing s so the parabolas are in mm².
 *
 * A zero (a feature) splits the line: its parabola is lower than any beyond it on its far side, and
 * no later parabola can pop it from the envelope (they cross it at least half a voxel away), so the
 * values between two zeros depend only on what lies between them. Runs of zeros stay zero and each
 * stretch between zeros gets its own envelope, with the zeros that bound it: the same arithmetic,
 * and the same values, as one envelope over the whole line, without the work on solid runs.
 */
function transformLine(data: Float64Array, start: number, stride: number, n: number, origin: number, s: number, sc: Scratch, limit: number): void {
  const f = sc.line;
  let a = 0;
  while (a < n) {
    if (f[a] === 0) {
      data[start + a * stride] = 0;
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
  if (k < 0) {
    // no finite value: the stretch stays at infinity (a later pass may fill it)
    for (let q = from, o = start + from * stride; q < to; q++, o += stride) data[o] = Infinity;
    return;
  }
  let j = 0;
  for (let q = origin + from, o = start + from * stride; q < origin + to; q++, o += stride) {
    while (z[j + 1] < q) j++;
    const d = (q - v[j]) * s;
    const value = d * d + fv[j];
    data[o] = value > limit ? Infinity : value;
  }
}
