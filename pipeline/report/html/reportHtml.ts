import { runtimeLabel } from "../software.js";
import type { RunReport } from "../runReport.js";
import { cohortSection } from "./cohort.js";
import { escapeHtml, num } from "./format.js";
import { headlineSection } from "./headline.js";
import { heatmapSection } from "./heatmap.js";
import { histogramsSection } from "./histograms.js";
import { predictionsSection } from "./predictions.js";
import { rendersSection } from "./renders.js";
import { reproducibilitySection } from "./reproducibility.js";
import { scorecardSection } from "./scorecard.js";
import { STYLE } from "./style.js";
import { topShiftsSection } from "./topShifts.js";
import type { ChartRenderer } from "./charts.js";
import type { ChartSections, ReportExtras } from "./types.js";

export type { ChartSections, ReportExtras } from "./types.js";

/**
 * The sections with charts, every chart started at once: with `render` on worker threads they are
 * drawn in parallel, and a caller can start them before the rest of the report is ready.
 */
export async function chartSections(report: RunReport, histograms: ReportExtras["histograms"], render?: ChartRenderer): Promise<ChartSections> {
  const [heatmap, predictions, histogramCharts] = await Promise.all([
    heatmapSection(report, render),
    predictionsSection(report, render),
    histogramsSection(report, histograms, render),
  ]);
  return { heatmap, predictions, histograms: histogramCharts };
}

const TITLES: Record<string, string> = {
  headline: "What changed",
  heatmap: "Where",
  "most-shifted": "Most shifted",
  predictions: "Predicted vs observed",
  histograms: "Histograms",
  renders: "Renders",
  scorecard: "Tools",
  cohort: "Cohort",
  reproducibility: "Reproducibility",
};

/**
 * report.html: one self-contained file (inline CSS, charts as inline SVG rendered here with
 * vega, pictures as data: URIs; no script, no external reference), so it opens offline and
 * can be mailed or archived as is. Sections whose data are absent are left out.
 */
export async function reportHtml(report: RunReport, extras: ReportExtras = {}): Promise<string> {
  const { result, image } = report;
  const charts = await (extras.charts ?? chartSections(report, extras.histograms));
  const sections = [
    headlineSection(report),
    charts.heatmap,
    topShiftsSection(report),
    charts.predictions,
    charts.histograms,
    rendersSection(extras.renders),
    scorecardSection(extras.scorecard),
    cohortSection(extras.cohort),
    reproducibilitySection(report, extras.acquisition),
  ].filter((s) => s.length > 0);
  const ids = sections.map((s) => /^<section id="([^"]+)"/.exec(s)?.[1] ?? "");
  const nav = ids.filter((id) => TITLES[id]).map((id) => `<a href="#${id}">${escapeHtml(TITLES[id])}</a>`).join("");
  const warnings = report.warnings.length
    ? `<div class="warnings"><b>Warnings</b><ul>${report.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join("")}</ul></div>`
    : "";
  const title = `deface-impact report: ${result.subject}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(image.modality)} image of ${image.dims.join("×")} voxels, ${image.spacing_mm.map((s) => num(s, 4)).join("×")} mm, intensities in ${escapeHtml(
    image.intensity_unit,
  )}; ROI of ${result.roiVoxels.toLocaleString("en-US")} voxels; ${report.conditions.length} defaced condition${report.conditions.length === 1 ? "" : "s"}.</p>
</header>
<nav>${nav}</nav>
${warnings}
${sections.join("\n\n")}
<footer>deface-impact ${escapeHtml(report.software.deface_impact)} · ${escapeHtml(runtimeLabel(report.software))} · the numbers behind this page are in report.json, features.csv and shifts.csv beside it.</footer>
</main>
</body>
</html>
`;
}
