import type { GreyLevelSummary } from "../../analysis/processing/greyLevels.js";
import { num, pct } from "./html/format.js";
import {
  byNormalisation,
  defacedConditions,
  degenerateShift,
  absRel,
  moved,
  shiftsOf,
  summariseCondition,
  untouched,
  ZERO_SHIFT,
  type NormalisationSummary,
} from "./html/summary.js";
import { featureUnit, normalisedUnit } from "./html/units.js";
import { bold, code, listOf, sub, type RichText } from "./richText.js";
import type { RunReport } from "./runReport.js";

/**
 * The verdict of a run, per defaced condition, in words: what moved (the largest meaningful shift),
 * what was not counted and why (degenerate discretisations), why it moved (the normalisation's
 * statistics and the affine map a, b) and what avoids it. Written once as rich text; report.html,
 * report.md and the terminal summary render the same sentences.
 */

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
export const regionOf = (n: string) => REGIONS[n] ?? { region: "its region", short: "its region", sub: "" };

export interface ConditionVerdict {
  condition: string;
  /** one sentence: how far meaningful features moved, under which normalisations, and which leave every feature unchanged. */
  lead: RichText;
  /** the shifts left out of the lead: degenerate discretisations, with the reason in words. */
  notCounted?: RichText;
  whatMoved?: RichText;
  why?: RichText;
  avoid?: RichText;
  /** per normalisation, the counts behind the sentences. */
  summaries: NormalisationSummary[];
}

/** A discretisation under which one condition's shifts are degenerate: where, why, and how far they moved. */
export interface DegenerateGroup {
  condition: string;
  normalization: string;
  config: string;
  status: "too-coarse" | "too-fine";
  /** shifts with a defined rel_shift, those that moved, and their largest finite |rel_shift| (NaN when none). */
  shifts: number;
  moved: number;
  maxAbs: number;
  /** how the discretisation cut the ROI in the original and the defaced image (absent in older reports). */
  original?: GreyLevelSummary;
  defaced?: GreyLevelSummary;
}

export function conditionVerdicts(report: RunReport): ConditionVerdict[] {
  const shifts = shiftsOf(report);
  return defacedConditions(report).map((condition) => conditionVerdict(report, condition, summariseCondition(shifts, condition)));
}

/** The degenerate discretisations of the run (or of one condition), in report order. */
export function degenerateGroups(report: RunReport, condition?: string): DegenerateGroup[] {
  const groups = new Map<string, DegenerateGroup>();
  for (const s of shiftsOf(report)) {
    if ((condition !== undefined && s.condition !== condition) || !degenerateShift(s)) continue;
    const key = `${s.condition}\u0000${s.normalization}\u0000${s.config}`;
    let g = groups.get(key);
    if (!g) {
      const levels = (c: string) => report.result.greyLevels?.find((x) => x.condition === c && x.normalization === s.normalization && x.config === s.config);
      g = { condition: s.condition, normalization: s.normalization, config: s.config, status: s.discretisation as DegenerateGroup["status"], shifts: 0, moved: 0, maxAbs: NaN, original: levels("original"), defaced: levels(s.condition) };
      groups.set(key, g);
    }
    const r = absRel(s);
    if (Number.isNaN(r)) continue;
    g.shifts++;
    if (r > ZERO_SHIFT) g.moved++;
    if (Number.isFinite(r) && !(r <= g.maxAbs)) g.maxAbs = r;
  }
  return [...groups.values()];
}

const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

/** Why a discretisation is degenerate, from the grey levels it left in the ROI, with units. */
export function degenerateReason(g: DegenerateGroup, imageUnit: string): string {
  const unit = normalisedUnit(g.normalization, imageUnit);
  const o = g.original;
  if (!o) return g.status === "too-coarse" ? "fewer than 8 grey levels in the ROI" : "fewer than 2 ROI voxels per grey level";
  const d = g.defaced;
  const range = o.max - o.min;
  const bins = `${num(range, 3)} ${unit}, ${num(range / o.binWidth, 2)} bin widths of ${num(o.binWidth, 3)} ${unit}`;
  if (g.status === "too-coarse") {
    const levels = `the ROI holds ${o.occupied} grey level${o.occupied === 1 ? "" : "s"}${d && d.occupied !== o.occupied ? `, ${d.occupied} after defacing` : ""}`;
    return g.config.startsWith("fbn") ? `${levels} of ${o.nLevels}` : `${levels}: its intensities span ${bins}`;
  }
  return `the ROI's ${plural(o.voxels, "voxel")} spread over ${plural(o.occupied, "grey level")}${d && d.occupied !== o.occupied ? `, ${d.occupied} after defacing` : ""}, ${num(o.voxels / o.occupied, 2)} per level: its intensities span ${bins}`;
}

