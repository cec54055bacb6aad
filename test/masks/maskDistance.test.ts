import { describe, expect, it } from "vitest";
import type { Grid } from "../../analysis/core/volume.js";
import { maskWorldPoints } from "../../masks/maskDistance.js";

/** The definition: every mask voxel of the whole grid, in raster order, through the affine. */
function everyPoint(mask: Uint8Array, grid: Grid, surfaceOnly: boolean): number[] {
  const [nx, ny, nz] = grid.dims;
  const a = grid.affine;
  const at = (i: number, j: number, k: number) => (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz ? 0 : mask[i + nx * (j + ny * k)]);
  const out: number[] = [];
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        if (!at(i, j, k)) continue;
        const inner = at(i - 1, j, k) && at(i + 1, j, k) && at(i, j - 1, k) && at(i, j + 1, k) && at(i, j, k - 1) && at(i, j, k + 1);
        if (surfaceOnly && inner) continue;
        out.push(a[0] * i + a[1] * j + a[2] * k + a[3], a[4] * i + a[5] * j + a[6] * k + a[7], a[8] * i + a[9] * j + a[10] * k + a[11]);
      }
  return out;
}

describe("maskWorldPoints", () => {
  const grid: Grid = { dims: [40, 36, 30], spacing: [0.8, 1.1, 2], affine: [0, 0.8, 0, -3, 1.1, 0, 0, 5, 0, 0, -2, 7, 0, 0, 0, 1] };
  const n = 40 * 36 * 30;

  it("lists the mask's voxels as scanning the whole grid would, also past its first buffer and on the grid's edge", () => {
    const mask = new Uint8Array(n);
    let s = 7;
    // a solid block touching the grid's edge (more than 4 096 voxels) and scattered voxels elsewhere
    for (let k = 0; k < 20; k++) for (let j = 0; j < 30; j++) for (let i = 25; i < 40; i++) mask[i + 40 * (j + 36 * k)] = 1;
    for (let v = 0; v < n; v++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      if (s % 97 === 0) mask[v] = 1;
    }
    for (const surface of [false, true]) expect(Array.from(maskWorldPoints(mask, grid, surface)), `surfaceOnly ${surface}`).toEqual(everyPoint(mask, grid, surface));
    expect(maskWorldPoints(mask, grid).length / 3).toBeGreaterThan(9000);
  });

  it("gives nothing for an empty mask", () => {
    expect(maskWorldPoints(new Uint8Array(n), grid, true).length).toBe(0);
  });
});
