import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../analysis/core/random.js";
import type { Mask, Vec3 } from "../../analysis/core/volume.js";
import { forEachDistanceSlab, squaredDistanceTransform, squaredDistanceTransformInBox } from "../../masks/distanceTransform.js";
import { close, connectedComponents, dilate, erode, fillHoles, fillHolesInSlices, largestComponent, open } from "../../masks/morphology.js";
import { maskBoundingBox, padBox } from "../../analysis/processing/crop.js";
import {
  plainConnectedComponents,
  plainDilate,
  plainErode,
  plainFillHoles,
  plainFillHolesInSlices,
  plainLargestComponent,
  plainSquaredDistanceTransform,
} from "./reference/plainMorphology.js";

/**
 * The bounding-box morphology of masks/ against the plain whole-grid versions it replaced, on random
 * masks: every output must be the same, bit for bit (masks feed the normalisations, and the
 * features must not move).
 */

interface Case {
  dims: Vec3;
  spacing: Vec3;
  mask: Mask;
  label: string;
}

/** Random blobs (balls and boxes), speckle, and masks that touch the grid's edges, on small grids. */
function randomCases(count: number): Case[] {
  const random = mulberry32(20240607);
  const spacings: Vec3[] = [[1, 1, 1], [1.2, 1.2, 1.2], [0.7, 1.3, 2.5], [0.957, 0.957, 1.5], [2, 2, 2], [0.5, 0.5, 3]];
  const cases: Case[] = [];
  for (let c = 0; c < count; c++) {
    const dims: Vec3 = [8 + Math.floor(random() * 22), 8 + Math.floor(random() * 22), 6 + Math.floor(random() * 18)];
    const spacing = spacings[c % spacings.length];
    const [nx, ny, nz] = dims;
    const mask = new Uint8Array(nx * ny * nz);
    const blobs = 1 + Math.floor(random() * 4);
    const edge = c % 5 === 0; // some blobs cross the grid's edge
    for (let b = 0; b < blobs; b++) {
      const centre = dims.map((n) => (edge ? -2 + random() * (n + 4) : n * (0.2 + 0.6 * random())));
      const radius = dims.map((n) => 1 + random() * n * 0.35);
      const ball = random() < 0.6;
      const hollow = random() < 0.4; // a shell with a cavity: holes to fill
      for (let k = 0, v = 0; k < nz; k++)
        for (let j = 0; j < ny; j++)
          for (let i = 0; i < nx; i++, v++) {
            const u = [(i - centre[0]) / radius[0], (j - centre[1]) / radius[1], (k - centre[2]) / radius[2]];
            const r = ball ? Math.hypot(u[0], u[1], u[2]) : Math.max(Math.abs(u[0]), Math.abs(u[1]), Math.abs(u[2]));
            if (r <= 1 && !(hollow && r < 0.6)) mask[v] = 1;
          }
    }
    const speckle = random() * 0.05;
    for (let v = 0; v < mask.length; v++) if (random() < speckle) mask[v] ^= 1;
    cases.push({ dims, spacing, mask, label: `case ${c}: ${dims.join("x")} voxels of ${spacing.join("x")} mm` });
  }
  const full = new Uint8Array(6 * 7 * 5).fill(1);
  cases.push({ dims: [6, 7, 5], spacing: [1, 1, 1], mask: full, label: "full grid" });
  cases.push({ dims: [6, 7, 5], spacing: [1, 1, 1], mask: new Uint8Array(6 * 7 * 5), label: "empty grid" });
  const single = new Uint8Array(9 * 9 * 9);
  single[0] = 1;
  cases.push({ dims: [9, 9, 9], spacing: [1.2, 1.2, 1.2], mask: single, label: "one voxel in a corner" });
  return cases;
}

const cases = randomCases(36);
// radii where voxel centres lie exactly on the ball's surface (6 mm = 5 voxels of 1.2 mm, 5 mm = 5
// voxels of 1 mm), so rounding decides; and ordinary ones
const radii = [0, 1, 2.5, 3.9, 5, 6, 7.3];

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  let differ = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) differ++;
  expect(differ).toBe(0);
};

