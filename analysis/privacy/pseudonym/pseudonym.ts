import { FF1 } from "@noble/ciphers/ff1.js";
import { inputError } from "../../core/errors.js";

/**
 * Keyed, reversible pseudonyms: format-preserving encryption of an identifier with FF1 (NIST SP
 * 800-38G) over AES-256. The letters and digits of the ID (radix 62: 0-9, A-Z, a-z) are encrypted as
 * one FF1 numeral string; every other character stays where it is. So a pseudonym has the ID's length
 * and punctuation ("PAT-00123" → "x7Q-aZ91k"), fits the DICOM VR LO (at most 64 characters, no
 * backslash or control characters) whenever the ID does, and the same ID under the same key always
 * gives the same pseudonym, in every run and file. Only the key's holder can reverse it.
 *
 * The tweak binds the ID's layout (where its other characters are) and a version label, so IDs that
 * share their letters and digits but not their layout get unrelated pseudonyms. FF1 needs a domain
 * of at least 10^6 values (SP 800-38G Rev. 1): IDs need at least 4 letters or digits (62^4 ≈ 1.5·10^7).
 */
export const KEY_BYTES = 32;
export const LO_MAX_CHARS = 64;
export const MIN_ALPHANUMERICS = 4;

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const DIGIT = new Map([...ALPHABET].map((ch, i) => [ch, i]));
const TWEAK_LABEL = "deface-impact/pseudonym/v1|";

export class Pseudonymiser {
  private readonly key: Uint8Array;
  private readonly forward = new Map<string, string>();
  private readonly backward = new Map<string, string>();

  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES) throw new RangeError(`FF1-AES-256 needs a ${KEY_BYTES}-byte key`);
    this.key = Uint8Array.from(key);
  }

  pseudonymise(id: string): string {
    return this.memoised(this.forward, id, "encrypt");
  }

  reidentify(pseudonym: string): string {
    return this.memoised(this.backward, pseudonym, "decrypt");
  }

  /** A table repeats its IDs: each is encrypted once. */
  private memoised(cache: Map<string, string>, text: string, direction: "encrypt" | "decrypt"): string {
    let out = cache.get(text);
    if (out === undefined) cache.set(text, (out = this.transform(text, direction)));
    return out;
  }

  private transform(text: string, direction: "encrypt" | "decrypt"): string {
    const what = direction === "encrypt" ? "identifier" : "pseudonym";
    if (text.length > LO_MAX_CHARS) throw inputError(`the ${what} "${text.slice(0, 20)}…" has ${text.length} characters; DICOM LO allows ${LO_MAX_CHARS}`);
    if (/[\\\u0000-\u001f\u007f]/.test(text)) throw inputError(`the ${what} "${text}" holds a backslash or a control character, which DICOM LO does not allow`);
    const chars = [...text];
    const positions: number[] = [];
    const digits: number[] = [];
    chars.forEach((ch, i) => {
      const d = DIGIT.get(ch);
      if (d !== undefined) {
        positions.push(i);
        digits.push(d);
      }
    });
    if (digits.length < MIN_ALPHANUMERICS) {
      throw inputError(`the ${what} "${text}" has ${digits.length} letters or digits; FF1 needs at least ${MIN_ALPHANUMERICS} (a domain of at least a million values)`);
    }
    const layout = chars.map((ch) => (DIGIT.has(ch) ? "\u0000" : ch)).join("");
    const tweak = new TextEncoder().encode(TWEAK_LABEL + layout);
    const cipher = FF1(ALPHABET.length, this.key, tweak);
    const result = direction === "encrypt" ? cipher.encrypt(digits) : cipher.decrypt(digits);
    positions.forEach((p, i) => (chars[p] = ALPHABET[result[i]]));
    return chars.join("");
  }
}
