import type { ConditionMap } from "../../run/subject.js";
import type { RunReport } from "../runReport.js";
import { escapeHtml, num, pct, section, table } from "./format.js";
import { defacedConditions, moved, shiftsOf, summariseCondition, type NormalisationSummary } from "./summary.js";
import { featureUnit, normalisedUnit } from "./units.js";

/** The region each normalisation draws its statistics from, and the subscript of its μ and σ. */
const REGIONS: Record<string, { region: string; short: string; sub: string }> = {
  "zscore-global": { region: "the whole volume", short: "whole volume", sub: "g" },
  "zscore-foreground": { region: "the head (foreground) mask", short: "head mask", sub: "head" },
  "zscore-brain": { region: "the brain mask", short: "brain mask", sub: "brain" },
  "zscore-unmasked": { region: "the volume outside every face mask, the same voxels before and after defacing", short: "outside the face masks", sub: "u" },
  "zscore-roi": { region: "the ROI", short: "ROI", sub: "ROI" },
  percentile: { region: "the head's 1st–99th percentiles", short: "head P1–P99", sub: "P" },
  none: { region: "no region: raw intensities", short: "raw intensities", sub: "" },
};
const regionOf = (n: string) => REGIONS[n] ?? { region: "its region", short: "its region", sub: "" };

const b = (html: string) => `<b>${html}</b>`;
const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
const list = (items: string[]) =>
  items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;

/** Section 1: in words, what moved, by how much and why, and which normalisation avoids it. */
export function headlineSection(report: RunReport): string {
  const shifts = shiftsOf(report);
  const parts = defacedConditions(report).map((condition) => conditionHeadline(report, condition, summariseCondition(shifts, condition)));
  return section("headline", "What defacing changed, and why", parts.join("\n"));
}

function conditionHeadline(report: RunReport, condition: string, summaries: NormalisationSummary[]): string {
  const unit = report.image.intensity_unit;
  const info = report.conditions.find((c) => c.name === condition);
  const maps = report.result.maps.filter((m) => m.condition === condition);
  const normalised = summaries.filter((s) => s.normalization !== "none" && s.compared > 0);
  // Largest finite shift first; shifts from an original 0 (relative ∞) say little about size.
  const shifted = normalised.filter(moved).sort((x, y) => (Number.isNaN(y.maxAbs) ? -1 : y.maxAbs) - (Number.isNaN(x.maxAbs) ? -1 : x.maxAbs));
  const zero = normalised.filter((s) => !moved(s));
  const none = summaries.find((s) => s.normalization === "none");
  const overlap = report.result.roiOverlap.find((o) => o.condition === condition)?.voxels ?? 0;

  const out: string[] = [`<div class="headline">`, `<h3>Condition ${code(condition)}</h3>`];
  const removed = info
    ? ` (${escapeHtml(info.description)}: ${info.voxels_replaced.toLocaleString("en-US")} voxels, ${num(info.volume_replaced_mm3, 4)} mm³ replaced)`
    : "";

  if (!shifted.length) {
    out.push(`<p class="lead">Defacing${removed} moved ${b("no feature")} in the ROI under any normalisation (every |rel_shift| &lt; 10⁻¹²).</p>`);
    out.push(mapTable(report, maps, summaries), "</div>");
    return out.join("\n");
  }
  // The one explained in words: the whole-image z-score when it moved (what most pipelines use), else the worst.
  const culprit = shifted.find((s) => s.normalization === "zscore-global") ?? shifted[0];

  const byHowMuch = (s: NormalisationSummary) =>
    Number.isNaN(s.maxAbs) ? `from zero with ${b(escapeHtml(s.normalization))}` : `up to ${b(pct(s.maxAbs, 3, false))} with ${b(escapeHtml(s.normalization))}`;
  const avoid = zero.length
    ? `${list(zero.map((s) => b(escapeHtml(s.normalization))))} leave${zero.length === 1 ? "s" : ""} every feature unchanged`
    : "no normalisation of this run avoids it";
  out.push(`<p class="lead">Defacing moved radiomic features in the ROI by ${list(shifted.map(byHowMuch))}; ${avoid}.</p>`);

  // What moved.
  const w = culprit.worst;
  const wUnit = w ? featureUnit(w.family, w.ibsi_code, normalisedUnit(w.normalization, unit)) : "–";
  const u = (x: number) => `${num(x, 5)}${wUnit === "–" ? "" : " " + escapeHtml(wUnit)}`;
  const fromZero = culprit.fromZero
    ? ` ${culprit.fromZero} feature${culprit.fromZero === 1 ? "" : "s"} moved away from an original value of 0 (relative shift ∞).`
    : "";
  out.push(
    `<p><span class="tag">What moved</span> With ${code(culprit.normalization)}, ${culprit.over1Percent} of ${culprit.compared} features shifted by more than 1 % ` +
      `(${culprit.over5Percent} by more than 5 %).` +
      (w
        ? ` The largest relative shift is ${b(escapeHtml(w.feature))} (${escapeHtml(w.ibsi_code)}, ${escapeHtml(w.family)}, ${escapeHtml(w.config)}): ` +
          `${u(w.original)} → ${u(w.defaced)}, ${pct(w.rel_shift)}.`
        : "") +
      `${fromZero}${meanSentence(report, condition, culprit.normalization, overlap === 0)}</p>`,
  );

  // Why: the culprit's region statistics and the affine map.
  const map = maps.find((m) => m.normalization === culprit.normalization);
  const roiText =
    overlap > 0
      ? `Defacing replaced ${overlap} of the ROI's ${report.result.roiVoxels} voxels (allowed by --allow-roi-overlap).`
      : `Defacing did not touch the ROI (0 of its ${report.result.roiVoxels.toLocaleString("en-US")} voxels replaced).`;
  if (map) {
    const { region, sub } = regionOf(map.normalization);
    const s = sub ? `<sub>${escapeHtml(sub)}</sub>` : "";
    const stats =
      map.normalization === "percentile"
        ? `the 1st percentile went from ${num(map.original.mean, 6)} to ${num(map.defaced.mean, 6)} ${escapeHtml(unit)} and the P1–P99 range from ${num(map.original.sd, 6)} to ${num(map.defaced.sd, 6)} ${escapeHtml(unit)}`
        : `μ${s} went from ${b(`${num(map.original.mean, 6)} → ${num(map.defaced.mean, 6)} ${escapeHtml(unit)}`)} and σ${s} from ${b(`${num(map.original.sd, 6)} → ${num(map.defaced.sd, 6)} ${escapeHtml(unit)}`)}`;
    const bUnit = normalisedUnit(map.normalization, unit);
    out.push(
      `<p><span class="tag">Why</span> ${roiText} But ${code(map.normalization)} normalises with statistics of ${escapeHtml(region)}, which lost the face: ${stats}${/\.(<\/b>)?$/.test(stats) ? "" : "."} ` +
        `So every normalised voxel of the ROI, however far from the face, moved by the affine map ${b(
          `Ĩ<sub>d</sub> = a·Ĩ + b with a = ${num(map.a, 6)} and b = ${num(map.b, 4)} ${escapeHtml(bUnit)}`,
        )}. ` +
        `An affine map shifts the mean and scales the spread (and every intensity feature with them), leaves skewness, kurtosis and fixed-bin-number (fbn) textures unchanged, ` +
        `and re-cuts fixed-bin-size (fbs) bins, so those textures move too.</p>`,
    );
  } else {
    out.push(`<p><span class="tag">Why</span> ${roiText}</p>`);
  }

  // What avoids it.
  const avoidText = zero.length
    ? `${list(zero.map((s) => code(s.normalization)))} draw${zero.length === 1 ? "s" : ""} μ and σ from a region defacing does not change: every feature's |rel_shift| is below 10⁻¹² there. Use ${code(
        zero.find((s) => s.normalization === "zscore-unmasked")?.normalization ?? zero[0].normalization,
      )} to normalise defaced images.`
    : `No normalisation of this run is shift-free; add ${code("zscore-unmasked")} (the volume outside the face mask, the same for both images) to the normalisation methods.`;
  const noneText = none && none.compared > 0 && !moved(none) ? " Without normalisation (none) nothing moves either: the ROI's raw intensities are untouched." : "";
  out.push(`<p><span class="tag">What avoids it</span> ${avoidText}${noneText}</p>`);
  out.push(mapTable(report, maps, summaries), "</div>");
  return out.join("\n");
}

