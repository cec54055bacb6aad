import { normalQuantile } from "./distributions.js";
import type { Estimate } from "./agreementTypes.js";
import { nanEstimate, pairedInputProblem } from "./agreementTypes.js";
import * as portable from "../core/portableMath.js";

/**
 * Lin's concordance correlation coefficient (Lin 1989, Biometrics 45:255-268):
 *   rho_c = 2 s_xy / (s_x^2 + s_y^2 + (mean_x - mean_y)^2), moments with divisor n,
 * with the confidence interval on Fisher's z = atanh(rho_c), whose variance Lin gives (corrected in
 * Lin 2000, Biometrics 56:324-325) as
 *   var(z) = [ (1 - r^2) rho_c^2 / ((1 - rho_c^2) r^2)
 *            + 2 rho_c^3 (1 - rho_c) u^2 / (r (1 - rho_c^2)^2)
 *            - rho_c^4 u^4 / (2 r^2 (1 - rho_c^2)^2) ] / (n - 2),
 * r the Pearson correlation and u = (mean_x - mean_y) / sqrt(s_x s_y) the location shift.
 */
export function concordance(x: ArrayLike<number>, y: ArrayLike<number>, level = 0.95): Estimate & { pearson: number } {
  const problem = pairedInputProblem(x, y);
  if (problem) return { ...nanEstimate(level, problem), pearson: NaN };
  const n = x.length;
  let mx = 0,
    my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  let sxx = 0,
    syy = 0,
    sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2 / n;
    syy += (y[i] - my) ** 2 / n;
    sxy += ((x[i] - mx) * (y[i] - my)) / n;
  }
  const denom = sxx + syy + (mx - my) ** 2;
  if (denom === 0) {
    return { ...nanEstimate(level, "both series constant and equal: concordance undefined (0/0)"), pearson: NaN };
  }
  const rc = (2 * sxy) / denom;
  const r = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : NaN;
  if (Number.isNaN(r)) {
    return { value: rc, lower: NaN, upper: NaN, level, pearson: r, reason: "one series is constant: no Pearson correlation, no interval" };
  }
  if (n < 3) return { value: rc, lower: NaN, upper: NaN, level, pearson: r, reason: "the interval needs n >= 3 (variance divides by n - 2)" };
  if (Math.abs(rc) === 1) return { value: rc, lower: rc, upper: rc, level, pearson: r, reason: "exact concordance: zero-width interval" };
  const u = (mx - my) / Math.sqrt(Math.sqrt(sxx * syy));
  const rc2 = rc * rc,
    one = 1 - rc2;
  const varZ =
    ((1 - r * r) * rc2) / (one * r * r) +
    (2 * rc2 * rc * (1 - rc) * u * u) / (r * one * one) -
    (rc2 * rc2 * u * u * (u * u)) / (2 * r * r * one * one);
  const se = Math.sqrt(varZ / (n - 2));
  const z = portable.atanh(rc);
  const q = normalQuantile(1 - (1 - level) / 2);
  return { value: rc, lower: portable.tanh(z - q * se), upper: portable.tanh(z + q * se), level, pearson: r };
}