function conditionVerdict(report: RunReport, condition: string, summaries: NormalisationSummary[]): ConditionVerdict {
  const unit = report.image.intensity_unit;
  const info = report.conditions.find((c) => c.name === condition);
  const normalised = summaries.filter((s) => s.normalization !== "none" && (s.compared > 0 || s.degenerate > 0));
  // Largest finite shift first; shifts from an original 0 (relative ∞) say little about size.
  const shifted = normalised.filter(moved).sort((x, y) => (Number.isNaN(y.maxAbs) ? -1 : y.maxAbs) - (Number.isNaN(x.maxAbs) ? -1 : x.maxAbs));
  const zero = normalised.filter(untouched);
  const none = summaries.find((s) => s.normalization === "none");
  const degenerate = degenerateGroups(report, condition).filter((g) => g.moved > 0);
  const removed: RichText = info
    ? [` (${info.description}: ${info.voxels_replaced.toLocaleString("en-US")} voxels, ${num(info.volume_replaced_mm3, 4)} mm³ replaced)`]
    : [];
  const notCounted = degenerate.length ? notCountedText(degenerate, unit) : undefined;

  if (!shifted.length) {
    const lead: RichText = degenerate.length
      ? ["Defacing", ...removed, " moved ", bold("no feature with a meaningful discretisation"), " in the ROI (every such |rel_shift| < 10⁻¹²); only features under degenerate discretisations changed."]
      : ["Defacing", ...removed, " moved ", bold("no feature"), " in the ROI under any normalisation (every |rel_shift| < 10⁻¹²)."];
    return { condition, lead, notCounted, summaries };
  }

  const byHowMuch = (s: NormalisationSummary): RichText =>
    Number.isNaN(s.maxAbs) ? ["from zero with ", bold(s.normalization)] : ["up to ", bold(pct(s.maxAbs, 3, false)), " with ", bold(s.normalization)];
  const avoided: RichText = zero.length
    ? [...listOf(zero.map((s) => [bold(s.normalization)])), zero.length === 1 ? " leaves" : " leave", " every feature unchanged"]
    : ["no normalisation of this run avoids it"];
  const lead: RichText = ["Defacing", ...removed, " moved radiomic features in the ROI by ", ...listOf(shifted.map(byHowMuch)), "; ", ...avoided, "."];

  // The one explained in words: the whole-image z-score when it moved (what most pipelines use), else the worst.
  const culprit = shifted.find((s) => s.normalization === "zscore-global") ?? shifted[0];
  const overlap = report.result.roiOverlap.find((o) => o.condition === condition)?.voxels ?? 0;
  return {
    condition,
    lead,
    notCounted,
    whatMoved: whatMovedText(report, condition, culprit, overlap === 0),
    why: whyText(report, condition, culprit.normalization, overlap),
    avoid: avoidText(zero, none),
    summaries,
  };
}

function whatMovedText(report: RunReport, condition: string, culprit: NormalisationSummary, untouchedRoi: boolean): RichText {
  const unit = report.image.intensity_unit;
  const w = culprit.worst;
  const out: RichText = [
    "With ",
    code(culprit.normalization),
    `, ${culprit.over1Percent} of ${culprit.compared} features shifted by more than 1 % (${culprit.over5Percent} by more than 5 %).`,
  ];
  if (w) {
    const wUnit = featureUnit(w.family, w.ibsi_code, normalisedUnit(w.normalization, unit));
    const u = (x: number) => `${num(x, 5)}${wUnit === "–" ? "" : " " + wUnit}`;
    out.push(" The largest meaningful relative shift is ", bold(w.feature), ` (${w.ibsi_code}, ${w.family}, ${w.config}): ${u(w.original)} → ${u(w.defaced)}, ${pct(w.rel_shift)}.`);
  }
  if (culprit.fromZero) out.push(` ${plural(culprit.fromZero, "feature")} moved away from an original value of 0 (relative shift ∞).`);
  const mean = report.result.shifts.find((s) => s.condition === condition && s.normalization === culprit.normalization && s.ibsi_code === "Q4LE" && s.family === "intensity_statistics");
  if (mean && Number.isFinite(mean.original)) {
    const mUnit = normalisedUnit(culprit.normalization, unit);
    out.push(` The ROI's mean intensity went from ${num(mean.original, 5)} to ${num(mean.defaced, 5)} ${mUnit} (${pct(mean.rel_shift)})${untouchedRoi ? ", although none of its voxels changed" : ""}.`);
  }
  return out;
}

