import { describe, expect, it } from "vitest";
import type { Vec3 } from "../../analysis/core/volume.js";
import { distanceTransform } from "../../masks/distanceTransform.js";
import { mulberry32 } from "../../analysis/core/random.js";

function bruteForce(features: Uint8Array, dims: Vec3, sp: Vec3): Float64Array {
  const [nx, ny] = dims;
  const pos = (v: number) => [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
  const out = new Float64Array(features.length).fill(Infinity);
  const fs = [...features.keys()].filter((v) => features[v]).map(pos);
  for (let v = 0; v < features.length; v++) {
    const [i, j, k] = pos(v);
    for (const [a, b, c] of fs) out[v] = Math.min(out[v], Math.hypot((i - a) * sp[0], (j - b) * sp[1], (k - c) * sp[2]));
  }
  return out;
}

describe("exact Euclidean distance transform (Felzenszwalb–Huttenlocher)", () => {
  const cases: Array<[Vec3, Vec3, number]> = [
    [[9, 7, 5], [1, 1, 1], 0.05],
    [[11, 6, 8], [0.7, 1.3, 2.5], 0.03],
    [[5, 13, 4], [3, 0.5, 1], 0.1],
    [[8, 8, 8], [1, 1, 4], 0.005],
  ];
  for (const [dims, sp, density] of cases) {
    it(`matches brute force on ${dims.join("x")} voxels of ${sp.join("x")} mm`, () => {
      const random = mulberry32(dims[0] * 100 + dims[1]);
      const n = dims[0] * dims[1] * dims[2];
      const f = new Uint8Array(n);
      for (let i = 0; i < n; i++) f[i] = random() < density ? 1 : 0;
      f[Math.floor(n / 2)] = 1; // never empty
      const got = distanceTransform(f, dims, sp);
      const want = bruteForce(f, dims, sp);
      for (let i = 0; i < n; i++) expect(got[i]).toBeCloseTo(want[i], 4);
    });
  }
  it("is infinite everywhere without features", () => {
    const got = distanceTransform(new Uint8Array(27), [3, 3, 3], [1, 1, 1]);
    expect([...got].every((d) => d === Infinity)).toBe(true);
  });
});
