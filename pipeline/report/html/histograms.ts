import type { TopLevelSpec } from "vega-lite";
import type { RunReport } from "../runReport.js";
import { chartFigure, chartSvg, type ChartRenderer } from "./charts.js";
import { section } from "./format.js";
import { byNormalisation } from "./summary.js";
import type { RoiHistogram } from "./types.js";
import { normalisedUnit } from "./units.js";

const SERIES_COLOURS = ["#222222", "#d7301f", "#2b8cbe", "#31a354", "#984ea3", "#ff7f00"];

/** Section 5: the ROI's normalised intensity histograms, original vs every defaced condition (drawn all at once). */
export async function histogramsSection(report: RunReport, histograms: readonly RoiHistogram[] | undefined, render: ChartRenderer = chartSvg): Promise<string> {
  const usable = (histograms ?? []).filter((h) => h.edges.length > 1).sort((x, y) => byNormalisation(x.normalization, y.normalization));
  if (!usable.length) return "";
  const pending: Promise<string>[] = [];
  for (const h of usable) {
    const unit = normalisedUnit(h.normalization, report.image.intensity_unit);
    const conditions = h.series.map((s) => s.condition);
    const values = h.series.flatMap((s) =>
      s.counts.map((count, k) => ({ condition: s.condition, x: (h.edges[k] + h.edges[k + 1]) / 2, count })),
    );
    const spec: TopLevelSpec = {
      title: { text: `ROI intensities: ${h.normalization}`, subtitle: `${conditions.length} conditions, ${h.edges.length - 1} equal bins` },
      data: { values },
      width: 330,
      height: 190,
      mark: { type: "line", interpolate: "step", strokeWidth: 1.5 },
      encoding: {
        x: { field: "x", type: "quantitative", title: `normalised intensity (${unit})`, scale: { zero: false, nice: false } },
        y: { field: "count", type: "quantitative", title: "ROI voxels" },
        color: {
          field: "condition",
          type: "nominal",
          title: "condition",
          scale: { domain: conditions, range: SERIES_COLOURS.slice(0, Math.max(1, conditions.length)) },
        },
        // Same field as colour: vega-lite merges the two into one legend.
        strokeDash: { field: "condition", type: "nominal", title: "condition", scale: { domain: conditions, range: conditions.map((_, i) => (i === 0 ? [1, 0] : [5, 3])) } },
      },
    };
    pending.push(chartFigure(spec, `${h.normalization}: the ROI's voxels after normalisation, original (solid) and defaced (dashed), in ${unit}; identical curves overlap.`, render));
  }
  const figures = await Promise.all(pending);
  return section(
    "histograms",
    "ROI intensity histograms",
    `<p>The ROI's voxels are the same in every condition; a normalisation whose statistics changed slides and stretches the whole histogram (the map Ĩ<sub>d</sub> = a·Ĩ + b).</p>\n<div class="grid">${figures.join("\n")}</div>`,
  );
}
