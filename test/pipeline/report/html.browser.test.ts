import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { reportHtml } from "../../../pipeline/report/html/reportHtml.js";
import { launchChromium } from "../../browser.js";
import { syntheticExtras, syntheticReport } from "./reportFixture.js";

describe("report.html in a real browser", () => {
  it("renders every chart and image, logs no error, requests nothing but itself; saves a screenshot", async () => {
    const { report, input } = await syntheticReport({ predictions: true });
    const html = await reportHtml(report, syntheticExtras(report, input));
    const dir = mkdtempSync(join(tmpdir(), "deface-impact-html-"));
    const file = join(dir, "report.html");
    writeFileSync(file, html);
    const url = pathToFileURL(file).href;
    const expectedCharts = html.split('<figure class="chart">').length - 1;
    const expectedImages = html.split("<img ").length - 1;
    expect(expectedCharts).toBeGreaterThanOrEqual(10); // 2 heatmaps, 1 prediction scatter, 7 histograms
    expect(expectedImages).toBe(3);

    const { context, close } = await launchChromium();
    try {
      const requests: string[] = [];
      const errors: string[] = [];
      context.on("request", (r) => requests.push(r.url()));
      const page = await context.newPage();
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
      await page.goto(url, { waitUntil: "load" });

      const charts = await page.$$eval("figure.chart svg", (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          return { width: box.width, height: box.height, marks: svg.querySelectorAll("path, rect, line, text").length };
        }),
      );
      expect(charts).toHaveLength(expectedCharts);
      for (const c of charts) {
        expect(c.width).toBeGreaterThan(100);
        expect(c.height).toBeGreaterThan(100);
        expect(c.marks).toBeGreaterThan(10);
      }
      const images = await page.$$eval("img", (imgs) =>
        imgs.map((img) => ({ complete: img.complete, naturalWidth: img.naturalWidth, width: img.getBoundingClientRect().width })),
      );
      expect(images).toHaveLength(expectedImages);
      for (const img of images) {
        expect(img.complete).toBe(true);
        expect(img.naturalWidth).toBeGreaterThan(0);
        expect(img.width).toBeGreaterThan(0);
      }
      // Every section the extras fill is on the page.
      const ids = await page.$$eval("section", (s) => s.map((x) => x.id));
      expect(ids).toEqual(["headline", "heatmap", "most-shifted", "predictions", "histograms", "renders", "scorecard", "cohort", "reproducibility"]);

      const shot = join(dir, "report-screenshot.png");
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
      expect(readFileSync(shot).subarray(1, 4).toString()).toBe("PNG");
      const keep = process.env.DEFACE_IMPACT_SCREENSHOT_DIR;
      if (keep) {
        mkdirSync(keep, { recursive: true });
        copyFileSync(shot, join(keep, "report-screenshot.png"));
        copyFileSync(file, join(keep, "report.html"));
        console.log(`report screenshot: ${resolve(keep, "report-screenshot.png")}`);
      }

      expect(errors).toEqual([]);
      expect(requests.filter((r) => !r.startsWith("data:"))).toEqual([url]);
    } finally {
      await close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
