import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHeadPhantom } from "../../../fixtures/phantom/makeHeadPhantom.js";
import { COHORT_LESION_CENTRES } from "../../../pipeline/compare/phantomCohort.js";
import { writeNifti } from "../../../pipeline/io/nifti.js";
import { writePhantom } from "../../../pipeline/io/phantomFiles.js";
import { SHIFT_COLUMNS } from "../../../pipeline/report/csv.js";
import { projectRoot } from "../../../pipeline/version.js";

/** The built CLI, as a user runs it (npm test builds dist/ first). */
const cli = (args: string[]) =>
  spawnSync(process.execPath, [join(projectRoot(), "dist", "pipeline", "cli", "main.js"), ...args], { encoding: "utf8" });

const csv = (path: string) => {
  const [header, ...lines] = readFileSync(path, "utf8").trim().split("\n");
  const columns = header.split(",");
  // no quoted commas in these files' numeric and name cells except feature names: split from the right is not needed
  return { columns, rows: lines.map((l) => Object.fromEntries(parseLine(l).map((v, i) => [columns[i], v]))) };
};
function parseLine(line: string): string[] {
  const out: string[] = [];
  let field = "", quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") (out.push(field), (field = ""));
    else field += ch;
  }
  out.push(field);
  return out;
}

describe("deface-impact compare (end to end, 3 small CT phantoms)", () => {
  const dir = mkdtempSync(join(tmpdir(), "compare-cli-"));
  const subjects = ["p1", "p2", "p3"];

  beforeAll(() => {
    const lines = ["subject,image,roi,brain_mask,face_mask,mask-min,shear,other"];
    subjects.forEach((s, i) => {
      // 64³ at 3 mm: a 192 mm field of view, the head at full size
      const p = makeHeadPhantom({ kind: "ct", seed: 21 + i, dims: [64, 64, 64], spacing: [3, 3, 3], lesion: { centerMm: COHORT_LESION_CENTRES[i] } });
      writePhantom(join(dir, s), p);
      // "another tool": the face set to the image's minimum, as builtin:mask:min does
      let min = Infinity;
      for (const v of p.image.data) if (v < min) min = v;
      const defaced = Int16Array.from(p.image.data);
      p.faceMask.forEach((m, v) => {
        if (m) defaced[v] = min;
      });
      writeNifti(join(dir, s, "other.nii.gz"), { ...p.image, data: defaced });
      lines.push(`${s},${s}/image.nii.gz,${s}/roi.nii.gz,${s}/brain_mask.nii.gz,${s}/face_mask.nii.gz,builtin:mask:min,builtin:shear:min,${s}/other.nii.gz`);
    });
    writeFileSync(join(dir, "cohort.csv"), lines.join("\n") + "\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes every output; zscore-unmasked does not move; the file tool matches the built-in mask", () => {
    const out = join(dir, "out");
    const r = cli(["compare", "--manifest", join(dir, "cohort.csv"), "--out", out, "--threads", "1", "--quiet"]);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual([".deface-impact-output.json", "cohort_stats.csv", "features.csv", "report.html", "report.json", "report.md", "scorecard.csv", "shifts.csv"]);
    expect(readdirSync(dir).filter((n) => n.includes(".partial-"))).toEqual([]);

    const shifts = csv(join(out, "shifts.csv"));
    expect(shifts.columns).toEqual([...SHIFT_COLUMNS]);
    expect(new Set(shifts.rows.map((s) => s.subject))).toEqual(new Set(subjects));
    expect(new Set(shifts.rows.map((s) => s.condition))).toEqual(new Set(["mask-min", "shear", "other"]));
    // zscore-unmasked (and zscore-brain: no tool reaches the brain) draw on regions defacing leaves alone
    const unmasked = shifts.rows.filter((s) => s.normalization === "zscore-unmasked" || s.normalization === "zscore-brain");
    expect(unmasked.length).toBeGreaterThan(200);
    for (const s of unmasked) expect(Math.abs(Number(s.rel_shift)) < 1e-12 || s.rel_shift === "NaN", `${s.subject} ${s.condition} ${s.feature}`).toBe(true);
    // zscore-global moves under every tool; the other tool's image equals builtin:mask:min, so its shifts do too
    const global = (tool: string) => shifts.rows.filter((s) => s.normalization === "zscore-global" && s.condition === tool);
    expect(global("mask-min").some((s) => Math.abs(Number(s.rel_shift)) > 0.01)).toBe(true);
    expect(global("other").map((s) => s.defaced)).toEqual(global("mask-min").map((s) => s.defaced));

    const features = csv(join(out, "features.csv"));
    expect(new Set(features.rows.map((f) => f.condition))).toEqual(new Set(["original", "mask-min", "shear", "other"]));

    const score = csv(join(out, "scorecard.csv"));
    const line = (tool: string, norm: string) => score.rows.find((s) => s.tool === tool && s.normalization === norm)!;
    for (const tool of ["mask-min", "shear", "other"]) {
      expect(line(tool, "zscore-unmasked")).toMatchObject({ subjects: "3", over_1_percent: "0", over_5_percent: "0", worst_feature: "" });
      expect(Number(line(tool, "zscore-global").over_1_percent)).toBeGreaterThan(0);
      expect(Number(line(tool, "zscore-global").residual_face_mean_percent)).toBeGreaterThanOrEqual(0);
      expect(line(tool, "zscore-global")).toMatchObject({ brain_intrusion_voxels_total: "0", brain_intrusion_worst_subject: "" });
    }
    expect(line("other", "zscore-global").over_1_percent).toBe(line("mask-min", "zscore-global").over_1_percent);

    const cohort = csv(join(out, "cohort_stats.csv"));
    expect(cohort.rows.length).toBeGreaterThan(100);
    const stat = cohort.rows.find((c) => c.tool === "mask-min" && c.normalization === "zscore-unmasked" && c.ibsi_code === "Q4LE")!;
    expect(stat).toMatchObject({ n: "3", icc: "1", icc_lower: "1", ba_bias: "0" });

    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.command).toBe("compare");
    expect(report.tools).toEqual(["mask-min", "shear", "other"]);
    expect(report.subjects.map((s: { subject: string }) => s.subject)).toEqual(subjects);
    expect(report.subjects[0].defacing.map((d: { condition: string }) => d.condition)).toEqual(["mask-min", "shear", "other"]);
    expect(report.inputs.manifest.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.cohort.available).toBe(true);
    expect(report.cohort.robust.length).toBeGreaterThan(0);
    const md = readFileSync(join(out, "report.md"), "utf8");
    expect(md).toMatch(/## Scorecard: privacy and safety/);
    expect(md).toMatch(/\| mask-min \| zscore-unmasked \| \d+ \| 0 \| 0 \| none moved \|/);
    expect(md).toMatch(/share of robust features/);
    // the verdict first: per tool how far it moved the meaningful features, what it left of the face
    expect(md.indexOf("## Verdict")).toBeLessThan(md.indexOf("## Scorecard: privacy and safety"));
    expect(md).toMatch(/- `mask-min` \(3 subjects\): moved features in the ROI by up to \*\*[\d.,]+ %\*\* with \*\*(zscore-global|zscore-foreground|percentile)\*\*/);
    expect(md).toMatch(/\*\*zscore-brain\*\*, \*\*zscore-unmasked\*\* and \*\*zscore-roi\*\*: no tool moved any feature in any subject/);
    // fbs0.1 of the whole head's σ leaves the lesion a grey level or two: counted apart, never the worst feature
    for (const row of score.rows.filter((s) => s.normalization === "zscore-global")) {
      expect(Number(row.degenerate_features)).toBeGreaterThan(0);
      expect(row.worst_config).not.toBe("fbs0.1");
    }
    // and the terminal summary says the same on one screen
    const screen = r.stdout.trim().split("\n");
    expect(screen.length).toBeLessThan(25);
    expect(screen.find((l) => l.trim().startsWith("zscore-unmasked"))!.trim()).toMatch(/^zscore-unmasked\s+0 of \d+\s+0 of \d+\s+0 of \d+$/);
    expect(r.stdout).toMatch(/Avoid it: under zscore-brain, zscore-unmasked and zscore-roi no tool moved any feature; normalise defaced images with zscore-unmasked\./);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toMatch(/<section id="scorecard"/);
    expect(html).toMatch(/<section id="cohort"/);
    expect(html).toMatch(/p1 \(first of 3 subjects; the Tools and Cohort sections cover all 3\)/);
    for (const tool of ["mask-min", "shear", "other"]) expect(html).toContain(`<th class="tool">${tool}</th>`);
  });

  it("says why cohort statistics are absent with fewer than 3 subjects", () => {
    const two = readFileSync(join(dir, "cohort.csv"), "utf8").trim().split("\n").slice(0, 3).join("\n") + "\n";
    writeFileSync(join(dir, "two.csv"), two.replace(/,other\n/, "\n").replace(/,p\d\/other\.nii\.gz/g, ""));
    const out = join(dir, "out2");
    const r = cli(["compare", "--manifest", join(dir, "two.csv"), "--out", out, "--threads", "1", "--quiet", "--configs", "fbn32", "--normalisations", "zscore-global"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/no cohort statistics: the manifest lists 2 subjects/);
    expect(readFileSync(join(out, "report.md"), "utf8")).toMatch(/Not computed: the manifest lists 2 subjects; ICC, CCC and their intervals need at least 3/);
    expect(readFileSync(join(out, "cohort_stats.csv"), "utf8").trim().split("\n")).toHaveLength(1);
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toMatch(/<section id="scorecard"/);
    expect(html).not.toMatch(/<section id="cohort"/);
  });

  it("runs subjects in parallel with 2 threads and writes the same bytes as with 1, a failing first subject included", () => {
    // a first subject whose image is not gzip: it fails inside its subject, on a worker with 2 threads
    mkdirSync(join(dir, "broken"), { recursive: true });
    writeFileSync(join(dir, "broken", "image.nii.gz"), "not an image\n");
    const rows = readFileSync(join(dir, "cohort.csv"), "utf8").trim().split("\n");
    const broken = "broken,broken/image.nii.gz,p1/roi.nii.gz,p1/brain_mask.nii.gz,p1/face_mask.nii.gz,builtin:mask:zero,builtin:shear:min,p1/other.nii.gz";
    writeFileSync(join(dir, "failing.csv"), [rows[0].replace("mask-min", "mask-zero"), broken, ...rows.slice(1).map((r) => r.replace("builtin:mask:min", "builtin:mask:zero"))].join("\n") + "\n");
    const outputs = [1, 2].map((threads) => {
      const cwd = join(dir, `threads-${threads}`);
      mkdirSync(cwd);
      // the same relative --out: report.json records it as given
      const r = spawnSync(process.execPath, [join(projectRoot(), "dist", "pipeline", "cli", "main.js"), "compare", "--manifest", join(dir, "failing.csv"), "--out", "out", "--threads", String(threads), "--quiet", "--configs", "fbn32"], { cwd, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/subject broken \(manifest line 2\) failed, going on with the others: .*broken\/image\.nii\.gz/);
      return { r, dir: join(cwd, "out") };
    });
    // warnings and failures in the manifest's order, whatever order the subjects finished in
    expect(outputs[1].r.stderr).toBe(outputs[0].r.stderr);
    const files = readdirSync(outputs[0].dir).filter((f) => !f.startsWith("."));
    expect(files).toContain("report.html");
    for (const f of files) expect(readFileSync(join(outputs[1].dir, f), "utf8"), f).toBe(readFileSync(join(outputs[0].dir, f), "utf8"));
    const report = JSON.parse(readFileSync(join(outputs[1].dir, "report.json"), "utf8"));
    expect(report.subjects.map((s: { subject: string }) => s.subject)).toEqual(subjects);
    expect(report.failed_subjects.map((f: { subject: string }) => f.subject)).toEqual(["broken"]);
    // the first subject that succeeded is the one shown in detail, with its ROI histograms
    const html = readFileSync(join(outputs[1].dir, "report.html"), "utf8");
    expect(html).toMatch(/p1 \(first of 3 subjects; the Tools and Cohort sections cover all 3\)/);
    expect(report.warnings.join("\n")).toMatch(/fill zero on CT writes 0 HU .*\(p1, p2, p3\)/);
  });

  it("rejects a manifest naming a missing file, with its line, and writes nothing", () => {
    writeFileSync(join(dir, "bad.csv"), "subject,image,roi,t\np1,p1/image.nii.gz,p1/roi.nii.gz,builtin:shear\np2,p2/nope.nii.gz,p2/roi.nii.gz,builtin:shear\n");
    const r = cli(["compare", "--manifest", join(dir, "bad.csv"), "--out", join(dir, "out3"), "--quiet"]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/bad\.csv: line 3 \(p2\), column "image": file not found/);
    expect(existsSync(join(dir, "out3"))).toBe(false);
  });
});
