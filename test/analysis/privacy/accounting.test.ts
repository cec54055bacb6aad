import { describe, expect, it } from "vitest";
import { gaussianDelta, gaussianEpsilon } from "../../../analysis/privacy/accounting/analyticGaussian.js";
import { parseEvent, privacyBudget } from "../../../analysis/privacy/accounting/budget.js";
import { advancedComposition, basicComposition } from "../../../analysis/privacy/accounting/composition.js";
import { gaussianRdp, laplaceRdp, subsampledGaussianRdp } from "../../../analysis/privacy/accounting/rdp.js";
import { rdpToEpsilon, zcdpDelta, zcdpEpsilon } from "../../../analysis/privacy/accounting/rdpConversion.js";
import { erfc } from "../../../analysis/privacy/accounting/specialFunctions.js";

/**
 * Published test values: google/differential-privacy python/dp_accounting/dp_accounting/rdp/
 * rdp_privacy_accountant_test.py, and OpenDP's cdp_delta tests (rust/src/combinators/measure_cast/
 * zCDP_to_approxDP). Their tolerances are kept.
 */
describe("RDP curves (dp-accounting's test values)", () => {
  it("Poisson-subsampled Gaussian, σ 2.5, q 0.01, 50 steps (test_compute_rdp_poisson_sampled_gaussian, rtol 1e-4)", () => {
    const orders = [1.5, 2.5, 5, 50, 100, Infinity];
    const expected = [6.70579741e-4, 1.0854871e-3, 2.18075656e-3, 2.38460375e-2, 1.67416308e2, Infinity];
    orders.forEach((alpha, i) => {
      const rdp = 50 * subsampledGaussianRdp(0.01, 2.5, alpha);
      if (expected[i] === Infinity) expect(rdp).toBe(Infinity);
      else expect(Math.abs(rdp - expected[i]) / expected[i]).toBeLessThan(1e-4);
    });
  });
  it("Gaussian: α/(2σ²) (test_compute_rdp_gaussian); q = 1 reduces to it", () => {
    expect(gaussianRdp(2.71828, 3.14159)).toBeCloseTo(3.14159 / (2 * 2.71828 ** 2), 14);
    expect(subsampledGaussianRdp(1, 2.71828, 3.14159)).toBe(gaussianRdp(2.71828, 3.14159));
  });
  it("Laplace: large orders give pure ε·count; order 1 is the KL divergence (test_laplace)", () => {
    for (const [eps, count] of [[0.01, 1], [1, 1], [100, 1], [1, 100]]) {
      const orders = [1, 1 + 1e-6, 1.1 - 1e-6, 1.1 + 1e-6, 1e10];
      const rdp = orders.map((a) => count * laplaceRdp(1 / eps, a));
      expect(rdpToEpsilon(orders, rdp, 1e-10).epsilon).toBeCloseTo(eps * count, 7);
      expect(rdp[0]).toBeLessThanOrEqual(Math.min(eps, (eps * eps) / 2) * count);
      expect(rdp[0]).toBeCloseTo(rdp[1], 3);
      expect(rdp[2]).toBeCloseTo(rdp[3], 3);
    }
  });
});

describe("RDP to (ε, δ) (dp-accounting's compute_epsilon)", () => {
  it("constant RDP 1.1 at orders 2..32, δ 1e-5: ε 1.32783806176 at order 32 (test_compute_epsilon_delta_pure_dp)", () => {
    const orders = Array.from({ length: 31 }, (_, i) => i + 2);
    const r = rdpToEpsilon(orders, orders.map(() => 1.1), 1e-5);
    expect(r.epsilon).toBeCloseTo(1.32783806176, 10);
    expect(r.order).toBe(32);
  });
  it("σ = 4.530877117 gives exactly (1, 1e-6) (test_compute_epsilon_delta_gaussian)", () => {
    const orders = Array.from({ length: 99000 }, (_, i) => 0.001 * (i + 1000));
    const r = rdpToEpsilon(orders, orders.map((a) => gaussianRdp(4.530877117, a)), 1e-6);
    expect(r.epsilon).toBeCloseTo(1, 7);
  });
  it("the RDP bound is never below the Gaussian's exact δ (test_delta_bounds_gaussian)", () => {
    const orders = Array.from({ length: 495 }, (_, i) => 0.1 * (i + 10));
    const rdp = orders.map((a) => gaussianRdp(1, a));
    for (let eps = 0.5; eps < 20; eps += 0.5) {
      const exact = erfc((eps - 0.5) / Math.SQRT2) / 2 - (Math.exp(eps) * erfc((eps + 0.5) / Math.SQRT2)) / 2;
      // the ε that RDP certifies at the exact δ must not be smaller than eps
      expect(rdpToEpsilon(orders, rdp, exact).epsilon).toBeGreaterThanOrEqual(eps - 1e-9);
      expect(gaussianDelta(1, eps)).toBeCloseTo(exact, 14);
    }
  });
});

