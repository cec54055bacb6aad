import type { TopLevelSpec } from "vega-lite";
import { escapeHtml } from "./format.js";

/**
 * vega and vega-lite take about half a second to load: only a command that draws a chart loads
 * them, when it draws its first one (a report without charts, or another command, never does).
 */
let renderer: Promise<{ vega: typeof import("vega"); vegaLite: typeof import("vega-lite") }> | undefined;
export const loadChartRenderer = () => (renderer ??= Promise.all([import("vega"), import("vega-lite")]).then(([vega, vegaLite]) => ({ vega, vegaLite })));

/** Starts loading vega now (a caller whose thread would otherwise wait, e.g. compare while its workers run the subjects). */
export function preloadChartRenderer(): void {
  loadChartRenderer().catch(() => {}); // a failure surfaces again at the first chart
}

/** Shared look of every chart: readable fonts, no chart-level padding surprises. */
const CONFIG = {
  font: "Helvetica, Arial, sans-serif",
  background: "white",
  title: { fontSize: 14, anchor: "start" as const, offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, titlePadding: 8 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 260 },
  view: { stroke: "#ccc" },
};

/** What draws a chart: chartSvg here, or the same on a worker thread (run's pool). */
export type ChartRenderer = (spec: TopLevelSpec) => Promise<string>;

/** Compiles a vega-lite spec and renders it to an SVG string in Node (no browser, no JavaScript in the page). */
export async function chartSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, vegaLite } = await loadChartRenderer();
  const compiled = vegaLite.compile({ ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** A chart in its figure, with a caption that says how to read it. */
export async function chartFigure(spec: TopLevelSpec, caption: string, render: ChartRenderer = chartSvg): Promise<string> {
  const svg = await render(spec);
  return `<figure class="chart">\n${svg}\n<figcaption>${escapeHtml(caption)}</figcaption>\n</figure>`;
}
