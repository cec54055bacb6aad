import { describe, expect, it } from "vitest";
import { countMask } from "../../analysis/core/volume.js";
import { connectedComponents, dilate, erode, fillHoles, fillHolesInSlices, largestComponent } from "../../masks/morphology.js";

describe("morphology", () => {
  it("labels 6-connected components (diagonal contact does not connect)", () => {
    const m = new Uint8Array(27);
    m[0] = 1; // (0,0,0)
    m[1 + 3] = 1; // (1,1,0): diagonal to the first
    m[1 + 3 + 9] = 1; // (1,1,1): face neighbour of the second
    const { sizes } = connectedComponents(m, [3, 3, 3]);
    expect(sizes.slice(1).sort()).toEqual([1, 2]);
    expect(countMask(largestComponent(m, [3, 3, 3]))).toBe(2);
  });
  it("fills an enclosed cavity but not a channel open to the border; slice filling closes it", () => {
    const n = 7;
    const m = new Uint8Array(n * n * n);
    const idx = (i: number, j: number, k: number) => i + n * (j + n * k);
    for (let k = 1; k < 6; k++) for (let j = 1; j < 6; j++) for (let i = 1; i < 6; i++) m[idx(i, j, k)] = 1;
    m[idx(3, 3, 3)] = 0; // cavity
    expect(fillHoles(m, [n, n, n])[idx(3, 3, 3)]).toBe(1);
    for (let k = 0; k < 4; k++) m[idx(3, 3, k)] = 0; // a channel from the cavity to the bottom face
    expect(fillHoles(m, [n, n, n])[idx(3, 3, 3)]).toBe(0);
    // within axial (k) slices the channel is an enclosed hole
    const filled = fillHolesInSlices(m, [n, n, n], 2);
    expect(filled[idx(3, 3, 3)]).toBe(1);
    expect(filled[idx(3, 3, 2)]).toBe(1);
    expect(filled[idx(3, 3, 0)]).toBe(0);
  });
  it("dilates and erodes by a ball in mm with anisotropic voxels", () => {
    const dims: [number, number, number] = [21, 21, 11];
    const spacing: [number, number, number] = [1, 1, 2];
    const m = new Uint8Array(21 * 21 * 11);
    const centre = 10 + 21 * (10 + 21 * 5);
    m[centre] = 1;
    const d = dilate(m, { dims, spacing }, 4);
    // ball of radius 4 mm: along z only 2 voxels each way
    expect(d[centre + 21 * 21 * 2]).toBe(1);
    expect(d[centre + 21 * 21 * 3]).toBe(0);
    expect(d[centre + 4]).toBe(1);
    expect(d[centre + 5]).toBe(0);
    expect(erode(d, { dims, spacing }, 3.9)[centre]).toBe(1);
    expect(countMask(erode(d, { dims, spacing }, 3.9))).toBe(1);
  });
});
