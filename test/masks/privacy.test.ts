import { describe, expect, it } from "vitest";
import { residualFace } from "../../masks/privacy.js";

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
