import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeNifti } from "../../../pipeline/io/nifti.js";
import { executeRun } from "../../../pipeline/run/executeRun.js";
import { resolveSettings } from "../../../pipeline/settings/resolveSettings.js";
import { syntheticSubject } from "../report/reportFixture.js";

describe("deface-impact run writes report.html", () => {
  const dir = mkdtempSync(join(tmpdir(), "deface-impact-run-html-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("beside report.md, with the ROI histograms of every normalisation", async () => {
    const subject = syntheticSubject();
    const { image } = subject;
    const face = new Uint8Array(subject.roi.length);
    for (const i of subject.conditions[0].indices) face[i] = 1;
    const grid = { dims: image.dims, spacing: image.spacing, affine: image.affine };
    writeNifti(join(dir, "head.nii.gz"), image);
    writeNifti(join(dir, "roi.nii.gz"), { ...grid, data: subject.roi });
    writeNifti(join(dir, "face.nii.gz"), { ...grid, data: face });
    const out = join(dir, "out");
    const settings = resolveSettings({
      flags: {
        input: { image: join(dir, "head.nii.gz"), roi: join(dir, "roi.nii.gz"), subject: "e2e" },
        defacing: { faceMask: join(dir, "face.nii.gz"), fills: ["zero"] },
        normalisation: { methods: ["none", "zscore-global", "zscore-unmasked"] },
        processing: { discretisation: ["fbn16"] },
        output: { dir: out },
      },
    });
    await executeRun(settings, { threads: 1, warn: () => {} });
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect([...html.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1])).toEqual([
      "headline",
      "heatmap",
      "most-shifted",
      "predictions",
      "histograms",
      "renders",
      "reproducibility",
    ]);
    // The defacing step's renders inline: front and side (each before | after | residual face, one
    // camera) and the mid-sagittal overlay.
    expect(html.match(/<img [^>]*src="data:image\/png;base64,/g)?.length).toBe(3);
    expect(html).toMatch(/alt="[^"]*front[^"]*"/);
    expect(html).toMatch(/alt="[^"]*side[^"]*"/);
    // One heatmap, the prediction scatter, one histogram chart per normalisation.
    expect(html.split('<figure class="chart">').length - 1).toBe(1 + 1 + 3);
    expect(html).toContain("ROI intensities: zscore-unmasked");
    expect(html).toMatch(/<b>zscore-unmasked<\/b> leaves every feature unchanged/);
    // The input hashes of report.json appear in the reproducibility section.
    const json = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as { inputs: { sha256: string }[] };
    for (const i of json.inputs) expect(html).toContain(i.sha256);
  });
});
