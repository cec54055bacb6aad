import { num } from "./html/format.js";
import { untouched } from "./html/summary.js";
import { normalisedUnit } from "./html/units.js";
import { plainTable } from "./plainTable.js";
import { listOf, toPlain, code } from "./richText.js";
import type { RunReport } from "./runReport.js";
import { matrixCell, shiftMatrix } from "./shiftMatrix.js";
import { degenerateGroups } from "./verdict.js";

/**
 * The verdict of `run` on one screen, printed when it ends: the largest meaningful shift per
 * normalisation and condition, why, what avoids it, and what was not counted (the same facts as
 * report.md's verdict, verdict.ts, condensed).
 */
export function runTerminalSummary(report: RunReport): string[] {
  const m = shiftMatrix(report);
  if (!m.conditions.length) return [];
  const out = ["", "What defacing did to the ROI's features: the largest meaningful |rel_shift| per normalisation and condition"];
  out.push(...plainTable([["normalisation", ...m.conditions], ...m.rows.map((r) => [r.normalization, ...r.cells.map(matrixCell)])]).map((l) => `  ${l}`));
  const degenerate = degenerateGroups(report).filter((g) => g.moved > 0);
  if (degenerate.length) {
    const configs = [...new Set(degenerate.map((g) => g.config))];
    const where = configs.map((c) => `${c} with ${toPlain(listOf([...new Set(degenerate.filter((g) => g.config === c).map((g) => g.normalization))].map((n) => [n])))}`);
    out.push(`† not counted: shifts under ${where.join("; ")}, where the ROI holds fewer than 8 grey levels (or fewer than 2 voxels per level): report.md, "Degenerate discretisations".`);
  }

  const unit = report.image.intensity_unit;
  // Why: the normalisations that moved, with the map of the first condition under the first of them.
  const movedNorms = m.rows.filter((r) => r.cells.some((c) => c && !untouched(c))).map((r) => r.normalization);
  const first = report.result.maps.find((x) => x.condition === m.conditions[0] && movedNorms.includes(x.normalization) && x.normalization !== "none");
  if (first) {
    out.push(
      `Why: ${toPlain(listOf(movedNorms.map((n) => [code(n)])))} take${movedNorms.length === 1 ? "s" : ""} their statistics from a region that lost the face, so every ROI voxel moved by ` +
        `Ĩ_d = a·Ĩ + b${report.result.roiOverlap.every((o) => o.voxels === 0) ? " although none changed" : ""} (e.g. ${first.normalization}, ${first.condition}: a = ${num(first.a, 5)}, b = ${num(first.b, 4)} ${normalisedUnit(first.normalization, unit)}).`,
    );
  }
  // Avoid: the normalisations under which nothing moved in any condition.
  const safe = m.rows.filter((r) => r.normalization !== "none" && r.cells.every((c) => !c || untouched(c))).map((r) => r.normalization);
  out.push(
    safe.length
      ? `Avoid it: ${toPlain(listOf(safe.map((n) => [n])))} leave${safe.length === 1 ? "s" : ""} every feature unchanged under every condition; normalise defaced images with ${safe.includes("zscore-unmasked") ? "zscore-unmasked" : safe[0]}.`
      : "Avoid it: no normalisation of this run is shift-free; add zscore-unmasked (the volume outside the face mask) to --normalisations.",
  );
  out.push("The verdict per condition, in words, opens report.md and report.html.");
  return out;
}
