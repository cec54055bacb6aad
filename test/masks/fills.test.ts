import { describe, expect, it } from "vitest";
import { defaceFillValues, parseDefaceFill } from "../../masks/defaceFill.js";
import { maskIndices } from "../../masks/uniformFill.js";
import { mulberry32 } from "../../analysis/core/random.js";
import { syntheticHead } from "./syntheticHead.js";

describe("defacing fills", () => {
  const h = syntheticHead();
  const indices = maskIndices(h.face);
  const ctx = { mask: h.face, head: h.head, seed: 5 };

  it("parses every fill of the CLI", () => {
    expect(parseDefaceFill("zero")).toEqual({ kind: "zero" });
    expect(parseDefaceFill("constant:-1000")).toEqual({ kind: "constant", value: -1000 });
    expect(parseDefaceFill("noise")).toEqual({ kind: "noise" });
    expect(parseDefaceFill("blur")).toEqual({ kind: "blur", sigmaMm: 8 });
    expect(parseDefaceFill("blur:4")).toEqual({ kind: "blur", sigmaMm: 4 });
    expect(() => parseDefaceFill("gauss")).toThrow(/unknown fill/);
  });

  it("noise draws from the background only, reproducibly from the seed", () => {
    const a = defaceFillValues({ kind: "noise" }, h.image, indices, ctx);
    const b = defaceFillValues({ kind: "noise" }, h.image, indices, ctx);
    const c = defaceFillValues({ kind: "noise" }, h.image, indices, { ...ctx, seed: 6 });
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(Buffer.from(a.buffer).equals(Buffer.from(c.buffer))).toBe(false);
    const background = new Set<number>();
    h.image.data.forEach((v, i) => {
      if (!h.head[i] && !h.face[i]) background.add(v);
    });
    expect([...a].every((v) => background.has(v))).toBe(true);
    // matches the background's mean within sampling error
    let sum = 0;
    let n = 0;
    h.image.data.forEach((v, i) => {
      if (!h.head[i] && !h.face[i]) (sum += v), n++;
    });
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    expect(Math.abs(mean - sum / n)).toBeLessThan(0.2);
  });

  it("blur smooths: on white noise, neighbouring values differ far less, and the mean is kept", () => {
    const dims: [number, number, number] = [24, 24, 24];
    const random = mulberry32(11);
    const data = Float32Array.from({ length: 24 ** 3 }, () => 100 * random());
    const volume = { data, dims, spacing: [1, 1, 2] as [number, number, number], affine: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1] };
    const mask = new Uint8Array(data.length);
    for (let k = 6; k < 18; k++) for (let j = 6; j < 18; j++) for (let i = 6; i < 18; i++) mask[i + 24 * (j + 24 * k)] = 1;
    const idx = maskIndices(mask);
    const blurred = defaceFillValues({ kind: "blur", sigmaMm: 4 }, volume, idx, { mask, head: mask, seed: 1 });
    const original = Float64Array.from(idx, (v) => data[v]);
    // roughness: mean |difference| between x-neighbours that are both in the mask
    const roughness = (x: Float64Array) => {
      let sum = 0;
      let count = 0;
      for (let m = 0; m + 1 < idx.length; m++) if (idx[m + 1] === idx[m] + 1) (sum += Math.abs(x[m + 1] - x[m])), count++;
      return sum / count;
    };
    expect(roughness(blurred)).toBeLessThan(0.1 * roughness(original));
    const mean = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;
    expect(Math.abs(mean(blurred) - 50)).toBeLessThan(3);
    expect(Math.min(...blurred)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...blurred)).toBeLessThanOrEqual(100);
  });
});