describe("bounding-box morphology equals the whole-grid morphology, bit for bit", () => {
  it("distance transform of the whole grid", () => {
    for (const c of cases) same(squaredDistanceTransform(c.mask, c.dims, c.spacing), plainSquaredDistanceTransform(c.mask, c.dims, c.spacing));
  });

  it("distance transform inside a box: the mask's box grown by any margin (dilation), or by one voxel for the complement (erosion)", () => {
    for (const c of cases) {
      const bbox = maskBoundingBox(c.mask, c.dims);
      if (!bbox) continue;
      const whole = plainSquaredDistanceTransform(c.mask, c.dims, c.spacing);
      const complement = plainSquaredDistanceTransform(Uint8Array.from(c.mask, (m) => 1 - m), c.dims, c.spacing);
      for (const [margin, inverted, reference] of [[0, false, whole], [3, false, whole], [1, true, complement]] as const) {
        const box = padBox(bbox, margin, c.dims);
        const got = squaredDistanceTransformInBox(c.mask, c.dims, c.spacing, box, inverted);
        const [nx, ny] = c.dims;
        let differ = 0;
        for (let k = box.lo[2], p = 0; k <= box.hi[2]; k++)
          for (let j = box.lo[1]; j <= box.hi[1]; j++)
            for (let i = box.lo[0]; i <= box.hi[0]; i++, p++) if (!Object.is(got[p], reference[i + nx * (j + ny * k)])) differ++;
        expect(differ, `${c.label}, margin ${margin}${inverted ? ", complement" : ""}`).toBe(0);
      }
    }
  });

  it("distance transform with a limit: the same values up to it, Infinity above it", () => {
    for (const c of cases) {
      const whole = plainSquaredDistanceTransform(c.mask, c.dims, c.spacing);
      const box = { lo: [0, 0, 0] as Vec3, hi: c.dims.map((n) => n - 1) as Vec3 };
      // limits on voxel-centre distances (rounding decides) and between them
      for (const limit of [0, 1, 1.44, 6.25, 25, 36, 53.29]) {
        const got = squaredDistanceTransformInBox(c.mask, c.dims, c.spacing, box, false, limit);
        let differ = 0;
        for (let v = 0; v < whole.length; v++) if (!Object.is(got[v], whole[v] > limit ? Infinity : whole[v])) differ++;
        expect(differ, `${c.label}, limit ${limit} mm²`).toBe(0);
      }
    }
  });

  it("distance transform in slabs of any width: every value handed over once, the same as the whole box's", () => {
    for (const c of cases) {
      const bbox = maskBoundingBox(c.mask, c.dims);
      if (!bbox) continue;
      const box = padBox(bbox, 2, c.dims);
      const [bx, by, bz] = [0, 1, 2].map((a) => box.hi[a] - box.lo[a] + 1);
      for (const [complement, limit] of [[false, Infinity], [true, 6.25]] as const) {
        const whole = squaredDistanceTransformInBox(c.mask, c.dims, c.spacing, box, complement, limit);
        for (const width of [1, 2, 3, bx]) {
          const got = new Float64Array(whole.length).fill(NaN);
          const seen = new Uint8Array(whole.length);
          forEachDistanceSlab(c.mask, c.dims, c.spacing, box, complement, limit, (plane, i0, w, j) => {
            expect(w).toBe(Math.min(width, bx - i0));
            for (let k = 0; k < bz; k++)
              for (let i = 0; i < w; i++) {
                const p = i0 + i + bx * (j + by * k);
                got[p] = plane[i + w * k];
                seen[p]++;
              }
          }, width);
          expect(seen.every((n) => n === 1), `${c.label}, width ${width}`).toBe(true);
          same(got, whole);
        }
      }
    }
  });

  it("dilation, erosion, opening and closing by balls in mm", () => {
    for (const c of cases)
      for (const r of radii) {
        const grid = { dims: c.dims, spacing: c.spacing };
        same(dilate(c.mask, grid, r), plainDilate(c.mask, grid, r));
        same(erode(c.mask, grid, r), plainErode(c.mask, grid, r));
        same(open(c.mask, grid, r), plainDilate(plainErode(c.mask, grid, r), grid, r));
        same(close(c.mask, grid, r), plainErode(plainDilate(c.mask, grid, r), grid, r));
      }
  });

  it("connected components, the largest one, and hole filling in 3-D and per slice", () => {
    for (const c of cases) {
      const got = connectedComponents(c.mask, c.dims);
      const want = plainConnectedComponents(c.mask, c.dims);
      same(got.labels, want.labels);
      expect(got.sizes).toEqual(want.sizes);
      same(largestComponent(c.mask, c.dims), plainLargestComponent(c.mask, c.dims));
      same(fillHoles(c.mask, c.dims), plainFillHoles(c.mask, c.dims));
      for (const axis of [0, 1, 2] as const) same(fillHolesInSlices(c.mask, c.dims, axis), plainFillHolesInSlices(c.mask, c.dims, axis));
    }
  });

  it("bounding box of a mask", () => {
    for (const c of cases) {
      let want: { lo: number[]; hi: number[] } | null = null;
      const [nx, ny, nz] = c.dims;
      for (let k = 0, v = 0; k < nz; k++)
        for (let j = 0; j < ny; j++)
          for (let i = 0; i < nx; i++, v++) {
            if (!c.mask[v]) continue;
            want ??= { lo: [i, j, k], hi: [i, j, k] };
            [i, j, k].forEach((x, a) => ((want!.lo[a] = Math.min(want!.lo[a], x)), (want!.hi[a] = Math.max(want!.hi[a], x))));
          }
      expect(maskBoundingBox(c.mask, c.dims)).toEqual(want);
    }
  });
});
