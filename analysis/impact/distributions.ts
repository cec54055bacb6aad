/**
 * The few distribution functions the agreement statistics need (F, Student t and normal quantiles),
 * from the regularised incomplete beta and gamma functions (continued fractions, Lentz's method).
 * Quantiles are found by bisection on the monotone CDF, to full double precision.
 */
import * as portable from "../core/portableMath.js";

/** ln Gamma(x) for x > 0 (Lanczos approximation, g = 7, n = 9; relative error < 1e-15). */
export function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return portable.log(Math.PI / Math.abs(portable.sin(Math.PI * x))) - lnGamma(1 - x);
  const z = x - 1;
  let sum = c[0];
  for (let i = 1; i < 9; i++) sum += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * portable.log(2 * Math.PI) + (z + 0.5) * portable.log(t) - t + portable.log(sum);
}

const TINY = 1e-300;
const EPS = 1e-16;

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    // even step
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    // odd step
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). */
export function betaIncomplete(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * portable.log(x) + b * portable.log1p(-x);
  // The continued fraction converges fast for x < (a+1)/(a+b+2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (portable.exp(lnFront) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (portable.exp(lnFront) * betaContinuedFraction(1 - x, b, a)) / b;
}

/** Regularised lower incomplete gamma P(a, x). */
export function gammaIncomplete(a: number, x: number): number {
  if (x <= 0) return 0;
  const lnFront = -x + a * portable.log(x) - lnGamma(a);
  if (x < a + 1) {
    // series
    let sum = 1 / a,
      term = 1 / a;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    return sum * portable.exp(lnFront);
  }
  // continued fraction for Q(a, x) (modified Lentz)
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return 1 - portable.exp(lnFront) * h;
}

/** Cumulative distribution of F(d1, d2) at x (real degrees of freedom allowed). */
export function fCdf(x: number, d1: number, d2: number): number {
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  return betaIncomplete((d1 * x) / (d1 * x + d2), d1 / 2, d2 / 2);
}

/** Inverts a CDF on (0, 1) mapped to a variable, by bisection (the beta variable is bounded). */
function bisect(cdf: (u: number) => number, p: number): number {
  let lo = 0,
    hi = 1;
  for (let i = 0; i < 200 && hi - lo > 0; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * p-quantile of F(d1, d2): solved on the beta variable u = d1 x / (d1 x + d2). Remembered per
 * (p, d1, d2): a cohort asks for the same few quantiles for every feature (the t and ICC(C,1)
 * intervals' degrees of freedom depend only on the numbers of subjects and raters), and each costs
 * some fifty incomplete-beta evaluations.
 */
export function fQuantile(p: number, d1: number, d2: number): number {
  if (!(p > 0 && p < 1) || !(d1 > 0) || !(d2 > 0)) return NaN;
  const key = `${p} ${d1} ${d2}`;
  const known = quantiles.get(key);
  if (known !== undefined) return known;
  const u = bisect((v) => betaIncomplete(v, d1 / 2, d2 / 2), p);
  const x = (d2 * u) / (d1 * (1 - u));
  if (quantiles.size >= MAX_REMEMBERED) quantiles.clear();
  quantiles.set(key, x);
  return x;
}
const quantiles = new Map<string, number>();
const MAX_REMEMBERED = 4096;

/** Standard normal CDF, via P(1/2, x^2/2). */
export function normalCdf(x: number): number {
  const half = 0.5 * gammaIncomplete(0.5, (x * x) / 2);
  return x >= 0 ? 0.5 + half : 0.5 - half;
}

/** p-quantile of the standard normal (bisection on a bounded map of the real line). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return NaN;
  // x = tan(pi (u - 1/2)) maps u in (0, 1) onto the real line monotonically.
  const u = bisect((v) => normalCdf(portable.tan(Math.PI * (v - 0.5))), p);
  return portable.tan(Math.PI * (u - 0.5));
}

/** Two-sided (1 - alpha) critical value of Student's t with df degrees of freedom: t^2 = F(1, df). */
export function tCritical(alpha: number, df: number): number {
  return Math.sqrt(fQuantile(1 - alpha, 1, df));
}
