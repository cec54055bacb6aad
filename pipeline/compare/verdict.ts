import type { ShiftCount } from "../../analysis/impact/shiftCounts.js";
import { num, pct } from "../report/html/format.js";
import { bold, code, listOf, type RichText } from "../report/richText.js";
import type { CompareReport } from "./compareReport.js";
import type { ToolScore } from "./scorecard.js";

/**
 * The verdict of `compare`, per tool, in words (report.md and the terminal): how far it moved the
 * meaningful features under each normalisation, which normalisations it left untouched, what it
 * cost (brain intrusion) and what it left of the face.
 */

const isMoved = (c: ShiftCount) => c.worst !== undefined || c.infinite > 0;
/** Nothing moved at all, the degenerate features included. */
export const untouchedCount = (c: ShiftCount) => !isMoved(c) && c.degenerateMoved === 0;

export function toolVerdict(t: ToolScore): RichText {
  const moved = t.byNormalisation.filter((c) => c.normalization !== "none" && isMoved(c)).sort((x, y) => Math.abs(y.worst?.rel_shift ?? 0) - Math.abs(x.worst?.rel_shift ?? 0));
  const still = t.byNormalisation.filter((c) => c.normalization !== "none" && untouchedCount(c));
  const out: RichText = [code(t.tool), ` (${t.subjects} subject${t.subjects === 1 ? "" : "s"}): `];
  if (!moved.length) out.push("moved ", bold("no meaningful feature"), " under any normalisation");
  else {
    out.push(
      "moved features in the ROI by ",
      ...listOf(moved.map((c) => (c.worst ? ["up to ", bold(pct(Math.abs(c.worst.rel_shift), 3, false)), " with ", bold(c.normalization)] : ["from zero with ", bold(c.normalization)]))),
    );
  }
  if (still.length) out.push("; ", ...listOf(still.map((c) => [bold(c.normalization)])), " left every feature unchanged in every subject");
  const worst = moved[0]?.worst;
  if (worst) out.push(`. Largest: ${worst.feature} (${worst.ibsi_code}, ${worst.config}) in ${worst.subject} under ${moved[0].normalization}, ${pct(worst.rel_shift)}`);
  const face = t.residual_face_mean_percent === null ? "not measured" : `${num(t.residual_face_mean_percent, 3)} % mean, ${num(t.residual_face_max_percent, 3)} % max`;
  const brain = t.brain_intrusion_mm3_total === null ? "not measured" : `${num(t.brain_intrusion_mm3_total, 4)} mm³ in total`;
  out.push(`. Residual face ${face}; brain removed ${brain}.`);
  const degenerate = t.byNormalisation.reduce((n, c) => n + c.degenerateMoved, 0);
  if (degenerate) out.push(` Not counted: ${degenerate} features under degenerate discretisations (too few or too sparse grey levels) moved too.`);
  return out;
}

/** The normalisations under which no tool moved any feature in any subject. */
export function safeNormalisations(report: CompareReport): string[] {
  return report.normalisations.filter(
    (n) => n !== "none" && report.scorecard.every((t) => t.byNormalisation.every((c) => c.normalization !== n || untouchedCount(c))),
  );
}
