import { mulberry32 } from "../../core/random.js";

/**
 * Where the samplers get their randomness: uniform integers, exactly. `privacy release` uses the
 * operating system's cryptographic generator (pipeline/privacy/cryptoRandom.ts); tests and the demo
 * may use a seeded one to be reproducible (a seeded generator gives no privacy).
 */
export interface RandomSource {
  /** uniform on {0, 1, …, n − 1}, n ≥ 1 */
  below(n: bigint): bigint;
}

/**
 * Uniform below n from uniform 32-bit words: draw as many words as n needs, keep the bits that cover
 * n − 1, reject values ≥ n (exact, no modulo bias).
 */
export function uniformBelow(nextWord: () => number, n: bigint): bigint {
  if (n < 1n) throw new RangeError("below(n) needs n >= 1");
  if (n === 1n) return 0n;
  const bits = (n - 1n).toString(2).length;
  const words = Math.ceil(bits / 32);
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    let x = 0n;
    for (let w = 0; w < words; w++) x = (x << 32n) | BigInt(nextWord() >>> 0);
    x &= mask;
    if (x < n) return x;
  }
}

/** A reproducible source for tests and demonstrations (mulberry32; not for real releases). */
export function seededSource(seed: number): RandomSource {
  const next = mulberry32(seed);
  const word = () => Math.floor(next() * 4294967296);
  return { below: (n) => uniformBelow(word, n) };
}