/** Per normalisation: its region's μ and σ before and after, the map a, b, and how far features moved. */
function mapTable(report: RunReport, maps: ConditionMap[], summaries: NormalisationSummary[]): string {
  const unit = escapeHtml(report.image.intensity_unit);
  const rows = summaries.map((s) => {
    const m = maps.find((x) => x.normalization === s.normalization);
    const pair = (x?: number, y?: number) => (x === undefined ? "–" : `${num(x, 5)} → ${num(y, 5)}`);
    return [
      code(s.normalization),
      escapeHtml(regionOf(s.normalization).short),
      pair(m?.original.mean, m?.defaced.mean),
      pair(m?.original.sd, m?.defaced.sd),
      m ? num(m.a, 7) : "–",
      m ? `${num(m.b, 4)} ${escapeHtml(normalisedUnit(s.normalization, report.image.intensity_unit))}` : "–",
      `${Number.isNaN(s.maxAbs) ? "–" : pct(s.maxAbs, 3, false)}${s.fromZero ? `<br><span class="muted small">${s.fromZero} from 0</span>` : ""}`,
      `${s.over1Percent} of ${s.compared}`,
    ];
  });
  return table(
    ["normalisation", "statistics from", `μ (${unit}) original → defaced`, `σ (${unit}) original → defaced`, "a", "b", "max |rel_shift|", "|rel_shift| > 1 %"],
    rows,
    {
      numeric: [2, 3, 4, 5, 6, 7],
      className: "maps",
      caption: `Ĩ<sub>d</sub> = a·Ĩ + b maps a ROI voxel's normalised intensity in the original image to the defaced one. For ${code(
        "percentile",
      )}, μ is the 1st percentile and σ the P1–P99 range.`,
    },
  );
}

/** The ROI's mean intensity before and after, the simplest witness of the map: m_d = a·m + b. */
function meanSentence(report: RunReport, condition: string, normalization: string, untouched: boolean): string {
  const mean = report.result.shifts.find(
    (s) => s.condition === condition && s.normalization === normalization && s.ibsi_code === "Q4LE" && s.family === "intensity_statistics",
  );
  if (!mean || !Number.isFinite(mean.original)) return "";
  const unit = escapeHtml(normalisedUnit(normalization, report.image.intensity_unit));
  return ` The ROI's mean intensity went from ${num(mean.original, 5)} to ${num(mean.defaced, 5)} ${unit} (${pct(mean.rel_shift)})${untouched ? ", although none of its voxels changed" : ""}.`;
}
