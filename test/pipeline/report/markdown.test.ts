import { beforeAll, describe, expect, it } from "vitest";
import { reportHtml } from "../../../pipeline/report/html/reportHtml.js";
import { reportMarkdown } from "../../../pipeline/report/markdown.js";
import { toHtml, toMarkdown, toPlain } from "../../../pipeline/report/richText.js";
import type { RunReport } from "../../../pipeline/report/runReport.js";
import { conditionVerdicts } from "../../../pipeline/report/verdict.js";
import { syntheticReport } from "./reportFixture.js";

describe("report.md", () => {
  let report: RunReport;
  let md: string;
  let html: string;
  beforeAll(async () => {
    ({ report } = await syntheticReport({ predictions: true }));
    md = reportMarkdown(report);
    html = await reportHtml(report);
  });

  it("escapes a subject name that looks like markup", () => {
    expect(md.split("\n")[0]).toBe('# deface-impact report: synthetic \\<head> & "friends"');
  });

  it("opens with the verdict of the HTML report, condition by condition, then the summary, then the appendix", () => {
    const headings = md.split("\n").filter((l) => l.startsWith("## ")).map((l) => l.slice(3));
    expect(headings.slice(0, 4)).toEqual(["Warnings", "Verdict", "Summary", "Appendix: every shift that moved"]);
    const verdicts = conditionVerdicts(report);
    expect(verdicts.map((v) => v.condition)).toEqual(["defaced-zero", "defaced-air"]);
    for (const v of verdicts) {
      for (const text of [v.lead, v.whatMoved!, v.notCounted!, v.why!, v.avoid!]) {
        expect(toPlain(text).length).toBeGreaterThan(40);
        expect(md).toContain(toMarkdown(text));
        expect(html).toContain(toHtml(text));
      }
    }
    expect(md.indexOf("### Condition `defaced-zero`")).toBeLessThan(md.indexOf("## Summary"));
  });

  it("names each statistic with its unit in its cell: μ, σ for z-scores, P1, P99 − P1 for percentile", () => {
    const row = (n: string) => md.split("\n").find((l) => l.startsWith(`| \`defaced-zero\` | ${n} |`))!;
    expect(row("zscore-global")).toMatch(/\| μ −?[\d.,]+ → −?[\d.,]+ HU \| σ [\d.,]+ → [\d.,]+ HU \| [\d.]+ \| −?[\d.e-]+ σ \|$/);
    expect(row("percentile")).toMatch(/\| P1 −?[\d.,]+ → −?[\d.,]+ HU \| P99 − P1 [\d.,]+ → [\d.,]+ HU \| [\d.]+ \| −?[\d.e-]+ P1–P99 range \|$/);
    expect(md).not.toMatch(/μ original \(HU\)/);
  });

  it("writes 'no closed form' where there is none, and the unit of every value", () => {
    const appendix = md.slice(md.indexOf("## Appendix"));
    const rows = appendix.split("\n").filter((l) => l.startsWith("| defaced-"));
    const moved = report.result.shifts.filter((s) => s.abs_shift !== 0 && !Number.isNaN(s.abs_shift));
    expect(rows).toHaveLength(moved.length);
    const cells = (l: string) => l.slice(2, -2).split(" | ");
    for (const l of rows) {
      const c = cells(l);
      if (c[12] === "discretisation-dependent") expect(c[11]).toBe("no closed form");
      if (c[12] === "equivariant") expect(c[11]).toMatch(/^−?[\d.,e+-]+$/);
      expect(c[11]).not.toBe("NaN");
    }
    const energy = rows.map(cells).find((c) => c[0] === "defaced-zero" && c[1] === "zscore-global" && c[4] === "N8CA")!;
    expect(energy[6]).toBe("σ²");
    const mean = rows.map(cells).find((c) => c[0] === "defaced-zero" && c[1] === "zscore-global" && c[4] === "Q4LE")!;
    expect(mean[6]).toBe("σ");
    // the degenerate rows are marked
    expect(rows.map(cells).some((c) => c[2] === "fbs0.02" && c[1] === "zscore-global" && c[13] === "**too-coarse**")).toBe(true);
  });

  it("lists the degenerate discretisations with the reason in words", () => {
    expect(md).toMatch(/\| `defaced-zero` \| zscore-global \| fbs0\.02 \| too-coarse \| the ROI holds 6 grey levels, 7 after defacing: its intensities span 0\.119 σ, 6 bin widths of 0\.02 σ \| \d+ of 125 \| [\d.,]+ % \|/);
    expect(md).not.toMatch(/\| `defaced-zero` \| zscore-brain \| fbs0\.02 \|/);
  });
});
