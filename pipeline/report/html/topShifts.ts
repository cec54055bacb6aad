import type { RunReport } from "../runReport.js";
import { degenerateGroups, degenerateReason } from "../verdict.js";
import { escapeHtml, num, pct, section, table } from "./format.js";
import { absRel, degenerateShift, shiftsOf, ZERO_SHIFT, type ReportShift } from "./summary.js";
import { featureUnit, normalisedUnit } from "./units.js";

/**
 * The `count` largest finite meaningful |rel_shift|, ties in report order; unchanged, undefined and
 * degenerate ones (too few or too sparse grey levels) never.
 */
export function mostShifted(shifts: readonly ReportShift[], count: number): ReportShift[] {
  return shifts
    .map((s, i) => ({ s, i, r: absRel(s) }))
    .filter((x) => Number.isFinite(x.r) && x.r > ZERO_SHIFT && !degenerateShift(x.s))
    .sort((x, y) => y.r - x.r || x.i - y.i)
    .slice(0, count)
    .map((x) => x.s);
}

/** Features whose original value was 0 and whose defaced value is not: relative shift ∞. */
export const shiftedFromZero = (shifts: readonly ReportShift[]): ReportShift[] => shifts.filter((s) => absRel(s) === Infinity);

/** A prediction cell: the value, ≈ the value when an assumption may not hold, or "no closed form". */
export function predictionText(s: ReportShift, format: (x: number) => string): string {
  const p = s.predicted_defaced;
  if (p === undefined || Number.isNaN(p)) return "no closed form";
  return s.prediction === "approximate" ? `≈ ${format(p)}` : format(p);
}

/** Section 3: the most shifted meaningful features, with their units and, when present, the prediction; the degenerate ones apart. */
export function topShiftsSection(report: RunReport, count = 25): string {
  const shifts = shiftsOf(report);
  const top = mostShifted(shifts, count);
  const withPrediction = shifts.some((s) => s.predicted_defaced !== undefined || s.behaviour !== undefined);
  const fromZero = shiftedFromZero(shifts).filter((s) => !degenerateShift(s));
  const apart = degenerateTable(report);
  if (!top.length && !fromZero.length) {
    return section("most-shifted", "Most shifted features", `<p>No meaningful feature moved (every |rel_shift| &lt; 10⁻¹²).</p>${apart}`);
  }
  const unit = report.image.intensity_unit;
  const header = ["condition<br><span class=\"muted\">normalisation · config</span>", "feature<br><span class=\"muted\">IBSI code · family</span>", "unit", "original", "defaced", "abs_shift", "rel_shift"];
  if (withPrediction) header.push("predicted defaced", "behaviour");
  const rows = top.map((s) => {
    const aggregation = s.aggregation_code && s.aggregation_code !== "DHQ4" ? ` · ${escapeHtml(s.aggregation_code)}` : "";
    const row = [
      `${escapeHtml(s.condition)}<br><span class="muted">${escapeHtml(s.normalization)} · ${escapeHtml(s.config)}</span>`,
      `${escapeHtml(s.feature)}<br><span class="code">${escapeHtml(s.ibsi_code)}${aggregation} · ${escapeHtml(s.family)}</span>`,
      escapeHtml(featureUnit(s.family, s.ibsi_code, normalisedUnit(s.normalization, unit))),
      num(s.original, 6),
      num(s.defaced, 6),
      num(s.abs_shift, 4),
      `<b>${pct(s.rel_shift)}</b>`,
    ];
    if (withPrediction) row.push(escapeHtml(predictionText(s, (x) => num(x, 6))), escapeHtml(s.behaviour ?? "–"));
    return row;
  });
  return section(
    "most-shifted",
    "Most shifted features",
    `<p>The ${top.length} largest meaningful relative shifts of this run (all ${shifts.length} are in <code>shifts.csv</code>; those under a degenerate discretisation are below the table). ` +
      `abs_shift = defaced − original in the feature's unit; rel_shift = abs_shift / |original|. Intensities are in ${escapeHtml(unit)} without normalisation, ` +
      `in units of the region's σ with a z-score, and in units of the head's P1–P99 range with <code>percentile</code>.</p>\n` +
      (rows.length ? table(header, rows, { numeric: [3, 4, 5, 6, ...(withPrediction ? [7] : [])], className: "shifts" }) : "") +
      fromZeroNote(fromZero) +
      apart,
  );
}

/** The degenerate discretisations: where, why, and how far their features moved (ranked apart from the table above). */
function degenerateTable(report: RunReport): string {
  const groups = degenerateGroups(report);
  if (!groups.length) return "";
  const rows = groups.map((g) => [
    `${escapeHtml(g.condition)}<br><span class="muted">${escapeHtml(g.normalization)} · ${escapeHtml(g.config)}</span>`,
    escapeHtml(g.status),
    escapeHtml(degenerateReason(g, report.image.intensity_unit)),
    `${g.moved} of ${g.shifts}`,
    Number.isNaN(g.maxAbs) ? "–" : pct(g.maxAbs, 3, false),
  ]);
  return (
    `<h3>Ranked apart: degenerate discretisations</h3>\n<p>Under these discretisations the ROI holds fewer than 8 grey levels (too coarse) or fewer than 2 voxels per grey level (too fine). ` +
    `Their histogram and texture features measure where the bin edges fall rather than the ROI, so their shifts, however large, are not ranked above or counted in the headline. They are in <code>shifts.csv</code> with <code>discretisation</code> = too-coarse or too-fine.</p>\n` +
    table(['condition<br><span class="muted">normalisation · config</span>', "status", "why", "features moved", "largest |rel_shift|"], rows, { numeric: [3, 4], className: "shifts" })
  );
}

/** Shifts from an original 0 have no finite relative size: listed apart, with their absolute shift. */
function fromZeroNote(rows: ReportShift[], shown = 8): string {
  if (!rows.length) return "";
  const items = rows
    .slice(0, shown)
    .map((s) => `${escapeHtml(s.feature)} (${escapeHtml(s.condition)}, ${escapeHtml(s.normalization)}, ${escapeHtml(s.config)}): 0 → ${num(s.defaced, 5)}`);
  const more = rows.length > shown ? `, and ${rows.length - shown} more in <code>shifts.csv</code>` : "";
  return `<p class="muted">${rows.length} feature value${rows.length === 1 ? "" : "s"} moved away from an original value of 0 (relative shift ∞, not ranked above): ${items.join("; ")}${more}.</p>`;
}
