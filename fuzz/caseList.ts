import { mulberry32 } from "../analysis/core/random.js";
import type { Bases } from "./base.js";
import type { CommandName, Expectation, FuzzCase } from "./types.js";

export type Expect = FuzzCase["expect"];

/** Shorthands for the usual expectations. */
export const expect = {
  error: { default: "error" } as Expect,
  same: { default: "same" } as Expect,
  ok: { default: "ok" } as Expect,
  either: { default: "either" } as Expect,
  /** `base` for every command but those listed. */
  but: (base: Expectation, others: Partial<Record<CommandName, Expectation>>): Expect => ({ default: base, ...others }),
};

/** Collects cases and numbers them `reader/mutation/n`. */
export class CaseList {
  readonly cases: FuzzCase[] = [];
  private readonly counters = new Map<string, number>();

  add(c: Omit<FuzzCase, "id">): void {
    const key = `${c.reader}/${c.mutation}`;
    const n = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, n);
    this.cases.push({ ...c, id: `${key}/${String(n).padStart(3, "0")}` });
  }
}

/** What every mutation module gets: the valid inputs, a seeded generator of its own, and the list to fill. */
export interface MutationContext {
  bases: Bases;
  list: CaseList;
  /** uniform in [0, 1), seeded per module so one module's cases do not shift another's. */
  random: () => number;
}

export function contextFor(bases: Bases, list: CaseList, seed: number, module: string): MutationContext {
  let h = seed >>> 0;
  for (const ch of module) h = Math.imul(h ^ ch.charCodeAt(0), 0x9e3779b1) >>> 0;
  return { bases, list, random: mulberry32(h) };
}

/** A whole number in [lo, hi]. */
export const randomInt = (random: () => number, lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));

/** A copy with `count` random bytes in [from, to) replaced by random values (each differs from the original). */
export function flipBytes(bytes: Uint8Array, random: () => number, count: number, from: number, to: number): Uint8Array {
  const out = bytes.slice();
  for (let n = 0; n < count; n++) {
    const at = randomInt(random, from, to - 1);
    out[at] = (out[at] + randomInt(random, 1, 255)) & 0xff;
  }
  return out;
}

/** The base files without some names, plus others. */
export function replaceFiles<T extends Record<string, unknown>>(files: T, remove: string[], add: Record<string, unknown>): T {
  const out = { ...files } as Record<string, unknown>;
  for (const name of remove) delete out[name];
  return { ...out, ...add } as T;
}
