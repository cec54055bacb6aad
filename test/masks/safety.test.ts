import { describe, expect, it } from "vitest";
import type { Grid } from "../../analysis/core/volume.js";
import { minDistanceMm } from "../../masks/maskDistance.js";
import { safetyChecks } from "../../masks/safety.js";

const grid: Grid = { dims: [10, 8, 6], spacing: [1, 2, 3], affine: [1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 1] };
const n = 10 * 8 * 6;
const idx = (i: number, j: number, k: number) => i + 10 * (j + 8 * k);

describe("safety checks", () => {
  it("measures brain intrusion in voxels and mm³ and the share of the head removed", () => {
    const mask = new Uint8Array(n);
    const brain = new Uint8Array(n);
    const head = new Uint8Array(n).fill(1);
    mask[idx(1, 1, 1)] = mask[idx(2, 1, 1)] = mask[idx(3, 1, 1)] = 1;
    brain[idx(2, 1, 1)] = brain[idx(3, 1, 1)] = brain[idx(5, 5, 5)] = 1;
    const r = safetyChecks(mask, grid, { brain, head });
    expect(r.brainIntrusionVoxels).toBe(2);
    expect(r.brainIntrusionMm3).toBeCloseTo(12, 9);
    expect(r.headRemovedFraction).toBeCloseTo(3 / n, 12);
    expect(r.roiOverlapVoxels).toBeNull();
  });

  it("fails on an ROI overlap unless allowed", () => {
    const mask = new Uint8Array(n);
    const roi = new Uint8Array(n);
    mask[idx(4, 4, 4)] = roi[idx(4, 4, 4)] = 1;
    expect(() => safetyChecks(mask, grid, { roi, maskName: "tool.nii.gz" })).toThrow(/tool\.nii\.gz.*1 ROI voxels/);
    const r = safetyChecks(mask, grid, { roi, allowRoiOverlap: true });
    expect(r.roiOverlapVoxels).toBe(1);
    expect(r.minDistanceToRoiMm).toBe(0);
  });

  it("gives the minimum mask-to-ROI distance in mm with anisotropic voxels (brute force)", () => {
    const mask = new Uint8Array(n);
    const roi = new Uint8Array(n);
    mask[idx(0, 0, 0)] = mask[idx(9, 0, 5)] = 1;
    roi[idx(6, 3, 4)] = roi[idx(7, 7, 2)] = 1;
    let best = Infinity;
    for (const [a, b, c] of [[0, 0, 0], [9, 0, 5]])
      for (const [x, y, z] of [[6, 3, 4], [7, 7, 2]]) best = Math.min(best, Math.hypot(a - x, 2 * (b - y), 3 * (c - z)));
    expect(minDistanceMm(mask, roi, grid)).toBeCloseTo(best, 9);
    expect(safetyChecks(mask, grid, { roi }).minDistanceToRoiMm).toBeCloseTo(best, 9);
  });

  it("finds the smallest ROI-mask distance of every voxel pair, for masks of many surface points far and near", () => {
    const g: Grid = { dims: [24, 20, 18], spacing: [0.9, 1.3, 2.1], affine: [0.9, 0, 0, -5, 0, 1.3, 0, 7, 0, 0, 2.1, 1, 0, 0, 0, 1] };
    const [nx, ny, nz] = g.dims;
    const at = (v: number) => [0.9 * (v % nx) - 5, 1.3 * (Math.floor(v / nx) % ny) + 7, 2.1 * Math.floor(v / (nx * ny)) + 1];
    let seed = 3;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let trial = 0; trial < 12; trial++) {
      // a ball-shaped ROI, and a mask: a slanted half-space (a shear cut) plus scattered voxels, kept off the ROI
      // (every other ROI a rod along x: the mask point nearest its centre is then seldom the nearest to it)
      const [ci, cj, ck, r] = [4 + random() * 16, 4 + random() * 12, 3 + random() * 12, 1 + random() * 3];
      const rod = trial % 2 === 1;
      const roi = new Uint8Array(nx * ny * nz);
      const mask = new Uint8Array(nx * ny * nz);
      const [a, b, c] = [random() - 0.5, random() - 0.5, random() - 0.5];
      for (let v = 0; v < roi.length; v++) {
        const [i, j, k] = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
        if (rod ? j === Math.round(cj) && k === Math.round(ck) && i >= 2 && i < nx - 2 : (i - ci) ** 2 + (j - cj) ** 2 + (k - ck) ** 2 <= r * r) roi[v] = 1;
        else if ((!rod && a * (i - ci) + b * (j - cj) + c * (k - ck) > 4) || random() < 0.004) mask[v] = 1;
      }
      let best2 = Infinity;
      for (let p = 0; p < roi.length; p++)
        if (roi[p])
          for (let q = 0; q < mask.length; q++)
            if (mask[q]) {
              const [x, y, z] = at(p);
              const [u, w, t] = at(q);
              best2 = Math.min(best2, (x - u) ** 2 + (y - w) ** 2 + (z - t) ** 2);
            }
      expect(minDistanceMm(roi, mask, g)).toBeCloseTo(Math.sqrt(best2), 9);
    }
  });

  it("counts what the mask removes as a voxel-by-voxel count over the whole grid does", () => {
    let seed = 11;
    const random = (p: number) => () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 1000 < p * 1000 ? 1 : 0);
    const mask = Uint8Array.from({ length: n }, random(0.2));
    const brain = Uint8Array.from({ length: n }, random(0.5));
    const head = Uint8Array.from({ length: n }, random(0.7));
    let removed = 0, brainIn = 0, headIn = 0, headAll = 0;
    for (let v = 0; v < n; v++) {
      removed += mask[v];
      brainIn += mask[v] & brain[v];
      headIn += mask[v] & head[v];
      headAll += head[v];
    }
    const r = safetyChecks(mask, grid, { brain, head });
    expect([r.maskVoxels, r.brainIntrusionVoxels, r.headRemovedFraction]).toEqual([removed, brainIn, headIn / headAll]);
    expect(removed).toBeGreaterThan(0);
  });

  it("gives distance 0 for an ROI buried inside the mask (no surface voxel of either is shared)", () => {
    const mask = new Uint8Array(n).fill(1);
    const roi = new Uint8Array(n);
    roi[idx(5, 4, 3)] = 1;
    expect(safetyChecks(mask, grid, { roi, allowRoiOverlap: true }).minDistanceToRoiMm).toBe(0);
  });
});
