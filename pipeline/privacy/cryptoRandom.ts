import { randomBytes } from "node:crypto";
import { uniformBelow, type RandomSource } from "../../analysis/privacy/dp/randomSource.js";

/**
 * The operating system's cryptographic random generator (node:crypto) as a source of exact uniform
 * integers for the DP samplers; 32-bit words are drawn from a 4 KiB buffer refilled as needed.
 */
export function cryptoSource(): RandomSource {
  let buffer = randomBytes(4096);
  let offset = 0;
  const word = () => {
    if (offset + 4 > buffer.length) {
      buffer = randomBytes(4096);
      offset = 0;
    }
    const w = buffer.readUInt32BE(offset);
    offset += 4;
    return w;
  };
  return { below: (n) => uniformBelow(word, n) };
}
