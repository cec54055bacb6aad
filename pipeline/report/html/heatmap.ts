import type { TopLevelSpec } from "vega-lite";
import type { RunReport } from "../runReport.js";
import { chartFigure, chartSvg, type ChartRenderer } from "./charts.js";
import { pct, section } from "./format.js";
import { absRel, byFamily, byNormalisation, defacedConditions, degenerateShift, shiftsOf, ZERO_SHIFT } from "./summary.js";

/** Colour bands of max |rel_shift|: a log-like scale a reader can name ("1–5 %"). */
export const SHIFT_BANDS: { label: string; upTo: number; color: string }[] = [
  { label: "unchanged (< 10⁻¹⁰ %)", upTo: ZERO_SHIFT, color: "#f2f2f2" },
  { label: "< 0.01 %", upTo: 1e-4, color: "#fee8c8" },
  { label: "0.01–0.1 %", upTo: 1e-3, color: "#fdd49e" },
  { label: "0.1–1 %", upTo: 1e-2, color: "#fdbb84" },
  { label: "1–5 %", upTo: 0.05, color: "#fc8d59" },
  { label: "5–20 %", upTo: 0.2, color: "#e34a33" },
  { label: "≥ 20 %", upTo: Infinity, color: "#b30000" },
];
const UNDEFINED_BAND = { label: "undefined (NaN)", color: "#ffffff" };
/** Cells whose discretisation is degenerate: their shift, however large, is shown grey and in brackets. */
export const DEGENERATE_BAND = { label: "degenerate discretisation", color: "#c8c8c8" };

export function shiftBand(x: number): string {
  if (Number.isNaN(x)) return UNDEFINED_BAND.label;
  return (SHIFT_BANDS.find((b) => x <= b.upTo) ?? SHIFT_BANDS[SHIFT_BANDS.length - 1]).label;
}

interface Cell {
  row: string;
  normalization: string;
  value: number;
  band: string;
  label: string;
  dark: boolean;
}

/** max |rel_shift| per (family · configuration) x normalisation for one defaced condition. */
export function heatmapCells(report: RunReport, condition: string): Cell[] {
  const groups = new Map<string, { family: string; config: string; normalization: string; max: number; degenerate: boolean }>();
  for (const s of shiftsOf(report)) {
    if (s.condition !== condition) continue;
    const key = `${s.family}\u0000${s.config}\u0000${s.normalization}`;
    const g = groups.get(key) ?? { family: s.family, config: s.config, normalization: s.normalization, max: NaN, degenerate: false };
    if (degenerateShift(s)) g.degenerate = true;
    const r = absRel(s);
    if (!Number.isNaN(r) && !(r <= g.max)) g.max = r;
    groups.set(key, g);
  }
  const darkFrom = SHIFT_BANDS.findIndex((b) => b.label === "5–20 %");
  return [...groups.values()]
    .sort((x, y) => byFamily(x.family, y.family) || x.config.localeCompare(y.config) || byNormalisation(x.normalization, y.normalization))
    .map((g) => {
      const band = g.degenerate ? DEGENERATE_BAND.label : shiftBand(g.max);
      const label = Number.isNaN(g.max) ? "NaN" : g.max <= ZERO_SHIFT ? "0" : pct(g.max, 2, false);
      return {
        row: `${g.family} (${g.config})`,
        normalization: g.normalization,
        value: g.max,
        band,
        label: g.degenerate ? `(${label})` : label,
        dark: SHIFT_BANDS.findIndex((b) => b.label === band) >= darkFrom,
      };
    });
}

/** Section 2: a heatmap per defaced condition (drawn all at once: a worker may draw them in parallel). */
export async function heatmapSection(report: RunReport, render: ChartRenderer = chartSvg): Promise<string> {
  const pending: Promise<string>[] = [];
  for (const condition of defacedConditions(report)) {
    const cells = heatmapCells(report, condition);
    if (!cells.length) continue;
    const rows = [...new Set(cells.map((c) => c.row))];
    const norms = [...new Set(cells.map((c) => c.normalization))].sort(byNormalisation);
    const bands = [...SHIFT_BANDS, UNDEFINED_BAND, ...(cells.some((c) => c.band === DEGENERATE_BAND.label) ? [DEGENERATE_BAND] : [])];
    const values = cells.map((c) => ({ ...c, value: Number.isFinite(c.value) ? c.value : null }));
    const spec: TopLevelSpec = {
      title: { text: `Largest |rel_shift| by feature family and normalisation: ${condition}`, subtitle: "per family, the largest relative shift over its features" },
      data: { values },
      width: Math.max(300, 92 * norms.length),
      height: 24 * rows.length,
      encoding: {
        x: { field: "normalization", type: "nominal", sort: norms, title: "normalisation", axis: { orient: "top", labelAngle: 0, labelFontSize: 11 } },
        y: { field: "row", type: "nominal", sort: rows, title: "feature family (configuration)", axis: { labelLimit: 400 } },
      },
      layer: [
        {
          mark: { type: "rect", stroke: "white", strokeWidth: 1 },
          encoding: {
            color: {
              field: "band",
              type: "ordinal",
              title: "max |rel_shift|",
              scale: { domain: bands.map((b) => b.label), range: bands.map((b) => b.color) },
              legend: { values: bands.map((b) => b.label), symbolType: "square", symbolStrokeColor: "#999", symbolStrokeWidth: 0.5 },
            },
          },
        },
        {
          mark: { type: "text", fontSize: 11 },
          encoding: {
            text: { field: "label" },
            color: { condition: { test: "datum.dark", value: "white" }, value: "#222" },
          },
        },
      ],
    };
    pending.push(
      chartFigure(
        spec,
        `Each cell is the largest |rel_shift| = |defaced − original| / |original| among the features of a family in one configuration, under one normalisation (${condition}). ` +
          "Grey cells in brackets: a degenerate discretisation (fewer than 8 grey levels in the ROI, or fewer than 2 voxels per level), whose shifts measure bin edges, not the ROI. " +
          "Empty cells: that combination was not computed (a fixed bin size in raw intensities means nothing).",
        render,
      ),
    );
  }
  const figures = await Promise.all(pending);
  if (!figures.length) return "";
  return section(
    "heatmap",
    "Where features moved",
    `<p>Which families move depends on the normalisation and the discretisation: read a row to compare normalisations, a column to compare families.</p>\n${figures.join("\n")}`,
  );
}

