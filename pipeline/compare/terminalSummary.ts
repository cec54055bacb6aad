import { byNormalisation } from "../report/html/summary.js";
import { num } from "../report/html/format.js";
import { plainTable } from "../report/plainTable.js";
import { listOf, toPlain } from "../report/richText.js";
import type { CompareReport } from "./compareReport.js";
import { safeNormalisations } from "./verdict.js";

/**
 * The verdict of `compare` on one screen, printed when it ends: per tool, what it left of the face,
 * what it removed of the brain and how many meaningful features it moved by more than 5 % under
 * each normalisation (report.md's verdict, condensed).
 */
export function compareTerminalSummary(report: CompareReport): string[] {
  const tools = report.scorecard;
  if (!tools.length) return [];
  const norms = [...new Set(tools.flatMap((t) => t.byNormalisation.map((c) => c.normalization)))].sort(byNormalisation);
  let dagger = false;
  const cell = (tool: (typeof tools)[number], n: string) => {
    const c = tool.byNormalisation.find((x) => x.normalization === n);
    if (!c) return "–";
    const mark = c.degenerateMoved > 0 ? " †" : "";
    dagger ||= mark !== "";
    return `${c.over5Percent} of ${c.features}${mark}`;
  };
  const rows = [
    ["", ...tools.map((t) => t.tool)],
    ["residual face (mean)", ...tools.map((t) => (t.residual_face_mean_percent === null ? "–" : `${num(t.residual_face_mean_percent, 3)} %`))],
    ["brain removed (total)", ...tools.map((t) => (t.brain_intrusion_mm3_total === null ? "–" : `${num(t.brain_intrusion_mm3_total, 4)} mm³`))],
    ...norms.map((n) => [n, ...tools.map((t) => cell(t, n))]),
  ];
  const out = [
    "",
    `Defacing tools over ${report.subjects.length} subject${report.subjects.length === 1 ? "" : "s"}: per normalisation, the features moved by more than 5 % in some subject, of those compared`,
    ...plainTable(rows).map((l) => `  ${l}`),
  ];
  if (dagger) out.push("† features under a degenerate discretisation (fewer than 8 grey levels in the ROI, or fewer than 2 voxels per level) moved as well; not counted.");
  const safe = safeNormalisations(report);
  out.push(
    safe.length
      ? `Avoid it: under ${toPlain(listOf(safe.map((n) => [n])))} no tool moved any feature; normalise defaced images with ${safe.includes("zscore-unmasked") ? "zscore-unmasked" : safe[0]}.`
      : "Avoid it: every normalisation moved some feature; add zscore-unmasked (the volume outside the face masks) to --normalisations.",
  );
  if (report.cohort.available) out.push(`Robust features (ICC lower 95 % bound > ${report.cohort.robust_icc_lower}) per tool and family: report.md; every feature: cohort_stats.csv.`);
  out.push("The verdict per tool, in words, opens report.md.");
  return out;
}
