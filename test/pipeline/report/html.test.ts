import { beforeAll, describe, expect, it } from "vitest";
import { escapeHtml, num, pct } from "../../../pipeline/report/html/format.js";
import { DEGENERATE_BAND, heatmapCells } from "../../../pipeline/report/html/heatmap.js";
import { pngSize } from "../../../pipeline/report/html/renders.js";
import { chartSections, reportHtml } from "../../../pipeline/report/html/reportHtml.js";
import { chartSvg } from "../../../pipeline/report/html/charts.js";
import { mostShifted } from "../../../pipeline/report/html/topShifts.js";
import type { RunReport } from "../../../pipeline/report/runReport.js";
import type { SubjectInput } from "../../../pipeline/run/runSubject.js";
import { syntheticExtras, syntheticReport, testPng } from "./reportFixture.js";

const sectionIds = (html: string) => [...html.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]);

/** Attributes or CSS that would make the browser fetch something. */
function externalReferences(html: string): string[] {
  const refs = [...html.matchAll(/\b(?:src|href|xlink:href|action|poster|srcset)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]);
  const css = [...html.matchAll(/url\(([^)]*)\)|@import/gi)].map((m) => m[0]);
  return [...refs.filter((r) => !r.startsWith("data:image/png;base64,") && !r.startsWith("#")), ...css];
}

