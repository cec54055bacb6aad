import type { ShiftRow } from "../../../analysis/impact/shifts.js";
import { FEATURE_CODES } from "../../../analysis/impact/featureCatalogue.js";
import { NORMALISATION_NAMES } from "../../../analysis/normalisation/normalisations.js";
import type { RunReport } from "../runReport.js";

/** A shift row, with the closed-form prediction when the pipeline added it. */
export type ReportShift = ShiftRow & { predicted_defaced?: number; behaviour?: string };

/** Below this |rel_shift| a feature counts as unchanged (floating-point noise). */
export const ZERO_SHIFT = 1e-12;

export const shiftsOf = (report: RunReport): ReportShift[] => report.result.shifts as ReportShift[];

/** |rel_shift|, NaN when the feature is undefined in either condition. */
export const absRel = (s: ShiftRow): number => Math.abs(s.rel_shift);

const familyRank = new Map(Object.keys(FEATURE_CODES).map((f, i) => [f, i]));
const normRank = new Map((NORMALISATION_NAMES as readonly string[]).map((n, i) => [n, i]));
const rank = (m: Map<string, number>, k: string) => m.get(k) ?? m.size;

/** IBSI chapter order of families; unknown ones last, alphabetically. */
export const byFamily = (a: string, b: string): number => rank(familyRank, a) - rank(familyRank, b) || a.localeCompare(b);
/** Normalisations in the order the tool lists them. */
export const byNormalisation = (a: string, b: string): number => rank(normRank, a) - rank(normRank, b) || a.localeCompare(b);

export interface NormalisationSummary {
  normalization: string;
  /** shifts with a defined rel_shift. */
  compared: number;
  /** largest finite |rel_shift|; NaN when no finite one was compared. */
  maxAbs: number;
  /** features whose original value was 0 and whose defaced value is not (|rel_shift| = ∞). */
  fromZero: number;
  /** features with |rel_shift| > 1 % and > 5 % (those from zero included). */
  over1Percent: number;
  over5Percent: number;
  /** the feature with the largest finite |rel_shift|. */
  worst?: ReportShift;
}

/** Whether anything moved under this normalisation. */
export const moved = (s: NormalisationSummary): boolean => s.maxAbs > ZERO_SHIFT || s.fromZero > 0;

/** Per normalisation, how much the features of one defaced condition moved. */
export function summariseCondition(shifts: readonly ReportShift[], condition: string): NormalisationSummary[] {
  const mine = shifts.filter((s) => s.condition === condition);
  const norms = [...new Set(mine.map((s) => s.normalization))].sort(byNormalisation);
  return norms.map((normalization) => {
    let compared = 0,
      maxAbs = NaN,
      fromZero = 0,
      over1Percent = 0,
      over5Percent = 0,
      worst: ReportShift | undefined;
    for (const s of mine) {
      if (s.normalization !== normalization) continue;
      const r = absRel(s);
      if (Number.isNaN(r)) continue;
      compared++;
      if (r > 0.01) over1Percent++;
      if (r > 0.05) over5Percent++;
      if (r === Infinity) fromZero++;
      else if (!(r <= maxAbs)) {
        maxAbs = r;
        worst = s;
      }
    }
    return { normalization, compared, maxAbs, fromZero, over1Percent, over5Percent, worst };
  });
}

/** The defaced conditions, in the report's order. */
export function defacedConditions(report: RunReport): string[] {
  const named = report.conditions.map((c) => c.name);
  const inShifts = [...new Set(report.result.shifts.map((s) => s.condition))].filter((c) => !named.includes(c));
  return [...named, ...inShifts];
}
