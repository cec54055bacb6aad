import { FF1 } from "@noble/ciphers/ff1.js";
import { describe, expect, it } from "vitest";
import { Pseudonymiser } from "../../../analysis/privacy/pseudonym/pseudonym.js";

const hex = (s: string) => Uint8Array.from(Buffer.from(s, "hex"));
const RADIX36 = "0123456789abcdefghijklmnopqrstuvwxyz";
const encrypt = (key: string, radix: number, tweak: string, plaintext: string) =>
  FF1(radix, hex(key), hex(tweak))
    .encrypt([...plaintext].map((c) => RADIX36.indexOf(c)))
    .map((d) => RADIX36[d])
    .join("");
const decrypt = (key: string, radix: number, tweak: string, ciphertext: string) =>
  FF1(radix, hex(key), hex(tweak))
    .decrypt([...ciphertext].map((c) => RADIX36.indexOf(c)))
    .map((d) => RADIX36[d])
    .join("");

describe("FF1-AES-256: NIST SP 800-38G sample vectors 7, 8 and 9", () => {
  const K = "2B7E151628AED2A6ABF7158809CF4F3CEF4359D8D580AA4F7F036D6F04FC6A94";
  const samples: [string, number, string, string, string][] = [
    ["sample 7", 10, "", "0123456789", "6657667009"],
    ["sample 8", 10, "39383736353433323130", "0123456789", "1001623463"],
    ["sample 9", 36, "3737373770717273373737", "0123456789abcdefghi", "xs8a0azh2avyalyzuwd"],
  ];
  for (const [name, radix, tweak, pt, ct] of samples) {
    it(`${name}: radix ${radix}`, () => {
      expect(encrypt(K, radix, tweak, pt)).toBe(ct);
      expect(decrypt(K, radix, tweak, ct)).toBe(pt);
    });
  }
});

describe("keyed pseudonyms", () => {
  const key = hex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
  const other = hex("ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100");
  it("are reversible, deterministic across instances, and keep the ID's length and punctuation", () => {
    const ids = ["PAT-00123", "12345678", "HH-123456", "ab.cd_ef 0042", "X".repeat(64)];
    const a = new Pseudonymiser(key), b = new Pseudonymiser(key);
    for (const id of ids) {
      const p = a.pseudonymise(id);
      expect(p).not.toBe(id);
      expect(p).toHaveLength(id.length);
      expect(p.replace(/[0-9A-Za-z]/g, "#")).toBe(id.replace(/[0-9A-Za-z]/g, "#"));
      expect(b.pseudonymise(id)).toBe(p);
      expect(b.reidentify(p)).toBe(id);
      // DICOM LO: at most 64 characters, no backslash or control characters
      expect(p.length).toBeLessThanOrEqual(64);
      expect(p).not.toMatch(/[\\\u0000-\u001f]/);
    }
  });
  it("different keys give unrelated pseudonyms; different IDs different pseudonyms", () => {
    const a = new Pseudonymiser(key), c = new Pseudonymiser(other);
    expect(a.pseudonymise("PAT-00123")).not.toBe(c.pseudonymise("PAT-00123"));
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(a.pseudonymise(`PAT-${String(i).padStart(5, "0")}`));
    expect(seen.size).toBe(2000);
    // the layout is bound by the tweak: same letters and digits, other punctuation -> unrelated
    expect(a.pseudonymise("AB-1234").replace("-", "")).not.toBe(a.pseudonymise("AB1-234").replace("-", ""));
  });
  it("refuses IDs FF1 cannot take and keys of the wrong length", () => {
    const a = new Pseudonymiser(key);
    expect(() => a.pseudonymise("A-1")).toThrow(/at least 4/);
    expect(() => a.pseudonymise("X".repeat(65))).toThrow(/64/);
    expect(() => a.pseudonymise("AB\\1234")).toThrow(/backslash/);
    expect(() => new Pseudonymiser(key.subarray(0, 16))).toThrow(/32-byte/);
  });
});
