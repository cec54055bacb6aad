import { describe, expect, it } from "vitest";
import { countMask, voxelToWorld } from "../../analysis/core/volume.js";
import { convexHull, shearDeface } from "../../masks/shear.js";
import { reorient, syntheticHead } from "./syntheticHead.js";

const overlap = (a: Uint8Array, b: Uint8Array) => a.reduce((s, v, i) => s + (v && b[i] ? 1 : 0), 0);

describe("convex hull", () => {
  it("keeps the corners of a square and drops inner and collinear points", () => {
    const hull = convexHull([[0, 0], [2, 0], [1, 0], [2, 2], [0, 2], [1, 1], [0, 1]]);
    expect(hull).toHaveLength(4);
    expect(new Set(hull.map((p) => p.join(",")))).toEqual(new Set(["0,0", "2,0", "2,2", "0,2"]));
  });
});

describe("shear-plane defacer on a synthetic head", () => {
  const h = syntheticHead();
  const orientations: Array<[string, [0 | 1 | 2, 0 | 1 | 2, 0 | 1 | 2], [boolean, boolean, boolean]]> = [
    ["RAS", [0, 1, 2], [false, false, false]],
    ["LPS", [0, 1, 2], [true, true, false]],
    ["LAS", [0, 1, 2], [true, false, false]],
    ["axial flipped (RAI)", [0, 1, 2], [false, false, true]],
    ["sagittal slices (ASR)", [1, 2, 0], [false, false, false]],
    ["coronal slices, flipped (RSA)", [0, 2, 1], [false, true, false]],
  ];
  const reference = shearDeface(h.brain, h.image);
  for (const [name, perm, flip] of orientations) {
    it(`removes the face and no brain when stored ${name}`, () => {
      const r = reorient(h, ["brain", "face", "head"], perm, flip);
      const { mask, plane } = shearDeface(r.brain, r.image, { bufferMm: 4 });
      expect(overlap(mask, r.brain)).toBe(0);
      expect(overlap(mask, r.face) / countMask(r.face)).toBeGreaterThan(0.7);
      // the plane faces anterior-inferior in world coordinates
      expect(plane.normal[1]).toBeGreaterThan(0.3);
      expect(plane.normal[2]).toBeLessThan(-0.3);
      // and is the same plane whatever the storage order
      const base = shearDeface(h.brain, h.image, { bufferMm: 4 }).plane;
      expect(plane.normal[1]).toBeCloseTo(base.normal[1], 9);
      expect(plane.offsetMm).toBeCloseTo(base.offsetMm, 6);
    });
  }

  it("puts the plane the buffer (mm) beyond the brain's closest voxel centre", () => {
    for (const buffer of [0, 5, 10]) {
      const { plane } = shearDeface(h.brain, h.image, { bufferMm: buffer });
      let maxProjection = -Infinity;
      h.brain.forEach((b, v) => {
        if (!b) return;
        const [nx, ny] = h.image.dims;
        const w = voxelToWorld(h.image.affine, v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny)));
        maxProjection = Math.max(maxProjection, plane.normal[1] * w[1] + plane.normal[2] * w[2]);
      });
      expect(plane.offsetMm - maxProjection).toBeCloseTo(buffer, 6);
    }
    expect(countMask(reference.mask)).toBeGreaterThan(0);
  });

  it("refuses an empty brain mask", () => {
    expect(() => shearDeface(new Uint8Array(h.brain.length), h.image)).toThrow(/brain mask is empty/);
  });
});
