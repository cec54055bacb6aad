import { z } from "../../analysis/core/bundled/zod.js";

/**
 * How far a number may move before it counts as drift: |new − baseline| ≤ abs + rel·scale, where
 * scale is |baseline| for a feature value and max(|original|, |defaced|) for a shift (a shift is a
 * difference of two values, so its rounding noise is that of the values, not of the shift).
 */
export interface Tolerance {
  abs: number;
  rel: number;
}

/**
 * Defaults: the same code gives bit-identical values, so these only absorb last-digit changes
 * (a different Math library, a reordered sum) and catch anything larger.
 */
export const DEFAULT_TOLERANCE: Tolerance = { abs: 1e-12, rel: 1e-9 };

/** Fields an override can match on (all given fields must match); absent fields match anything. */
export const OVERRIDE_MATCH_FIELDS = ["kind", "subject", "condition", "normalization", "config", "family", "ibsi_code", "aggregation_code"] as const;
export type OverrideMatchField = (typeof OVERRIDE_MATCH_FIELDS)[number];

const nonNegative = z.number().nonnegative();

export const ToleranceOverrideSchema = z
  .object({
    kind: z.enum(["value", "shift"]).optional(),
    subject: z.string().optional(),
    condition: z.string().optional(),
    normalization: z.string().optional(),
    config: z.string().optional(),
    family: z.string().optional(),
    ibsi_code: z.string().optional(),
    aggregation_code: z.string().optional(),
    abs: nonNegative.optional(),
    rel: nonNegative.optional(),
    /** why the override exists, for the next person. */
    reason: z.string().optional(),
  })
  .strict()
  .refine((o) => o.abs !== undefined || o.rel !== undefined, { message: "an override sets abs, rel or both" });

export type ToleranceOverride = z.infer<typeof ToleranceOverrideSchema>;

export const TolerancesSchema = z
  .object({
    default: z.object({ abs: nonNegative, rel: nonNegative }).strict(),
    overrides: z.array(ToleranceOverrideSchema).default([]),
  })
  .strict();

export type Tolerances = z.infer<typeof TolerancesSchema>;

export const defaultTolerances = (): Tolerances => ({ default: { ...DEFAULT_TOLERANCE }, overrides: [] });

/** What an override is matched against. */
export type ToleranceSubject = Record<OverrideMatchField, string>;

/**
 * The tolerance of one entry: the default, then every matching override in file order, each
 * replacing the fields it sets (so list general rules first and specific ones after).
 */
export function toleranceFor(entry: ToleranceSubject, tolerances: Tolerances): Tolerance {
  const out = { ...tolerances.default };
  for (const o of tolerances.overrides) {
    if (!OVERRIDE_MATCH_FIELDS.every((f) => o[f] === undefined || o[f] === entry[f])) continue;
    if (o.abs !== undefined) out.abs = o.abs;
    if (o.rel !== undefined) out.rel = o.rel;
  }
  return out;
}

/** The largest allowed |new − baseline| at this scale. */
export const allowedDifference = (t: Tolerance, scale: number): number => t.abs + t.rel * (Number.isFinite(scale) ? Math.abs(scale) : 0);

/**
 * Whether `actual` is within tolerance of `expected`: NaN matches only NaN, an infinity only the
 * same infinity; finite numbers by the difference bound.
 */
export function withinTolerance(expected: number, actual: number, allowed: number): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual);
  if (!Number.isFinite(expected) || !Number.isFinite(actual)) return expected === actual;
  return Math.abs(actual - expected) <= allowed;
}
