import { usageError } from "../../core/errors.js";

/**
 * Exact rationals on BigInt, for the parameters of the discrete samplers and for the privacy ledger:
 * no floating-point rounding decides a noise value or whether a budget is exceeded.
 */
export interface Rational {
  num: bigint;
  /** always > 0 */
  den: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
};

export function rational(num: bigint, den: bigint = 1n): Rational {
  if (den === 0n) throw new RangeError("zero denominator");
  if (den < 0n) [num, den] = [-num, -den];
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}

export const add = (a: Rational, b: Rational) => rational(a.num * b.den + b.num * a.den, a.den * b.den);
export const sub = (a: Rational, b: Rational) => rational(a.num * b.den - b.num * a.den, a.den * b.den);
export const mul = (a: Rational, b: Rational) => rational(a.num * b.num, a.den * b.den);
export const div = (a: Rational, b: Rational) => rational(a.num * b.den, a.den * b.num);
export const compare = (a: Rational, b: Rational): number => {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};
/** ⌊a⌋ */
export const floor = (a: Rational): bigint => (a.num >= 0n ? a.num / a.den : -((-a.num + a.den - 1n) / a.den));
export const toNumber = (a: Rational): number => Number(a.num) / Number(a.den);

/**
 * A decimal as written ("0.1", "2", "1e-6", "2.5E-3") as the exact rational it denotes, so 0.1 is
 * 1/10 and three releases of 0.1 spend exactly 0.3.
 */
export function parseDecimal(text: string, what: string): Rational {
  const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw usageError(`${what}: "${text}" is not a decimal number`);
  const digits = (m[2] || "0") + (m[3] ?? "");
  let num = BigInt(digits) * (m[1] === "-" ? -1n : 1n);
  let den = 10n ** BigInt((m[3] ?? "").length);
  const exp = m[4] ? Number(m[4]) : 0;
  if (Math.abs(exp) > 400) throw usageError(`${what}: "${text}" is out of range`);
  if (exp > 0) num *= 10n ** BigInt(exp);
  else den *= 10n ** BigInt(-exp);
  return rational(num, den);
}

/** A finite double as the exact rational it is (m · 2^e). */
export function fromNumber(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  if (Number.isInteger(x)) return rational(BigInt(x));
  let den = 1n;
  let v = x;
  while (!Number.isInteger(v)) {
    v *= 2;
    den *= 2n;
  }
  return rational(BigInt(v), den);
}

/** Shortest decimal text of a rational whose denominator has only the factors 2 and 5; else a fraction "p/q". */
export function formatRational(a: Rational): string {
  let den = a.den;
  let twos = 0, fives = 0;
  while (den % 2n === 0n) {
    den /= 2n;
    twos++;
  }
  while (den % 5n === 0n) {
    den /= 5n;
    fives++;
  }
  if (den !== 1n) return `${a.num}/${a.den}`;
  const places = Math.max(twos, fives);
  const scaled = (a.num * 10n ** BigInt(places)) / a.den;
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(places + 1, "0");
  const int = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places).replace(/0+$/, "");
  return `${negative ? "-" : ""}${int}${frac ? `.${frac}` : ""}`;
}
