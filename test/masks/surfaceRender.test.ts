import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../analysis/core/random.js";
import type { Mask, Vec3, Volume } from "../../analysis/core/volume.js";
import { maskIndices } from "../../masks/uniformFill.js";
import { dilate } from "../../masks/morphology.js";
import { SmoothedField, type VoxelChange } from "../../masks/smoothedField.js";
import { castShades, SurfaceScene } from "../../masks/surfaceRender.js";
import { plainSmoothed } from "./reference/plainSmoothing.js";
import { reorient, syntheticHead } from "./syntheticHead.js";

/**
 * The skin renders' shortcuts against the plain computation: the lazily smoothed field against
 * smoothing the whole volume, the empty-space skipping against sampling every step, and an
 * after-picture that copies the rays the change cannot reach against casting every ray.
 */

/** A random image (integer or float voxels) with a random `within` region and a random change. */
function randomCase(seed: number): { volume: Volume; within: Mask; change: VoxelChange } {
  const random = mulberry32(seed);
  const dims: Vec3 = [5 + Math.floor(random() * 20), 5 + Math.floor(random() * 20), 3 + Math.floor(random() * 18)];
  const n = dims[0] * dims[1] * dims[2];
  const data = seed % 2 ? Int16Array.from({ length: n }, () => Math.round(random() * 2000 - 1000)) : Float32Array.from({ length: n }, () => random() * 100 - 7.3);
  const within = Uint8Array.from({ length: n }, () => (random() < 0.7 ? 1 : 0));
  const mask = Uint8Array.from({ length: n }, () => (random() < 0.1 ? 1 : 0));
  const indices = maskIndices(mask);
  const values = Float64Array.from(indices, () => Math.round(random() * 500));
  return { volume: { data, dims, spacing: [1, 1, 1], affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] }, within, change: { mask, indices, values } };
}

describe("lazily smoothed field", () => {
  it("equals smoothing the whole volume, voxel for voxel, before and after a change (radius 1 for the surface, 3 for the normals)", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const { volume, within, change } = randomCase(seed);
      const outside = -1234.5;
      const radius = seed > 10 ? 3 : 1;
      const field = new SmoothedField(volume.data, volume.dims, within, outside, undefined, undefined, radius);
      const changedField = new SmoothedField(volume.data, volume.dims, within, outside, change, field, radius);
      const changed = Float64Array.from(volume.data);
      change.indices.forEach((v, n) => (changed[v] = change.values[n]));
      const want = plainSmoothed(volume, within, outside, radius);
      const wantChanged = plainSmoothed({ ...volume, data: Float32Array.from(changed) }, within, outside, radius);
      const [nx, ny, nz] = volume.dims;
      let differ = 0;
      // visit in a scattered order, so blocks are computed in any order and shared both ways
      const order = [...want.keys()].sort((a, b) => ((a * 7919) % 104729) - ((b * 7919) % 104729));
      for (const v of order) {
        const i = v % nx;
        const j = Math.floor(v / nx) % ny;
        const k = Math.floor(v / (nx * ny));
        if (!Object.is(field.at(i, j, k), want[v])) differ++;
        if (!Object.is(changedField.at(i, j, k), wantChanged[v])) differ++;
      }
      expect(differ, `seed ${seed}, ${nx}x${ny}x${nz}`).toBe(0);
      void nz;
    }
  });
});

describe("surface renders", () => {
  const noisy = (h: ReturnType<typeof syntheticHead>, seed: number) => {
    const random = mulberry32(seed);
    return { ...h, image: { ...h.image, data: h.image.data.map((x) => x + (random() - 0.5) * 12) } };
  };
  const heads = [noisy(syntheticHead(), 3), noisy(syntheticHead(true), 4)];
  heads.push(reorient(heads[0], ["head", "face"], [1, 2, 0], [false, true, false]));

  it("skipping empty blocks changes no pixel (against sampling every step)", () => {
    for (const h of heads) {
      const within = dilate(h.head, h.image, 5);
      const iso = h.image.data.some((x) => x < -500) ? -400 : 30;
      for (const view of ["front", "side"] as const) {
        const fast = castShades(new SurfaceScene(h.image, { iso, within }), view, 64);
        const every = castShades(new SurfaceScene(h.image, { iso, within, exhaustive: true }), view, 64);
        expect([...fast.shades]).toEqual([...every.shades]);
        expect(fast.shades.some((s) => s >= 0)).toBe(true);
      }
    }
  });

  it("an after-picture that copies the rays the change cannot reach equals casting every ray", () => {
    for (const h of heads) {
      const within = dilate(h.head, h.image, 5);
      const iso = h.image.data.some((x) => x < -500) ? -400 : 30;
      const indices = maskIndices(h.face);
      const change = { mask: h.face, indices, values: new Float64Array(indices.length).fill(iso - 50) };
      const before = new SurfaceScene(h.image, { iso, within });
      for (const view of ["front", "side"] as const) {
        const beforeCast = castShades(before, view, 64);
        const after = new SurfaceScene(h.image, { iso, within, change, base: before });
        const reused = castShades(after, view, 64, beforeCast);
        const full = castShades(new SurfaceScene(h.image, { iso, within, change, exhaustive: true }), view, 64);
        expect([...reused.shades]).toEqual([...full.shades]);
        // the face is gone: some pixels changed, and some were copied
        let changed = 0;
        for (let p = 0; p < full.shades.length; p++) if (full.shades[p] !== beforeCast.shades[p]) changed++;
        expect(changed).toBeGreaterThan(0);
      }
    }
  });
});