describe("HTML report builder", () => {
  let report: RunReport;
  let input: SubjectInput;
  let plain: string;
  beforeAll(async () => {
    ({ report, input } = await syntheticReport());
    plain = await reportHtml(report);
  });

  it("escapes every text it inserts", () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
    // The subject, a warning and a settings value carry markup: it shows as text, never as elements.
    expect(plain).toContain("synthetic &lt;head&gt; &amp; &quot;friends&quot;");
    expect(plain).not.toContain("synthetic <head>");
    expect(plain).toContain("a test warning with &lt;markup&gt;");
    expect(plain).not.toContain("<markup>");
    expect(plain).toContain("&lt;b&gt;not bold&lt;/b&gt;");
    expect(plain).not.toContain("<b>not bold</b>");
  });

  it("formats numbers and percentages with signs and units", () => {
    expect(num(-0.000012346)).toBe("−1.235e-5");
    expect(num(Infinity)).toBe("∞");
    expect(num(373393.2)).toBe("373,393");
    expect(num(2.5e13)).toBe("2.500e+13");
    expect(pct(Infinity, 3, false)).toBe("∞");
    expect(pct(0.0123)).toBe("+1.23 %");
    expect(pct(-0.5, 3, false)).toBe("−50 %");
  });

  it("is one self-contained document: no script, no external reference", () => {
    expect(plain.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(plain).not.toMatch(/<script/i);
    expect(plain).not.toMatch(/<link/i);
    expect(externalReferences(plain)).toEqual([]);
    // http(s) appears only as SVG namespace names, which are never fetched.
    const withoutNamespaces = plain.replace(/xmlns(?::xlink)?="[^"]*"/g, "");
    expect(withoutNamespaces).not.toMatch(/https?:\/\//);
  });

  it("leaves out the sections whose data are absent", () => {
    expect(sectionIds(plain)).toEqual(["headline", "heatmap", "most-shifted", "reproducibility"]);
    expect(plain).not.toContain("<img");
    // Without predictions the shift table has no prediction columns.
    expect(plain).not.toContain("predicted defaced");
  });

  it("says in the headline what moved, the map, and which normalisation avoids it", () => {
    const headline = /<section id="headline">([\s\S]*?)<\/section>/.exec(plain)![1];
    const global = report.result.maps.find((m) => m.condition === "defaced-zero" && m.normalization === "zscore-global")!;
    expect(headline).toMatch(/by up to <b>[^<]+ %<\/b> with <b>zscore-global<\/b>/);
    expect(headline).toContain(`${num(global.original.mean, 6)} → ${num(global.defaced.mean, 6)} HU`);
    expect(headline).toContain(`${num(global.original.sd, 6)} → ${num(global.defaced.sd, 6)} HU`);
    expect(headline).toContain(`a = ${num(global.a, 6)} and b = ${num(global.b, 4)} σ`);
    expect(headline).toMatch(/<b>zscore-unmasked<\/b>[^.]*leave every feature unchanged/);
    const mean = report.result.shifts.find((s) => s.condition === "defaced-zero" && s.normalization === "zscore-global" && s.ibsi_code === "Q4LE")!;
    expect(headline).toContain(`mean intensity went from ${num(mean.original, 5)} to ${num(mean.defaced, 5)} σ`);
    expect(headline).toContain("Use <code>zscore-unmasked</code> to normalise defaced images");
  });

  it("recommends zscore-unmasked when no normalisation of the run avoids the shift", async () => {
    const keep = (n: string) => n === "none" || n === "zscore-global";
    const narrowed: RunReport = {
      ...report,
      result: { ...report.result, shifts: report.result.shifts.filter((s) => keep(s.normalization)), maps: report.result.maps.filter((m) => keep(m.normalization)) },
    };
    const html = await reportHtml(narrowed);
    expect(html).toContain("No normalisation of this run is shift-free; add <code>zscore-unmasked</code>");
    expect(html).not.toMatch(/leaves? every feature unchanged/);
  });

  it("says nothing moved when no feature shifted", async () => {
    const still: RunReport = {
      ...report,
      result: { ...report.result, shifts: report.result.shifts.filter((s) => s.normalization === "zscore-unmasked") },
    };
    const html = await reportHtml(still);
    expect(html).toContain("moved <b>no feature</b> in the ROI");
    expect(html).toContain("No meaningful feature moved (every |rel_shift| &lt; 10⁻¹²)");
  });

  it("heatmap cells: zero for zscore-unmasked, non-zero intensity statistics for zscore-global", () => {
    const cells = heatmapCells(report, "defaced-zero");
    const unmasked = cells.filter((c) => c.normalization === "zscore-unmasked");
    expect(unmasked.length).toBeGreaterThan(5);
    // fbs0.02 leaves the ROI 6 grey levels under zscore-unmasked: a degenerate cell, grey and in brackets
    for (const c of unmasked) expect(c.label).toBe(c.row.endsWith("(fbs0.02)") ? "(0)" : "0");
    for (const c of unmasked) expect(c.band === DEGENERATE_BAND.label).toBe(c.row.endsWith("(fbs0.02)"));
    const stats = cells.find((c) => c.normalization === "zscore-global" && c.row === "intensity_statistics (nodisc)")!;
    const expected = Math.max(
      ...report.result.shifts
        .filter((s) => s.condition === "defaced-zero" && s.normalization === "zscore-global" && s.family === "intensity_statistics")
        .map((s) => Math.abs(s.rel_shift))
        .filter((x) => !Number.isNaN(x)),
    );
    expect(stats.value).toBe(expected);
    expect(stats.value).toBeGreaterThan(0.01);
    // fixed bin number textures are invariant under the affine map
    expect(cells.find((c) => c.normalization === "zscore-global" && c.row === "glcm (fbn16)")!.label).toBe("0");
  });

  it("lists the most shifted features largest first, without unchanged, undefined or degenerate ones", () => {
    const top = mostShifted(report.result.shifts, 25);
    expect(top.length).toBe(25);
    for (let i = 1; i < top.length; i++) expect(Math.abs(top[i - 1].rel_shift)).toBeGreaterThanOrEqual(Math.abs(top[i].rel_shift));
    for (const s of top) expect(Math.abs(s.rel_shift)).toBeGreaterThan(1e-12);
    expect(top.some((s) => s.normalization === "zscore-unmasked")).toBe(false);
    expect(top.some((s) => s.discretisation === "too-coarse" || s.discretisation === "too-fine")).toBe(false);
  });

  it("ranks degenerate discretisations apart: the headline is the largest meaningful shift, the rest counted beside it with the reason", () => {
    const global = report.result.shifts.filter((s) => s.condition === "defaced-zero" && s.normalization === "zscore-global" && Number.isFinite(s.rel_shift));
    const degenerate = global.filter((s) => s.discretisation === "too-coarse");
    // fbs0.02 of σ_global cuts the ROI's 0.12 σ into 6 levels; fbn16 and the nodisc families are meaningful
    expect(new Set(degenerate.map((s) => s.config))).toEqual(new Set(["fbs0.02"]));
    const largest = (rows: typeof global) => Math.max(...rows.map((s) => Math.abs(s.rel_shift)));
    const meaningful = largest(global.filter((s) => s.discretisation !== "too-coarse"));
    expect(largest(degenerate)).toBeGreaterThan(meaningful);
    const headline = /<section id="headline">([\s\S]*?)<\/section>/.exec(plain)![1];
    const lead = new RegExp(`up to <b>([^<]+) %</b> with <b>zscore-global</b>`).exec(headline)!;
    expect(Number(lead[1])).toBeCloseTo(100 * meaningful, Math.max(0, 2 - Math.floor(Math.log10(100 * meaningful))));
    expect(headline).toMatch(/<span class="tag">Not counted<\/span> \d+ features under degenerate discretisations moved by up to [^ ]+ % and are ranked apart: <code>fbs0\.02<\/code> with <code>zscore-global<\/code> \(the ROI holds 6 grey levels: its intensities span 0\.119 σ, 6 bin widths of 0\.02 σ\)/);
    const most = /<section id="most-shifted">([\s\S]*?)<\/section>/.exec(plain)![1];
    expect(most).toContain("Ranked apart: degenerate discretisations");
    expect(most).toMatch(/defaced-zero<br><span class="muted">zscore-global · fbs0\.02<\/span><\/td><td>too-coarse<\/td><td>the ROI holds 6 grey levels/);
  });

  it("shows every optional section when its data are given", async () => {
    const { report: predicted } = await syntheticReport({ predictions: true });
    const extras = syntheticExtras(predicted, input);
    const html = await reportHtml(predicted, extras);
    expect(sectionIds(html)).toEqual([
      "headline",
      "heatmap",
      "most-shifted",
      "predictions",
      "histograms",
      "renders",
      "scorecard",
      "cohort",
      "reproducibility",
    ]);
    expect(html.split('<figure class="chart">').length - 1).toBe(2 + 1 + extras.histograms!.length);
    expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(extras.renders!.length);
    expect(html).toContain("predicted defaced");
    expect(html).toContain("tool-0 &lt;defaced-zero&gt;");
    expect(html).toContain("Synthetic 9000");
    expect(externalReferences(html)).toEqual([]);
    // The prediction table reports how closely the equivariant features matched.
    const equivariant = /<td>equivariant<\/td><td class="n">(\d+)<\/td><td class="n">(\d+)<\/td><td class="n">([^<]+)<\/td>/.exec(html)!;
    expect(Number(equivariant[2])).toBeGreaterThan(0);
    expect(Number(equivariant[3].replace("−", "-"))).toBeLessThan(1e-9);
  });

  it("takes chart sections drawn earlier by another renderer (run's workers), every chart asked for at once", async () => {
    const { report: predicted } = await syntheticReport({ predictions: true });
    const extras = syntheticExtras(predicted, input);
    let asked = 0;
    const charts = chartSections(predicted, extras.histograms, async (spec) => {
      asked++;
      await new Promise((resolve) => setTimeout(resolve, 5)); // a worker's round trip
      return chartSvg(spec);
    });
    // every chart is asked for at once, before any comes back: a worker pool can draw them together
    expect(asked).toBe(2 + 1 + extras.histograms!.length);
    const early = await reportHtml(predicted, { ...extras, charts });
    expect(early).toBe(await reportHtml(predicted, extras));
  });

  it("reads PNG sizes and refuses anything else as a render", () => {
    expect(pngSize(testPng(30, 20, 1), "x")).toEqual({ width: 30, height: 20 });
    expect(() => pngSize(new Uint8Array(40), "bad")).toThrow(/render "bad" is not a PNG/);
  });
});
