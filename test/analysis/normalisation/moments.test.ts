import { describe, expect, it } from "vitest";
import { maskedMoments, meanAndSd, replaceVoxels, volumeMoments } from "../../../analysis/normalisation/moments.js";
import { sortedRegionValues } from "../../../analysis/normalisation/percentileRange.js";
import { normalisationParameters } from "../../../analysis/normalisation/normalisations.js";
import { relativeMap } from "../../../analysis/normalisation/zscore.js";

/** A deterministic pseudo-random integer image (CT-like values). */
function randomImage(n: number, seed: number): Int16Array {
  const out = new Int16Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s % 3000) - 1000;
  }
  return out;
}

function maskOf(n: number, every: number): Uint32Array {
  const idx: number[] = [];
  for (let i = 0; i < n; i += every) idx.push(i);
  return Uint32Array.from(idx);
}

describe("a region's moments and sorted values, read a word of the mask at a time", () => {
  // float voxels, so the sums are only bit-identical when taken in the same order as voxel by voxel
  const data = Float32Array.from(randomImage(50_003, 11), (v) => v * 0.37 + 0.11);
  const byVoxel = (mask: Uint8Array) => {
    let sum = 0, sumSquares = 0, count = 0;
    const values: number[] = [];
    for (let i = 0; i < data.length; i++) if (mask[i]) (count++, (sum += data[i]), (sumSquares += data[i] * data[i]), values.push(data[i]));
    return { moments: { count, sum, sumSquares }, sorted: Float64Array.from(values).sort() };
  };
  const masks: [string, Uint8Array][] = [];
  let s = 5;
  const random = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  masks.push(["scattered voxels", Uint8Array.from(data, () => (random() < 0.01 ? 1 : 0))]);
  masks.push(["runs, with bytes other than 1", Uint8Array.from(data, (_, i) => (i % 97 < 30 ? (i % 5 === 0 ? 2 : 1) : 0))]);
  masks.push(["empty", new Uint8Array(data.length)]);
  masks.push(["full, its last voxel included", new Uint8Array(data.length).fill(1)]);
  const unaligned = new Uint8Array(data.length + 1).subarray(1); // memory not on a word: read byte by byte
  unaligned.set(masks[1][1]);
  masks.push(["not on a word", unaligned]);
  for (const [name, mask] of masks)
    it(`equal the voxel-by-voxel definitions: ${name}`, () => {
      const expected = byVoxel(mask);
      expect(maskedMoments(data, mask)).toEqual(expected.moments);
      expect(sortedRegionValues(data, mask)).toEqual(expected.sorted);
    });
});

describe("defaced moments by O(|mask|) update", () => {
  const data = randomImage(50_000, 7);
  const indices = maskOf(data.length, 13);

  for (const fill of [0, -1000, 37]) {
    it(`equals a full recomputation of the defaced image (fill ${fill})`, () => {
      const values = new Float64Array(indices.length).fill(fill);
      const updated = replaceVoxels(volumeMoments(data), data, indices, values);
      const defaced = data.slice();
      for (const i of indices) defaced[i] = fill;
      const full = volumeMoments(defaced);
      // Integer images: every sum is exact, so the update is bit-identical to recounting.
      expect(updated).toEqual(full);
    });
  }

  it("equals a recomputation for float images within rounding", () => {
    const f = Float32Array.from(data, (v) => v * 0.37 + 0.11);
    const values = new Float64Array(indices.length).fill(-3.5);
    const updated = meanAndSd(replaceVoxels(volumeMoments(f), f, indices, values));
    const defaced = f.slice();
    for (const i of indices) defaced[i] = -3.5;
    const full = meanAndSd(volumeMoments(defaced));
    expect(updated.mean).toBeCloseTo(full.mean, 10);
    expect(Math.abs(updated.sd - full.sd) / full.sd).toBeLessThan(1e-12);
  });

  it("population and sample SD differ by sqrt(N/(N-1))", () => {
    const m = volumeMoments(Float64Array.from([1, 2, 3, 4]));
    expect(meanAndSd(m, "population").sd).toBeCloseTo(Math.sqrt(1.25), 14);
    expect(meanAndSd(m, "sample").sd).toBeCloseTo(Math.sqrt(5 / 3), 14);
  });
});

describe("z-score parameters of conditions", () => {
  it("gives the affine map between original and defaced normalised intensities", () => {
    const data = randomImage(10_000, 3);
    const indices = maskOf(data.length, 5);
    const values = new Float64Array(indices.length).fill(0);
    const [orig, def] = normalisationParameters(
      data,
      [
        { indices: new Uint32Array(0), values: new Float64Array(0) },
        { indices, values },
      ],
      ["none", "zscore-global"],
      { sdMode: "population", scaleFactor: 1 },
      { roi: new Uint8Array(data.length) },
    );
    expect(orig[0]).toMatchObject({ scale: 1, offset: 0 });
    const { a, b } = relativeMap(orig[1], def[1]);
    // An untouched voxel: its normalised value after defacing is a·(before) + b.
    const x = data[1];
    const before = x * orig[1].scale + orig[1].offset;
    const after = x * def[1].scale + def[1].offset;
    expect(after).toBeCloseTo(a * before + b, 12);
    expect(a).toBeCloseTo(orig[1].sd! / def[1].sd!, 14);
    expect(b).toBeCloseTo((orig[1].mean! - def[1].mean!) / def[1].sd!, 12);
  });
});
