import { isDegenerate } from "../../../analysis/impact/degenerate.js";
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

/** Whether a shift compares degenerate grey levels (too few, or too sparse): ranked apart, not in the headline. */
export const degenerateShift = (s: ShiftRow): boolean => isDegenerate(s.discretisation);

/** Counts and largest shift of the meaningful shifts; the degenerate ones are counted apart. */
export interface NormalisationSummary {
  normalization: string;
  /** meaningful shifts (not under a degenerate discretisation) with a defined rel_shift. */
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
  /** shifts under a degenerate discretisation (too few or too sparse grey levels), with a defined rel_shift. */
  degenerate: number;
  /** of those, the ones that moved, and their largest finite |rel_shift| (NaN when none). */
  degenerateMoved: number;
  degenerateMaxAbs: number;
}

/** Whether a meaningful feature moved under this normalisation. */
export const moved = (s: NormalisationSummary): boolean => s.maxAbs > ZERO_SHIFT || s.fromZero > 0;
/** Whether no feature at all moved, the degenerate ones included: only then does a normalisation avoid the shift. */
export const untouched = (s: NormalisationSummary): boolean => !moved(s) && s.degenerateMoved === 0;

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
      worst: ReportShift | undefined,
      degenerate = 0,
      degenerateMoved = 0,
      degenerateMaxAbs = NaN;
    for (const s of mine) {
      if (s.normalization !== normalization) continue;
      const r = absRel(s);
      if (Number.isNaN(r)) continue;
      if (degenerateShift(s)) {
        degenerate++;
        if (r > ZERO_SHIFT) degenerateMoved++;
        if (Number.isFinite(r) && !(r <= degenerateMaxAbs)) degenerateMaxAbs = r;
        continue;
      }
      compared++;
      if (r > 0.01) over1Percent++;
      if (r > 0.05) over5Percent++;
      if (r === Infinity) fromZero++;
      else if (!(r <= maxAbs)) {
        maxAbs = r;
        worst = s;
      }
    }
    return { normalization, compared, maxAbs, fromZero, over1Percent, over5Percent, worst, degenerate, degenerateMoved, degenerateMaxAbs };
  });
}

/** The defaced conditions, in the report's order. */
export function defacedConditions(report: RunReport): string[] {
  const named = report.conditions.map((c) => c.name);
  const inShifts = [...new Set(report.result.shifts.map((s) => s.condition))].filter((c) => !named.includes(c));
  return [...named, ...inShifts];
}
