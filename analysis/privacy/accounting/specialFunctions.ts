import { lnGamma } from "../../impact/distributions.js";
import * as portable from "../../core/portableMath.js";

/**
 * The special functions the accountant needs, in double precision: binomial coefficients in log
 * space (log |Γ| of analysis/impact, which reflects negative arguments), erfc and log erfc (series
 * near 0, Lentz's continued fraction beyond; the log form never underflows, which the tails of the
 * accountant need), the standard normal CDF in log space, and addition in log space.
 */

/** log |C(n, k)| = log Γ(n + 1) − log Γ(k + 1) − log Γ(n − k + 1), n real. */
export const logBinomial = (n: number, k: number): number => lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1);

/** log(e^a + e^b) without overflow. */
export function logAdd(a: number, b: number): number {
  const lo = Math.min(a, b), hi = Math.max(a, b);
  if (lo === -Infinity) return hi;
  return portable.log1p(portable.exp(lo - hi)) + hi;
}

/** erf(x) by its Maclaurin series, for |x| < 0.5 (full precision in a few terms). */
function erfSeries(x: number): number {
  let term = x, sum = x;
  const x2 = x * x;
  for (let n = 1; n < 60; n++) {
    term *= -x2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/**
 * log of the continued fraction K(x) with erfc(x) = exp(−x²)/√π · K(x), x ≥ 0.5:
 * K(x) = 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated by the modified Lentz method.
 */
function logErfcFraction(x: number): number {
  const tiny = 1e-300;
  // K = 1/(x + a1/(x + a2/(x + …))) with a_n = n/2
  let f = x, c = x, d = 0;
  for (let n = 1; n < 5000; n++) {
    const an = n / 2;
    d = x + an * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = x + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return -portable.log(f);
}

/** log erfc(x), accurate also where erfc underflows (large x). */
export function logErfc(x: number): number {
  if (x < -0.5) return portable.log(2 - portable.exp(logErfc(-x)));
  if (x < 0.5) return portable.log1p(-erfSeries(x));
  return -x * x - 0.5 * portable.log(Math.PI) + logErfcFraction(x);
}

export const erfc = (x: number): number => portable.exp(logErfc(x));

/** log Φ(x) of the standard normal distribution: Φ(x) = erfc(−x/√2)/2. */
export const logNormalCdf = (x: number): number => logErfc(-x / Math.SQRT2) - Math.LN2;
