import { describe, expect, it } from "vitest";
import type { Vec3 } from "../../../analysis/core/volume.js";
import {
  cropClamped,
  resampleBlock,
  resampledGrid,
  roundHalfEven,
  SPLINE_PREFILTER_MARGIN,
  type Interpolation,
  type ResampledGrid,
} from "../../../analysis/processing/resample.js";

/** Resamples a whole synthetic volume (edge-padded so the spline prefilter sees the image border). */
function resampleWhole(data: Float64Array, dims: Vec3, grid: ResampledGrid, method: Interpolation): Float64Array {
  const pad = method === "spline" ? SPLINE_PREFILTER_MARGIN + 2 : 1;
  const lo: Vec3 = [-pad, -pad, -pad];
  const hi: Vec3 = [dims[0] - 1 + pad, dims[1] - 1 + pad, dims[2] - 1 + pad];
  const src = cropClamped(data, dims, lo, hi);
  return resampleBlock(src, [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1], lo, grid, { lo: [0, 0, 0], dims: grid.dims }, method);
}

function fill(dims: Vec3, f: (i: number, j: number, k: number) => number): Float64Array {
  const out = new Float64Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0, o = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++) out[o++] = f(i, j, k);
  return out;
}

describe("IBSI interpolation grid", () => {
  it("reproduces the manual's example: 4 x 4 at 3 mm -> 6 x 6 at 2 mm, centred", () => {
    const g = resampledGrid([4, 4, 1], [3, 3, 1], [2, 2, null]);
    expect(g.dims).toEqual([6, 6, 1]);
    expect(g.spacing).toEqual([2, 2, 1]);
    // x_b,g = ½ (n_a − 1 − s_b/s_a (n_b − 1)) = ½ (3 − 10/3) = −1/6
    expect(g.origin[0]).toBeCloseTo(-1 / 6, 12);
    expect(g.step[0]).toBeCloseTo(2 / 3, 12);
    // The grids share their centre: (n_a − 1)/2 = origin + step (n_b − 1)/2.
    expect(g.origin[0] + (g.step[0] * (g.dims[0] - 1)) / 2).toBeCloseTo(1.5, 12);
  });

  it("rounds the size up and keeps an axis whose spacing is unchanged", () => {
    const g = resampledGrid([204, 201, 60], [0.977, 0.977, 3], [2, 2, null]);
    expect(g.dims).toEqual([100, 99, 60]);
    expect(g.origin[2]).toBe(0);
    expect(g.step[2]).toBe(1);
    const g3 = resampledGrid([204, 201, 60], [0.977, 0.977, 3], [2, 2, 2]);
    expect(g3.dims).toEqual([100, 99, 90]);
    // Exact multiples do not gain a voxel from floating-point noise.
    expect(resampledGrid([10, 10, 10], [0.1, 0.1, 0.1], [0.2, 0.2, 0.2]).dims).toEqual([5, 5, 5]);
  });
});

describe("interpolation kernels", () => {
  const dims: Vec3 = [9, 8, 7];
  const ramp = fill(dims, (i, j, k) => 3 + 2 * i - 1.5 * j + 0.25 * k);

  it("trilinear interpolation is exact on a linear ramp inside the grid", () => {
    const grid = resampledGrid(dims, [1, 1, 1], [0.7, 0.8, 1.3]);
    const out = resampleWhole(ramp, dims, grid, "linear");
    let checked = 0;
    for (let k = 0, o = 0; k < grid.dims[2]; k++)
      for (let j = 0; j < grid.dims[1]; j++)
        for (let i = 0; i < grid.dims[0]; i++, o++) {
          const x = grid.origin[0] + grid.step[0] * i,
            y = grid.origin[1] + grid.step[1] * j,
            z = grid.origin[2] + grid.step[2] * k;
          if (x < 0 || y < 0 || z < 0 || x > dims[0] - 1 || y > dims[1] - 1 || z > dims[2] - 1) continue;
          expect(out[o]).toBeCloseTo(3 + 2 * x - 1.5 * y + 0.25 * z, 10);
          checked++;
        }
    expect(checked).toBeGreaterThan(100);
  });

  it("extrapolates with the nearest boundary value (edge padding)", () => {
    const line: Vec3 = [4, 1, 1];
    const grid = resampledGrid(line, [3, 1, 1], [2, null, null]);
    const out = resampleWhole(Float64Array.from([10, 20, 30, 40]), line, grid, "linear");
    expect(grid.origin[0]).toBeLessThan(0);
    expect(out[0]).toBe(10);
    expect(out[grid.dims[0] - 1]).toBe(40);
  });

  it("bilinear in-plane interpolation leaves slices untouched", () => {
    const stack = fill([6, 5, 3], (i, j, k) => (k === 1 ? 1000 : 0) + i + j);
    const grid = resampledGrid([6, 5, 3], [1, 1, 3], [0.5, 0.5, null]);
    for (const method of ["linear", "spline"] as const) {
      const out = resampleWhole(stack, [6, 5, 3], grid, method);
      const plane = grid.dims[0] * grid.dims[1];
      // Slice 0 and 2 never see slice 1's +1000.
      expect(Math.max(...out.subarray(0, plane))).toBeLessThan(20);
      expect(Math.min(...out.subarray(plane, 2 * plane))).toBeGreaterThan(999);
    }
  });

  it("nearest neighbour picks an original value", () => {
    const grid = resampledGrid(dims, [1, 1, 1], [0.6, 1.7, 0.9]);
    const out = resampleWhole(ramp, dims, grid, "nearest");
    const originals = new Set(ramp);
    for (const v of out) expect(originals.has(v)).toBe(true);
  });

  it("the cubic B-spline reproduces a cubic polynomial away from the borders", () => {
    const n: Vec3 = [64, 3, 3];
    const p = (x: number) => 0.002 * x * x * x - 0.1 * x * x + x + 5;
    const cubic = fill(n, (i) => p(i));
    const grid = resampledGrid(n, [1, 1, 1], [0.7, null, null]);
    const out = resampleWhole(cubic, n, grid, "spline");
    let checked = 0;
    for (let i = 0; i < grid.dims[0]; i++) {
      const x = grid.origin[0] + grid.step[0] * i;
      if (x < 20 || x > n[0] - 21) continue;
      expect(out[i]).toBeCloseTo(p(x), 6);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });

  it("the cubic B-spline interpolates: it returns the samples at the original positions", () => {
    const n: Vec3 = [7, 6, 5];
    let seed = 7;
    const noise = fill(n, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 100);
    const grid: ResampledGrid = { dims: n, spacing: [1, 1, 1], origin: [0.5, 0.5, 0.5], step: [1, 1, 1] };
    // A half-voxel shift followed by reading the shifted grid back is not identity; use a grid on the samples.
    const same: ResampledGrid = { ...grid, origin: [1e-12, 1e-12, 1e-12] };
    const out = resampleWhole(noise, n, same, "spline");
    for (let i = 0; i < noise.length; i++) expect(out[i]).toBeCloseTo(noise[i], 6);
  });

  it("constant images stay constant with every kernel", () => {
    const flat = fill(dims, () => -42);
    const grid = resampledGrid(dims, [1.1, 0.9, 2.5], [2, 2, 2]);
    for (const method of ["nearest", "linear", "spline"] as const) {
      for (const v of resampleWhole(flat, dims, grid, method)) expect(v).toBeCloseTo(-42, 9);
    }
  });
});

describe("rounding after interpolation", () => {
  it("rounds half to even like numpy", () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, -7.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, -2, 2, -8]);
  });
});
