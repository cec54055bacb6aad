import { describe, expect, it } from "vitest";
import { convexHull2d, planeDiameters } from "../../../analysis/conventions/pyradiomicsShape.js";
import type { Vec3 } from "../../../analysis/core/volume.js";
import { marchingCubes } from "../../../analysis/features/morphology/marchingCubes.js";

/** PyRadiomics' definition, by brute force over every vertex pair sharing a coordinate along `axis`. */
function bruteForce(vertices: Float64Array, grid2: Int32Array, axis: number): number {
  let best = 0;
  const n = vertices.length / 3;
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) {
      if (grid2[3 * a + axis] !== grid2[3 * b + axis]) continue;
      const d = Math.hypot(vertices[3 * a] - vertices[3 * b], vertices[3 * a + 1] - vertices[3 * b + 1], vertices[3 * a + 2] - vertices[3 * b + 2]);
      if (d > best) best = d;
    }
  return best;
}

describe("PyRadiomics' Maximum2DDiameterSlice/Column/Row from the surface mesh", () => {
  it("a 3×2×1 box of 2×1×3 mm voxels: by hand", () => {
    const dims: Vec3 = [3, 2, 1], spacing: Vec3 = [2, 1, 3];
    const mesh = marchingCubes(new Uint8Array(6).fill(1), dims, spacing);
    const d = planeDiameters(mesh, spacing);
    // Slice (z = 0 plane): vertex (−½, 0) to (2½, 1) in voxels → (6 mm, 1 mm).
    expect(d.slice).toBeCloseTo(Math.sqrt(37), 12);
    // Column (y = 0 plane): (−½, 0) to (2½, 0) along x → 6 mm.
    expect(d.column).toBeCloseTo(6, 12);
    // Row (x = 0 plane): (y 0, z −½) to (y 1, z ½) → (1 mm, 3 mm).
    expect(d.row).toBeCloseTo(Math.sqrt(10), 12);
  });
  it("equals the brute-force search over every vertex pair on an irregular mask", () => {
    const dims: Vec3 = [7, 6, 5], spacing: Vec3 = [0.8, 1.1, 2.5];
    const mask = new Uint8Array(7 * 6 * 5);
    let s = 7;
    for (let i = 0; i < mask.length; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      mask[i] = s % 3 === 0 ? 0 : 1;
    }
    const mesh = marchingCubes(mask, dims, spacing);
    const d = planeDiameters(mesh, spacing);
    expect(d.slice).toBeCloseTo(bruteForce(mesh.vertices, mesh.grid2, 2), 10);
    expect(d.column).toBeCloseTo(bruteForce(mesh.vertices, mesh.grid2, 1), 10);
    expect(d.row).toBeCloseTo(bruteForce(mesh.vertices, mesh.grid2, 0), 10);
  });
  it("2D convex hull drops interior and collinear points", () => {
    const hull = convexHull2d([[0, 0], [2, 0], [1, 0], [1, 1], [2, 2], [0, 2]]);
    expect(hull.length).toBe(4);
    expect(hull).not.toContainEqual([1, 1]);
    expect(hull).not.toContainEqual([1, 0]);
  });
});
