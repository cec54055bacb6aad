import { usageError } from "../../core/errors.js";
import { gaussianEpsilon } from "./analyticGaussian.js";
import { advancedComposition, basicComposition, type Guarantee, type RepeatedGuarantee } from "./composition.js";
import { laplaceRdp, subsampledGaussianRdp } from "./rdp.js";
import { rdpToEpsilon } from "./rdpConversion.js";
import * as portable from "../../core/portableMath.js";

/**
 * `privacy budget`: the privacy spent by a sequence of mechanisms, bounded three ways — basic
 * composition, advanced composition and Rényi DP — all at the same total δ.
 */
export type PrivacyEvent =
  | { kind: "gaussian"; sigma: number; q: number; count: number }
  | { kind: "laplace"; scale: number; count: number };

/** Orders of the RDP curve when none are given: dense near 1, then growing (finite: the JSON stays numeric). */
export const DEFAULT_ORDERS = [1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 28, 32, 48, 64, 128, 256, 512, 1024];

/** "gaussian:sigma=1.1,q=0.01,count=1000" or "laplace:scale=2,count=3". */
export function parseEvent(text: string): PrivacyEvent {
  const m = /^(gaussian|laplace):(.*)$/.exec(text.trim());
  if (!m) throw usageError(`--event "${text}": expected gaussian:sigma=S[,q=Q][,count=N] or laplace:scale=B[,count=N]`);
  const params = new Map<string, number>();
  for (const part of m[2].split(",").filter((p) => p.trim() !== "")) {
    const kv = /^\s*([a-z]+)\s*=\s*(\S+)\s*$/.exec(part);
    const value = kv ? Number(kv[2]) : NaN;
    if (!kv || !Number.isFinite(value)) throw usageError(`--event "${text}": "${part}" is not name=number`);
    params.set(kv[1], value);
  }
  const allowed = m[1] === "gaussian" ? ["sigma", "q", "count"] : ["scale", "count"];
  for (const key of params.keys()) if (!allowed.includes(key)) throw usageError(`--event "${text}": unknown parameter "${key}" (a ${m[1]} event takes ${allowed.join(", ")})`);
  const count = params.get("count") ?? 1;
  if (!Number.isInteger(count) || count < 1) throw usageError(`--event "${text}": count must be a whole number >= 1`);
  if (m[1] === "gaussian") {
    const sigma = params.get("sigma");
    const q = params.get("q") ?? 1;
    if (sigma === undefined || !(sigma > 0)) throw usageError(`--event "${text}": sigma (the noise multiplier, noise sd / sensitivity) must be given and > 0`);
    if (!(q > 0 && q <= 1)) throw usageError(`--event "${text}": the sampling rate q must lie in (0, 1]`);
    return { kind: "gaussian", sigma, q, count };
  }
  const scale = params.get("scale");
  if (scale === undefined || !(scale > 0)) throw usageError(`--event "${text}": scale must be given and > 0 (its ε is 1/scale)`);
  return { kind: "laplace", scale, count };
}

export const describeEvent = (e: PrivacyEvent): string =>
  e.kind === "gaussian"
    ? `Gaussian σ=${e.sigma}${e.q < 1 ? `, Poisson sampling q=${e.q}` : ""} × ${e.count}`
    : `Laplace scale ${e.scale} (ε=${+(1 / e.scale).toPrecision(6)}) × ${e.count}`;

/** One application of an event as an (ε, δ) pair, given the δ it may use. */
function eventGuarantee(e: PrivacyEvent, delta: number): Guarantee {
  if (e.kind === "laplace") return { epsilon: 1 / e.scale, delta: 0 };
  if (e.q === 1) return { epsilon: gaussianEpsilon(e.sigma, delta), delta };
  // amplification by Poisson subsampling: (ε0, δ0) -> (log(1 + q(e^ε0 − 1)), q δ0)
  const eps0 = gaussianEpsilon(e.sigma, Math.min(delta / e.q, 0.999999));
  return { epsilon: portable.log1p(e.q * portable.expm1(eps0)), delta };
}

export interface BudgetReport {
  events: string[];
  target_delta: number;
  basic: { epsilon: number; delta: number };
  advanced: { epsilon: number; delta: number; delta_prime: number };
  rdp: { epsilon: number; delta: number; order: number; curve: { order: number; rdp: number }[] };
  tightest: "basic" | "advanced" | "rdp";
}

/** The Gaussian applications' share of δ: equal per application. */
function applications(events: readonly PrivacyEvent[], eventsDelta: number): RepeatedGuarantee[] {
  const gaussians = events.reduce((s, e) => s + (e.kind === "gaussian" ? e.count : 0), 0);
  const each = gaussians ? eventsDelta / gaussians : 0;
  return events.map((e) => ({ ...eventGuarantee(e, each), count: e.count }));
}

export function privacyBudget(events: readonly PrivacyEvent[], delta: number, orders: readonly number[] = DEFAULT_ORDERS): BudgetReport {
  if (events.length === 0) throw usageError("give at least one --event");
  if (!(delta > 0 && delta < 1)) throw usageError("--delta must lie in (0, 1)");
  for (const a of orders) if (!(a > 1) || !Number.isFinite(a)) throw usageError(`RDP orders must be finite numbers > 1 (got ${a})`);
  const hasGaussian = events.some((e) => e.kind === "gaussian");

  // basic: the Gaussian applications share δ equally (pure-ε Laplace needs none)
  const basic = basicComposition(applications(events, hasGaussian ? delta : 0));

  // advanced: a share f of δ goes to the applications, δ' = (1 − f) δ; f chosen to minimise ε'
  const advancedAt = (f: number) => advancedComposition(applications(events, f * delta), (1 - f) * delta);
  let bestF = 0;
  let advanced = advancedAt(0);
  if (hasGaussian) {
    advanced = { epsilon: Infinity, delta };
    for (let i = 1; i < 100; i++) {
      const g = advancedAt(i / 100);
      if (g.epsilon < advanced.epsilon) {
        advanced = g;
        bestF = i / 100;
      }
    }
  }

  const curve = orders.map((order) => ({
    order,
    rdp: events.reduce((s, e) => {
      const one = e.kind === "laplace" ? laplaceRdp(e.scale, order) : subsampledGaussianRdp(e.q, e.sigma, order);
      return s + e.count * one;
    }, 0),
  }));
  const converted = rdpToEpsilon(curve.map((c) => c.order), curve.map((c) => c.rdp), delta);
  const bounds = { basic: basic.epsilon, advanced: advanced.epsilon, rdp: converted.epsilon };
  const tightest = (Object.keys(bounds) as (keyof typeof bounds)[]).reduce((a, b) => (bounds[b] < bounds[a] ? b : a));
  return {
    events: events.map(describeEvent),
    target_delta: delta,
    basic: { epsilon: basic.epsilon, delta: basic.delta },
    advanced: { epsilon: advanced.epsilon, delta: advanced.delta, delta_prime: (1 - bestF) * delta },
    rdp: { epsilon: converted.epsilon, delta, order: converted.order, curve },
    tightest,
  };
}
