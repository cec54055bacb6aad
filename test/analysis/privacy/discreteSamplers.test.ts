import { afterEach, describe, expect, it, vi } from "vitest";
import { bernoulliExp, discreteGaussian, discreteLaplace } from "../../../analysis/privacy/dp/discreteSamplers.js";
import { seededSource, uniformBelow } from "../../../analysis/privacy/dp/randomSource.js";
import { rational } from "../../../analysis/privacy/dp/rational.js";

/** Pearson's χ² of observed counts against expected probabilities (cells with small expectation pooled into the tails). */
function chiSquare(samples: bigint[], pmf: (y: number) => number, lo: number, hi: number): { stat: number; dof: number } {
  const n = samples.length;
  const observed = new Map<number, number>();
  for (const s of samples) {
    const y = Math.min(hi, Math.max(lo, Number(s)));
    observed.set(y, (observed.get(y) ?? 0) + 1);
  }
  let stat = 0, dof = -1;
  for (let y = lo; y <= hi; y++) {
    let p = pmf(y);
    if (y === lo) for (let z = lo - 1; z > lo - 2000; z--) p += pmf(z);
    if (y === hi) for (let z = hi + 1; z < hi + 2000; z++) p += pmf(z);
    const e = n * p;
    stat += ((observed.get(y) ?? 0) - e) ** 2 / e;
    dof++;
  }
  return { stat, dof };
}

describe("exact samplers (Canonne, Kamath & Steinke 2020)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("uniformBelow is exact: every residue equally often, no modulo bias", () => {
    let w = 0;
    // a counter as the word source: 0, 1, 2, … covers each 32-bit word once per cycle
    const counts = new Array(3).fill(0);
    for (let i = 0; i < 3 * 1000; i++) counts[Number(uniformBelow(() => w++ % 4, 3n))]++;
    // words 0,1,2 kept, 3 rejected: exactly uniform
    expect(counts).toEqual([1000, 1000, 1000]);
  });

  it("Bernoulli(exp(−γ)) for γ = 1/3, 1 and 5/2", () => {
    const rng = seededSource(1);
    for (const [num, den] of [[1n, 3n], [1n, 1n], [5n, 2n]]) {
      const n = 40000;
      let ones = 0;
      for (let i = 0; i < n; i++) if (bernoulliExp(rational(num, den), rng)) ones++;
      const p = Math.exp(-Number(num) / Number(den));
      // 5 standard errors
      expect(Math.abs(ones / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
    }
  });

  it("discrete Laplace of scale 3/2 follows P(y) ∝ exp(−|y|·2/3)", () => {
    const rng = seededSource(2);
    const samples = Array.from({ length: 30000 }, () => discreteLaplace(rational(3n, 2n), rng));
    const r = Math.exp(-2 / 3);
    const pmf = (y: number) => ((1 - r) / (1 + r)) * r ** Math.abs(y);
    const { stat, dof } = chiSquare(samples, pmf, -8, 8);
    // χ² with 16 degrees of freedom: P(> 45) < 1e-4
    expect(dof).toBe(16);
    expect(stat).toBeLessThan(45);
  });

  it("discrete Gaussian of σ² = 5/2 follows P(y) ∝ exp(−y²/(2σ²))", () => {
    const rng = seededSource(3);
    const samples = Array.from({ length: 30000 }, () => discreteGaussian(rational(5n, 2n), rng));
    let z = 0;
    for (let y = -60; y <= 60; y++) z += Math.exp(-(y * y) / 5);
    const pmf = (y: number) => Math.exp(-(y * y) / 5) / z;
    const { stat, dof } = chiSquare(samples, pmf, -5, 5);
    expect(dof).toBe(10);
    expect(stat).toBeLessThan(35); // P(χ²₁₀ > 35) ≈ 1e-4
    const mean = samples.reduce((s, y) => s + Number(y), 0) / samples.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
  });

  it("never calls Math.random", () => {
    const spy = vi.spyOn(Math, "random");
    const rng = seededSource(4);
    for (let i = 0; i < 100; i++) {
      discreteLaplace(rational(7n, 3n), rng);
      discreteGaussian(rational(1n, 3n), rng);
    }
    expect(spy).not.toHaveBeenCalled();
  });
});