describe("zCDP to (ε, δ) (OpenDP's cdp_delta test values)", () => {
  it("ρ 0.5, ε 0: δ 0.5588356393474351, and back to ε 0 (test_edge_cases)", () => {
    expect(zcdpDelta(0.5, 0)).toBeCloseTo(0.5588356393474351, 12);
    expect(zcdpEpsilon(0.5, 0.5588356393474351)).toBeCloseTo(0, 6);
    expect(zcdpDelta(0, 0)).toBe(0);
  });
  it("ε and δ are inverse to each other", () => {
    for (const rho of [0.001, 0.05, 0.5, 3]) {
      for (const delta of [1e-9, 1e-6, 1e-3]) expect(Math.abs(zcdpDelta(rho, zcdpEpsilon(rho, delta)) / delta - 1)).toBeLessThan(1e-6);
    }
  });
});

describe("the analytic Gaussian (Balle & Wang 2018) and composition", () => {
  it("δ(σ = 1, ε = 1) = Φ(−1/2) − e Φ(−3/2)", () => {
    expect(gaussianDelta(1, 1)).toBeCloseTo(0.3085375387259869 - Math.E * 0.0668072012688581, 14);
    const eps = gaussianEpsilon(2, 1e-5);
    expect(gaussianDelta(2, eps)).toBeCloseTo(1e-5, 14);
  });
  it("basic sums; advanced composition is DRV's √(2k log(1/δ')) ε + k ε (e^ε − 1) for k equal parts", () => {
    expect(basicComposition([{ epsilon: 0.1, delta: 1e-6, count: 10 }, { epsilon: 1, delta: 0, count: 2 }])).toEqual({ epsilon: expect.closeTo(3, 14), delta: expect.closeTo(1e-5, 18) });
    const k = 100, e = 0.1, dp = 1e-6;
    const a = advancedComposition([{ epsilon: e, delta: 0, count: k }], dp);
    expect(a.epsilon).toBeCloseTo(Math.sqrt(2 * k * Math.log(1 / dp)) * e + k * e * Math.expm1(e), 12);
    expect(a.delta).toBe(dp);
  });
});

describe("privacyBudget", () => {
  it("Laplace events: basic is Σ 1/scale with δ 0; the RDP curve is the Laplace curve times the count", () => {
    const b = privacyBudget([parseEvent("laplace:scale=2,count=3")], 1e-5, [2, 8, 64]);
    expect(b.basic).toEqual({ epsilon: 1.5, delta: 0 });
    expect(b.rdp.curve[1].rdp).toBeCloseTo(3 * laplaceRdp(2, 8), 15);
    expect(b.advanced.delta_prime).toBe(1e-5);
    expect(b.rdp.delta).toBe(1e-5);
  });
  it("many small subsampled Gaussian steps: RDP is the tightest, far below basic composition", () => {
    const b = privacyBudget([parseEvent("gaussian:sigma=1.1,q=0.01,count=1000")], 1e-5);
    expect(b.tightest).toBe("rdp");
    expect(b.rdp.epsilon).toBeLessThan(b.advanced.epsilon);
    expect(b.advanced.epsilon).toBeLessThan(b.basic.epsilon);
    expect(b.basic.delta).toBeCloseTo(1e-5, 18);
    expect(b.advanced.delta).toBeCloseTo(1e-5, 18);
  });
  it("refuses bad events", () => {
    expect(() => parseEvent("gaussian:q=0.1")).toThrow(/sigma/);
    expect(() => parseEvent("laplace:scale=0")).toThrow(/scale/);
    expect(() => parseEvent("laplace:scale=1,q=0.5")).toThrow(/unknown parameter "q"/);
    expect(() => parseEvent("exponential:scale=1")).toThrow(/expected gaussian/);
    expect(() => privacyBudget([parseEvent("laplace:scale=1")], 0)).toThrow(/--delta/);
  });
});
