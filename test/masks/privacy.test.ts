import { describe, expect, it } from "vitest";
import type { Grid } from "../../analysis/core/volume.js";
import { faceRegionFromBrain, residualFace } from "../../masks/privacy.js";
import { reorient, syntheticHead } from "./syntheticHead.js";

describe("residual face", () => {
  const dims: [number, number, number] = [6, 6, 6];
  const spacing: [number, number, number] = [1, 2, 3];
  const n = 216;
  const idx = (i: number, j: number, k: number) => i + 6 * (j + 6 * k);
  const head = new Uint8Array(n);
  for (let k = 1; k < 5; k++) for (let j = 1; j < 5; j++) for (let i = 1; i < 5; i++) head[idx(i, j, k)] = 1;
  const everywhere = new Uint8Array(n).fill(1);

  it("is the exposed voxel-face area of the head inside the region, in mm²", () => {
    const r = residualFace(head, everywhere, new Uint8Array(n), { dims, spacing });
    // a 4x4x4 block of 1x2x3 mm voxels: surface 2·(4·4)·(2·3 + 1·3 + 1·2)
    expect(r.facialSurfaceMm2).toBeCloseTo(2 * 16 * (6 + 3 + 2), 9);
    expect(r.residualPercent).toBeCloseTo(100, 9);
  });

  it("drops the surface the defacing removed", () => {
    const removed = new Uint8Array(n);
    for (let k = 0; k < 6; k++) for (let j = 0; j < 6; j++) for (let i = 0; i < 3; i++) removed[idx(i, j, k)] = 1;
    const r = residualFace(head, everywhere, removed, { dims, spacing });
    expect(r.residualPercent).toBeCloseTo(50, 9);
    const all = residualFace(head, everywhere, everywhere, { dims, spacing });
    expect(all.residualPercent).toBe(0);
  });

  it("is undefined (null) without skin in the region", () => {
    expect(residualFace(head, new Uint8Array(n), new Uint8Array(n), { dims, spacing }).residualPercent).toBeNull();
  });
});

describe("face region from the brain", () => {
  /** The plain version: every voxel's world A, S and R tested, over the whole grid. */
  function plainFaceRegion(brain: Uint8Array, grid: Grid, halfWidth: number): Uint8Array {
    const [nx, ny, nz] = grid.dims;
    const m = grid.affine;
    const w = (r: number, i: number, j: number, k: number) => m[4 * r] * i + m[4 * r + 1] * j + m[4 * r + 2] * k + m[4 * r + 3];
    let front = -Infinity, sumR = 0, count = 0, floor = Infinity;
    for (let k = 0, v = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) if (brain[v]) (front = Math.max(front, w(1, i, j, k))), (sumR += w(0, i, j, k)), count++;
    for (let k = 0, v = 0; k < nz; k++) for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, v++) if (brain[v] && w(1, i, j, k) >= front - 30) floor = Math.min(floor, w(2, i, j, k));
    const out = new Uint8Array(brain.length);
    for (let k = 0, v = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++, v++) {
          const s = w(2, i, j, k);
          if (w(1, i, j, k) >= front - 35 && s <= floor && s >= floor - 110 && Math.abs(w(0, i, j, k) - sumR / count) <= halfWidth) out[v] = 1;
        }
    return out;
  }

  it("equals the whole-grid test of every voxel, whatever the voxel order, also on an oblique grid", () => {
    const h = syntheticHead();
    const oblique = { ...h, image: { ...h.image, affine: rotateAboutR(h.image.affine, 0.3) } };
    const cases = [h, reorient(h, ["brain"], [0, 1, 2], [true, true, false]), reorient(h, ["brain"], [1, 2, 0], [false, true, false]), oblique];
    for (const c of cases)
      for (const halfWidth of [50, Infinity]) {
        const got = faceRegionFromBrain(c.brain, c.image, { halfWidthMm: halfWidth });
        const want = plainFaceRegion(c.brain, c.image, halfWidth);
        expect(Buffer.from(got).equals(Buffer.from(want))).toBe(true);
        expect(got.some((x) => x)).toBe(true);
      }
  });
});

/** The affine turned by `angle` radians about the world R axis (an oblique acquisition). */
function rotateAboutR(a: number[], angle: number): number[] {
  const [c, s] = [Math.cos(angle), Math.sin(angle)];
  const out = [...a];
  for (let col = 0; col < 4; col++) {
    out[4 + col] = c * a[4 + col] - s * a[8 + col];
    out[8 + col] = s * a[4 + col] + c * a[8 + col];
  }
  return out;
}
