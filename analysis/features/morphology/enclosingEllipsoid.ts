/**
 * Surface area of an ellipsoid with semi-axes a >= b >= c (IBSI RDD2): the Legendre series
 *   A = 4π a b Σ_{ν=0}^{20} (αβ)^ν / (1 - 4ν²) P_ν((α² + β²) / (2αβ)),
 * α = sqrt(1 - b²/a²), β = sqrt(1 - c²/a²), stopped after ν = 20 as IBSI prescribes.
 * q_ν = (αβ)^ν P_ν(x) is carried by the Legendre recurrence multiplied through by (αβ)^(ν+1),
 *   (ν+1) q_{ν+1} = (2ν+1) (α²+β²)/2 q_ν - ν α²β² q_{ν-1},
 * so the spheroid and sphere cases (α or β = 0) need no division.
 * This is IBSI's formula as written, which is what its reference values use: it is exact for a
 * sphere but not the exact area of a general ellipsoid (the exact series takes α = √(1 - c²/a²),
 * β = √(1 - c²/b²)); on the digital phantom the exact area gives area density 1.30, not 1.36.
 */
export function ellipsoidSurfaceArea(a: number, b: number, c: number, terms = 20): number {
  if (!(a > 0)) return 0;
  const alpha2 = Math.max(0, 1 - (b * b) / (a * a));
  const beta2 = Math.max(0, 1 - (c * c) / (a * a));
  const half = (alpha2 + beta2) / 2;
  const ab2 = alpha2 * beta2;
  let qPrev = 1; // q_0
  let q = half; // q_1
  let sum = qPrev + q / (1 - 4);
  for (let nu = 1; nu < terms; nu++) {
    const qNext = ((2 * nu + 1) * half * q - nu * ab2 * qPrev) / (nu + 1);
    qPrev = q;
    q = qNext;
    const k = nu + 1;
    sum += q / (1 - 4 * k * k);
  }
  return 4 * Math.PI * a * b * sum;
}

/** Volume of an ellipsoid with semi-axes a, b, c. */
export const ellipsoidVolume = (a: number, b: number, c: number): number => (4 * Math.PI * a * b * c) / 3;
