import { isDegenerate } from "./degenerate.js";
import type { ShiftRow } from "./shifts.js";

/** Below this |rel_shift| a feature did not move (floating-point noise). */
const MOVED = 1e-12;

/** The largest finite non-zero |rel_shift| of one condition x normalisation, and where it happened. */
export interface WorstShift {
  subject: string;
  config: string;
  family: string;
  feature: string;
  ibsi_code: string;
  aggregation_code: string;
  /** signed relative shift (fraction). */
  rel_shift: number;
}

/** How many features one condition moved under one normalisation, over all subjects. */
export interface ShiftCount {
  condition: string;
  normalization: string;
  /** distinct features (configuration x feature x aggregation) compared, outside degenerate discretisations. */
  features: number;
  /** features whose |rel_shift| exceeds 1 % (5 %) in at least one subject (±inf counts, NaN does not). */
  over1Percent: number;
  over5Percent: number;
  /** features whose relative shift is ±inf in some subject (an original value of 0 that moved). */
  infinite: number;
  /** the largest meaningful shift. */
  worst?: WorstShift;
  /**
   * features under a degenerate discretisation (too few or too sparse grey levels, degenerate.ts) in
   * every subject: not counted above, since their shifts measure bin edges, not the ROI.
   */
  degenerate: number;
  /** of those, the ones that moved (|rel_shift| > 1e-12 in some subject). */
  degenerateMoved: number;
}

/**
 * Counts, per condition x normalisation (in first-seen order), the features whose largest
 * meaningful |rel_shift| over subjects exceeds 1 % and 5 %, and the single largest finite one; a
 * subject whose discretisation of a feature is degenerate does not count for it.
 */
export function shiftCounts(shifts: readonly ShiftRow[]): ShiftCount[] {
  const groups = new Map<string, { count: ShiftCount; largest: Map<string, number>; degenerate: Map<string, boolean> }>();
  for (const s of shifts) {
    const k = `${s.condition}\u0000${s.normalization}`;
    let g = groups.get(k);
    if (!g) {
      g = {
        count: { condition: s.condition, normalization: s.normalization, features: 0, over1Percent: 0, over5Percent: 0, infinite: 0, degenerate: 0, degenerateMoved: 0 },
        largest: new Map(),
        degenerate: new Map(),
      };
      groups.set(k, g);
    }
    const feature = [s.config, s.family, s.feature, s.aggregation_code].join("\u0000");
    if (isDegenerate(s.discretisation)) {
      g.degenerate.set(feature, g.degenerate.get(feature) === true || Math.abs(s.rel_shift) > MOVED);
      continue;
    }
    const a = Math.abs(s.rel_shift);
    const before = g.largest.get(feature);
    // NaN (undefined feature) counts as "did not move" for the thresholds.
    const value = Number.isNaN(a) ? 0 : a;
    g.largest.set(feature, before === undefined ? value : Math.max(before, value));
    if (Number.isFinite(a) && a > 0 && (g.count.worst === undefined || a > Math.abs(g.count.worst.rel_shift))) {
      g.count.worst = {
        subject: s.subject,
        config: s.config,
        family: s.family,
        feature: s.feature,
        ibsi_code: s.ibsi_code,
        aggregation_code: s.aggregation_code,
        rel_shift: s.rel_shift,
      };
    }
  }
  return [...groups.values()].map(({ count, largest, degenerate }) => {
    for (const [f, moved] of degenerate) {
      if (largest.has(f)) continue;
      count.degenerate++;
      if (moved) count.degenerateMoved++;
    }
    for (const a of largest.values()) {
      count.features++;
      if (a > 0.01) count.over1Percent++;
      if (a > 0.05) count.over5Percent++;
      if (a === Infinity) count.infinite++;
    }
    return count;
  });
}