function whyText(report: RunReport, condition: string, normalization: string, overlap: number): RichText {
  const unit = report.image.intensity_unit;
  const roi: RichText = [
    overlap > 0
      ? `Defacing replaced ${overlap} of the ROI's ${report.result.roiVoxels} voxels (allowed by --allow-roi-overlap).`
      : `Defacing did not touch the ROI (0 of its ${report.result.roiVoxels.toLocaleString("en-US")} voxels replaced).`,
  ];
  const map = report.result.maps.find((m) => m.condition === condition && m.normalization === normalization);
  if (!map) return roi;
  const { region, sub: s } = regionOf(map.normalization);
  const symbol = (name: string): RichText => (s ? [name, sub(s)] : [name]);
  const change = (x?: number, y?: number) => `${num(x, 6)} → ${num(y, 6)} ${unit}`;
  const stats: RichText =
    map.normalization === "percentile"
      ? ["the 1st percentile went from ", bold(change(map.original.mean, map.defaced.mean)), " and the P1–P99 range from ", bold(change(map.original.sd, map.defaced.sd))]
      : [...symbol("μ"), " went from ", bold(change(map.original.mean, map.defaced.mean)), " and ", ...symbol("σ"), " from ", bold(change(map.original.sd, map.defaced.sd))];
  return [
    ...roi,
    " But ",
    code(map.normalization),
    ` normalises with statistics of ${region}, which lost the face: `,
    ...stats,
    ". So every normalised voxel of the ROI, however far from the face, moved by the affine map ",
    bold(["Ĩ", sub("d"), ` = a·Ĩ + b with a = ${num(map.a, 6)} and b = ${num(map.b, 4)} ${normalisedUnit(map.normalization, unit)}`]),
    ". An affine map shifts the mean and scales the spread (and every intensity feature with them), leaves skewness, kurtosis and fixed-bin-number (fbn) textures unchanged, " +
      "and re-cuts fixed-bin-size (fbs) bins, so those textures move too.",
  ];
}

function avoidText(zero: NormalisationSummary[], none: NormalisationSummary | undefined): RichText {
  const noneText = none && none.compared + none.degenerate > 0 && untouched(none) ? " Without normalisation (none) nothing moves either: the ROI's raw intensities are untouched." : "";
  if (!zero.length) {
    return ["No normalisation of this run is shift-free; add ", code("zscore-unmasked"), " (the volume outside the face mask, the same for both images) to the normalisation methods.", noneText];
  }
  const use = zero.find((s) => s.normalization === "zscore-unmasked")?.normalization ?? zero[0].normalization;
  return [
    ...listOf(zero.map((s) => [code(s.normalization)])),
    zero.length === 1 ? " draws" : " draw",
    " μ and σ from a region defacing does not change: every feature's |rel_shift| is below 10⁻¹² there. Use ",
    code(use),
    " to normalise defaced images.",
    noneText,
  ];
}

/** The degenerate shifts of one condition: how many, how far, where, and why they mean nothing. */
function notCountedText(groups: DegenerateGroup[], imageUnit: string): RichText {
  const shifts = groups.reduce((n, g) => n + g.moved, 0);
  const maxAbs = groups.reduce((m, g) => (g.maxAbs > m || Number.isNaN(m) ? g.maxAbs : m), NaN);
  const ordered = [...groups].sort((x, y) => byNormalisation(x.normalization, y.normalization));
  const where = listOf(ordered.map((g) => [code(g.config), " with ", code(g.normalization), ` (${degenerateReason(g, imageUnit)})`]));
  const coarse = groups.some((g) => g.status === "too-coarse");
  const fine = groups.some((g) => g.status === "too-fine");
  const remedy = [
    coarse ? "a bin width well below the ROI's range in those units (8 grey levels or more) or a fixed bin number (fbn)" : "",
    fine ? "a wider bin, so each grey level holds several voxels" : "",
  ]
    .filter(Boolean)
    .join("; for the sparse ones, ");
  return [
    `${plural(shifts, "feature")} under degenerate discretisations moved`,
    Number.isNaN(maxAbs) ? "" : ` by up to ${pct(maxAbs, 3, false)}`,
    " and are ranked apart: ",
    ...where,
    ". " +
      (coarse ? "With so few grey levels a histogram or texture feature measures where a bin edge falls, not the ROI: the affine map moves voxels across an edge. " : "") +
      (fine ? "With about one voxel per grey level the texture matrices are mostly empty. " : "") +
      `For these features use ${remedy}.`,
  ];
}

/** A normalisation's statistics as self-describing cells: "μ −570.7 → −565 HU", "P1 −917 → −368 HU". */
export function mapStatistics(
  m: { normalization: string; original: { mean?: number; sd?: number }; defaced: { mean?: number; sd?: number } },
  unit: string,
): { centre: string; spread: string } | undefined {
  if (m.normalization === "none" || m.original.mean === undefined) return undefined;
  const [c, s] = m.normalization === "percentile" ? ["P1", "P99 − P1"] : ["μ", "σ"];
  const pair = (x?: number, y?: number) => `${num(x, 5)} → ${num(y, 5)} ${unit}`;
  return { centre: `${c} ${pair(m.original.mean, m.defaced.mean)}`, spread: `${s} ${pair(m.original.sd, m.defaced.sd)}` };
}
