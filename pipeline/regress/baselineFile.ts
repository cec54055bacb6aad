import { readFileSync } from "node:fs";
import { z } from "../../analysis/core/bundled/zod.js";
import { inputError } from "../../analysis/core/errors.js";
import { writeFileAtomic } from "../io/atomicWrite.js";
import type { CatalogueEntry, Entry } from "./entries.js";
import { TolerancesSchema, type Tolerances } from "./tolerances.js";

/**
 * The regression baseline (JSON): what produced it (software, settings, date), the tolerances, a
 * catalogue naming every feature key once, and every feature value and shift nested as
 * subject → condition → normalization → config → feature key (`IBSI code.aggregation code`).
 * Keys are sorted and numbers written in full (shortest round-trip form), so the same results
 * give the same file apart from `date`; NaN and infinities are written as strings.
 */
export const BASELINE_FORMAT = "deface-impact regression baseline";
export const BASELINE_FORMAT_VERSION = 1;

const NumberCell = z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"])]);
type Leaves = Record<string, z.infer<typeof NumberCell>>;
const Nested = z.record(z.string(), z.record(z.string(), z.record(z.string(), z.record(z.string(), z.record(z.string(), NumberCell)))));
export type NestedValues = z.infer<typeof Nested>;

const BaselineSchema = z.object({
  format: z.literal(BASELINE_FORMAT),
  format_version: z.literal(BASELINE_FORMAT_VERSION),
  software: z.record(z.string(), z.unknown()),
  date: z.string(),
  suite: z.string(),
  settings: z.record(z.string(), z.unknown()),
  tolerances: TolerancesSchema,
  catalogue: z.record(z.string(), z.object({ family: z.string(), feature: z.string(), ibsi_code: z.string(), aggregation_code: z.string() })),
  features: Nested,
  shifts: Nested,
});

export type Baseline = z.infer<typeof BaselineSchema>;

export function encodeNumber(v: number): number | "NaN" | "Infinity" | "-Infinity" {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  return Object.is(v, -0) ? 0 : v;
}

export function decodeNumber(v: number | string): number {
  return typeof v === "number" ? v : v === "NaN" ? NaN : v === "Infinity" ? Infinity : -Infinity;
}

/** Nests entries of one kind as subject → condition → normalization → config → key → value. */
export function nestEntries(entries: readonly Entry[]): NestedValues {
  const out: NestedValues = {};
  for (const e of entries) {
    const leaves: Leaves = (((out[e.subject] ??= {})[e.condition] ??= {})[e.normalization] ??= {})[e.config] ??= {};
    leaves[e.key] = encodeNumber(e.value);
  }
  return out;
}

/** The baseline's entries, values first, then shifts. */
export function baselineEntries(b: Pick<Baseline, "features" | "shifts">): Entry[] {
  const out: Entry[] = [];
  for (const [kind, nested] of [["value", b.features], ["shift", b.shifts]] as const) {
    for (const [subject, conditions] of Object.entries(nested))
      for (const [condition, norms] of Object.entries(conditions))
        for (const [normalization, configs] of Object.entries(norms))
          for (const [config, leaves] of Object.entries(configs))
            for (const [key, v] of Object.entries(leaves)) out.push({ kind, subject, condition, normalization, config, key, value: decodeNumber(v) });
  }
  return out;
}

export interface BaselineContents {
  software: Record<string, unknown>;
  date: Date;
  suite: string;
  settings: Record<string, unknown>;
  tolerances: Tolerances;
  catalogue: Record<string, CatalogueEntry>;
  entries: readonly Entry[];
}

export function makeBaseline(c: BaselineContents): Baseline {
  return {
    format: BASELINE_FORMAT,
    format_version: BASELINE_FORMAT_VERSION,
    software: c.software,
    date: c.date.toISOString().replace(/\.\d{3}Z$/, "Z"),
    suite: c.suite,
    settings: c.settings,
    tolerances: c.tolerances,
    catalogue: c.catalogue,
    features: nestEntries(c.entries.filter((e) => e.kind === "value")),
    shifts: nestEntries(c.entries.filter((e) => e.kind === "shift")),
  };
}

/** Object keys sorted (code-unit order) at every depth; arrays keep their order. */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

export const serialiseBaseline = (b: Baseline): string => JSON.stringify(sortKeys(b), null, 1) + "\n";

export function writeBaseline(path: string, b: Baseline): void {
  writeFileAtomic(path, serialiseBaseline(b));
}

/** Reads and validates a baseline file; problems are input errors naming the file. */
export function readBaseline(path: string): Baseline {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw inputError(
      code === "ENOENT" ? "no such baseline file (write one with --update-baseline)" : `cannot read the baseline (${code ?? (err as Error).message})`,
      path,
      err,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw inputError(`not a JSON file (${(err as Error).message})`, path, err);
  }
  const parsed = BaselineSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`)
      .join("; ");
    throw inputError(`not a valid ${BASELINE_FORMAT} (format_version ${BASELINE_FORMAT_VERSION}): ${issues}`, path);
  }
  return parsed.data;
}
