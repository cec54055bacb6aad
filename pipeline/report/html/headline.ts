import type { ConditionMap } from "../../run/subject.js";
import { toHtml, type RichText } from "../richText.js";
import type { RunReport } from "../runReport.js";
import { conditionVerdicts, mapStatistics, regionOf, type ConditionVerdict } from "../verdict.js";
import { escapeHtml, num, pct, section, table } from "./format.js";
import type { NormalisationSummary } from "./summary.js";
import { normalisedUnit } from "./units.js";

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
const paragraph = (tag: string, text: RichText | undefined) => (text ? `<p><span class="tag">${tag}</span> ${toHtml(text)}</p>` : "");

/** Section 1: the verdict (verdict.ts) per condition: what moved, what was not counted, why, and what avoids it. */
export function headlineSection(report: RunReport): string {
  const parts = conditionVerdicts(report).map((v) => conditionHeadline(report, v));
  return section("headline", "What defacing changed, and why", parts.join("\n"));
}

function conditionHeadline(report: RunReport, v: ConditionVerdict): string {
  const maps = report.result.maps.filter((m) => m.condition === v.condition);
  return [
    `<div class="headline">`,
    `<h3>Condition ${code(v.condition)}</h3>`,
    `<p class="lead">${toHtml(v.lead)}</p>`,
    paragraph("What moved", v.whatMoved),
    paragraph("Not counted", v.notCounted),
    paragraph("Why", v.why),
    paragraph("What avoids it", v.avoid),
    mapTable(report, maps, v.summaries),
    "</div>",
  ]
    .filter(Boolean)
    .join("\n");
}

/** Per normalisation: its region's statistics before and after, the map a, b, and how far features moved. */
function mapTable(report: RunReport, maps: ConditionMap[], summaries: NormalisationSummary[]): string {
  const unit = report.image.intensity_unit;
  const rows = summaries.map((s) => {
    const m = maps.find((x) => x.normalization === s.normalization);
    const stats = m ? mapStatistics(m, unit) : undefined;
    return [
      code(s.normalization),
      escapeHtml(regionOf(s.normalization).short),
      stats ? escapeHtml(stats.centre) : "–",
      stats ? escapeHtml(stats.spread) : "–",
      m ? num(m.a, 7) : "–",
      m ? `${num(m.b, 4)} ${escapeHtml(normalisedUnit(s.normalization, unit))}` : "–",
      `${Number.isNaN(s.maxAbs) ? "–" : pct(s.maxAbs, 3, false)}${s.fromZero ? `<br><span class="muted small">${s.fromZero} from 0</span>` : ""}`,
      `${s.over1Percent} of ${s.compared}`,
      s.degenerate ? `${s.degenerateMoved} of ${s.degenerate}${s.degenerateMoved ? `<br><span class="muted small">up to ${pct(s.degenerateMaxAbs, 3, false)}</span>` : ""}` : "–",
    ];
  });
  return table(
    ["normalisation", "statistics from", "centre: original → defaced", "spread: original → defaced", "a (unitless)", "b", "max |rel_shift|", "|rel_shift| > 1 %", "degenerate: moved"],
    rows,
    {
      numeric: [4, 5, 6, 7, 8],
      className: "maps",
      caption:
        "Ĩ<sub>d</sub> = a·Ĩ + b maps a ROI voxel's normalised intensity in the original image to the defaced one; b is in the normalised unit. " +
        "A z-score's centre is the region's mean μ and its spread the standard deviation σ; <code>percentile</code>'s are the head's 1st percentile P1 and the range P99 − P1. " +
        "The shift columns count the meaningful features; the last column, the features under a degenerate discretisation (too few or too sparse grey levels), not counted before it.",
    },
  );
}
