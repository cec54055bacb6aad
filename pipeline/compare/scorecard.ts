import { shiftCounts, type ShiftCount } from "../../analysis/impact/shiftCounts.js";
import type { ShiftRow } from "../../analysis/impact/shifts.js";
import type { DefacingSummary } from "../../masks/defacingSummary.js";

/** One defacing tool over the cohort: privacy, safety, and how far it moved the features. */
export interface ToolScore {
  tool: string;
  /** subjects the tool has an output for. */
  subjects: number;
  /** share of the facial skin surface left, % (mean and max over subjects with a value). */
  residual_face_mean_percent: number | null;
  residual_face_max_percent: number | null;
  /** brain voxels the tool removed, summed over subjects, and the worst subject. */
  brain_intrusion_voxels_total: number | null;
  brain_intrusion_mm3_total: number | null;
  brain_intrusion_worst_subject: string | null;
  brain_intrusion_worst_voxels: number | null;
  brain_intrusion_worst_mm3: number | null;
  /** per normalisation: features over 1 % and 5 % |rel_shift| and the worst one. */
  byNormalisation: ShiftCount[];
}

export interface SubjectDefacing {
  subject: string;
  defacing: { condition: string; summary: DefacingSummary }[];
}

/** The scorecard: one entry per tool, in the given order. */
export function scorecard(tools: readonly string[], subjects: readonly SubjectDefacing[], shifts: readonly ShiftRow[]): ToolScore[] {
  const counts = shiftCounts(shifts);
  return tools.map((tool) => {
    const per = subjects.flatMap((s) => s.defacing.filter((d) => d.condition === tool).map((d) => ({ subject: s.subject, summary: d.summary })));
    const residual = per.map((p) => p.summary.privacy.residual_face_percent).filter((x): x is number => x !== null);
    const intrusion = per.filter((p) => p.summary.safety.brain_intrusion_voxels !== null);
    // the worst subject is named only when some subject lost brain voxels
    const worst = intrusion.reduce<(typeof intrusion)[number] | undefined>(
      (w, p) => (p.summary.safety.brain_intrusion_voxels! > (w?.summary.safety.brain_intrusion_voxels ?? 0) ? p : w),
      undefined,
    );
    const sum = (f: (s: DefacingSummary) => number | null) => (intrusion.length ? intrusion.reduce((t, p) => t + (f(p.summary) ?? 0), 0) : null);
    return {
      tool,
      subjects: per.length,
      residual_face_mean_percent: residual.length ? residual.reduce((a, b) => a + b, 0) / residual.length : null,
      residual_face_max_percent: residual.length ? Math.max(...residual) : null,
      brain_intrusion_voxels_total: sum((s) => s.safety.brain_intrusion_voxels),
      brain_intrusion_mm3_total: sum((s) => s.safety.brain_intrusion_mm3),
      brain_intrusion_worst_subject: worst?.subject ?? null,
      brain_intrusion_worst_voxels: worst?.summary.safety.brain_intrusion_voxels ?? null,
      brain_intrusion_worst_mm3: worst?.summary.safety.brain_intrusion_mm3 ?? null,
      byNormalisation: counts.filter((c) => c.condition === tool),
    };
  });
}

/** scorecard.csv: one line per tool x normalisation, the tool's privacy and safety repeated. */
export const SCORECARD_COLUMNS = [
  "tool",
  "subjects",
  "residual_face_mean_percent",
  "residual_face_max_percent",
  "brain_intrusion_voxels_total",
  "brain_intrusion_mm3_total",
  "brain_intrusion_worst_subject",
  "brain_intrusion_worst_voxels",
  "brain_intrusion_worst_mm3",
  "normalization",
  "features",
  "over_1_percent",
  "over_5_percent",
  "infinite_rel_shift",
  "degenerate_features",
  "worst_subject",
  "worst_config",
  "worst_family",
  "worst_feature",
  "worst_ibsi_code",
  "worst_aggregation_code",
  "worst_rel_shift",
] as const;

export type ScorecardLine = Record<(typeof SCORECARD_COLUMNS)[number], string | number | null>;

export function scorecardLines(scores: readonly ToolScore[]): ScorecardLine[] {
  return scores.flatMap(({ byNormalisation, ...tool }) =>
    byNormalisation.map((c) => ({
      ...tool,
      normalization: c.normalization,
      features: c.features,
      over_1_percent: c.over1Percent,
      over_5_percent: c.over5Percent,
      infinite_rel_shift: c.infinite,
      degenerate_features: c.degenerate,
      worst_subject: c.worst?.subject ?? null,
      worst_config: c.worst?.config ?? null,
      worst_family: c.worst?.family ?? null,
      worst_feature: c.worst?.feature ?? null,
      worst_ibsi_code: c.worst?.ibsi_code ?? null,
      worst_aggregation_code: c.worst?.aggregation_code ?? null,
      worst_rel_shift: c.worst?.rel_shift ?? null,
    })),
  );
}
