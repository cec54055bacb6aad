import profile from "./deidProfile.json" with { type: "json" };

/** One row of PS3.15 table E.1-1: the basic profile action and the options that change it. */
export interface DeidRule {
  tag: string;
  name: string;
  /** D, Z, X, K, C, U or a combination such as "X/Z/D" (the least destructive valid one applies). */
  basic: string;
  options?: Partial<Record<
    | "rtnLongFullDatesOpt" | "rtnLongModifDatesOpt" | "cleanDescOpt" | "rtnUIDsOpt" | "rtnDevIdOpt"
    | "rtnPatCharsOpt" | "rtnInstIdOpt" | "cleanGraphOpt" | "cleanStructContOpt" | "rtnSafePrivOpt",
    string
  >>;
}

const RULES = profile.attributes as DeidRule[];
const exact = new Map<string, DeidRule>();
/** Repeating-group rows such as (50XX,XXXX) and (60XX,3000), matched by pattern. */
const patterns: Array<{ re: RegExp; rule: DeidRule }> = [];
for (const rule of RULES) {
  if (rule.tag === "PRIVATE") continue;
  if (rule.tag.includes("X")) patterns.push({ re: new RegExp(`^${rule.tag.replace(/X/g, "[0-9A-F]")}$`), rule });
  else exact.set(rule.tag, rule);
}

/** The profile's rule for a tag ("00100010"), or undefined when the attribute is not listed (kept). */
export function deidRuleFor(tag: string): DeidRule | undefined {
  const t = tag.toUpperCase();
  return exact.get(t) ?? patterns.find((p) => p.re.test(t))?.rule;
}

export const deidProfileSize = (): number => RULES.length;
