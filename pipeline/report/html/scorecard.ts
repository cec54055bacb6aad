import { escapeHtml, num, pct, section } from "./format.js";
import { byNormalisation, ZERO_SHIFT } from "./summary.js";
import type { ScorecardEntry } from "./types.js";

type PerNormalisation = ScorecardEntry["byNormalisation"][number];

function shiftCell(n: PerNormalisation | undefined): string {
  if (!n) return `<td class="n">–</td>`;
  const cls = n.over5Percent ? "bad" : n.over1Percent ? "warn" : "good";
  const worst =
    n.worstFeature && n.worstRelShift !== undefined && Math.abs(n.worstRelShift) > ZERO_SHIFT
      ? `<br><span class="muted small">worst: ${escapeHtml(n.worstFeature)} ${pct(n.worstRelShift)}</span>`
      : `<br><span class="muted small">nothing moved</span>`;
  const degenerate = n.degenerateMoved ? `<br><span class="muted small">not counted: ${n.degenerateMoved} degenerate moved</span>` : "";
  return `<td class="sc"><span class="${cls}">${n.over1Percent} / ${n.over5Percent}</span> <span class="muted">of ${n.features}</span>${worst}${degenerate}</td>`;
}

/**
 * Section 7a: one column per defacing tool (tools are few, normalisations many): privacy (residual
 * face), safety (brain intrusion), and per normalisation how many features moved by more than
 * 1 % / 5 %, with the worst.
 */
export function scorecardSection(scorecard: readonly ScorecardEntry[] | undefined): string {
  if (!scorecard?.length) return "";
  const norms = [...new Set(scorecard.flatMap((t) => t.byNormalisation.map((n) => n.normalization)))].sort(byNormalisation);
  const opt = (x: number | null | undefined, unit: string, digits: number) => (x === undefined || x === null ? "–" : `${num(x, digits)} ${unit}`);
  const row = (label: string, cells: string[]) => `<tr><th class="rowhead">${label}</th>${cells.join("")}</tr>`;
  const rows = [
    row("subjects", scorecard.map((t) => `<td class="sc">${t.subjects ?? "–"}</td>`)),
    row("residual face<br><span class=\"muted small\">% of facial surface left</span>", scorecard.map((t) => `<td class="sc">${opt(t.residualFacePercent, "%", 3)}</td>`)),
    row("brain intrusion<br><span class=\"muted small\">brain volume removed</span>", scorecard.map((t) => `<td class="sc">${opt(t.brainIntrusionMm3, "mm³", 4)}</td>`)),
    ...norms.map((n) =>
      row(
        `<code>${escapeHtml(n)}</code><br><span class="muted small">features &gt; 1 % / &gt; 5 %</span>`,
        scorecard.map((t) => shiftCell(t.byNormalisation.find((x) => x.normalization === n))),
      ),
    ),
  ];
  return section(
    "scorecard",
    "Defacing tools compared",
    `<p>Privacy: the residual face, the facial skin surface a tool left in place (lower is better). Safety: the brain volume it removed. ` +
      `Then, per normalisation, the number of features whose |rel_shift| exceeds 1 % / 5 %, of all compared, and the worst feature; ` +
      `features under a degenerate discretisation (fewer than 8 grey levels in the ROI, or fewer than 2 voxels per level) are not counted.</p>\n` +
      `<div class="scroll"><table class="scorecard"><thead><tr><th></th>${scorecard.map((t) => `<th class="tool">${escapeHtml(t.tool)}</th>`).join("")}</tr></thead>\n` +
      `<tbody>${rows.join("\n")}</tbody></table></div>`,
  );
}
