import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHeadPhantom } from "../../../fixtures/phantom/makeHeadPhantom.js";
import { writePhantom } from "../../../pipeline/io/phantomFiles.js";
import { writeNifti } from "../../../pipeline/io/nifti.js";
import { projectRoot } from "../../../pipeline/version.js";

/** The built CLI, as a user runs it (npm test builds dist/ first). */
const cli = (args: string[]) =>
  spawnSync(process.execPath, [join(projectRoot(), "dist", "pipeline", "cli", "main.js"), ...args], { encoding: "utf8" });

describe("deface-impact run (end to end, small CT phantom)", () => {
  const dir = mkdtempSync(join(tmpdir(), "run-cli-"));
  const ph = join(dir, "phantom");
  const base = () => ["run", "--image", join(ph, "image.nii.gz"), "--roi", join(ph, "roi.nii.gz"), "--face-mask", join(ph, "face_mask.nii.gz"), "--quiet"];

  beforeAll(() => {
    writePhantom(ph, makeHeadPhantom({ kind: "ct", seed: 3, dims: [96, 96, 96], spacing: [2, 2, 2] }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes byte-identical files and the same progress lines on 1 and 2 threads (with 2, a worker builds the brain mask, encodes the renders and draws the charts)", () => {
    const noisy = base().filter((a) => a !== "--quiet");
    const one = cli([...noisy, "--fill", "min", "--threads", "1", "--out", join(dir, "t1")]);
    expect(one.status, one.stderr).toBe(0);
    const two = cli([...noisy, "--fill", "min", "--threads", "2", "--out", join(dir, "t2")]);
    expect(two.status, two.stderr).toBe(0);
    expect(one.stderr).toMatch(/head mask: threshold .*\n.*brain mask: automatic \(CT: inside the skull\)\n.*residual face/);
    expect(two.stderr).toBe(one.stderr);
    const files = (d: string) => readdirSync(join(dir, d), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(join(dir, d).length + 1)).sort();
    expect(files("t2")).toEqual(files("t1"));
    expect(files("t1")).toEqual(expect.arrayContaining(["report.html", join("renders", "defaced-min_front.png"), join("renders", "defaced-min_sagittal_overlay.png")]));
    // the reports record the settings, whose only difference here is the output folder
    const bytes = (d: string, f: string) => readFileSync(join(dir, d, f)).toString("latin1").replaceAll(join(dir, d), "OUT");
    for (const f of files("t1")) expect(bytes("t2", f) === bytes("t1", f), f).toBe(true);
    const shifts = readFileSync(join(dir, "t1", "shifts.csv"), "utf8").trim().split("\n");
    const header = shifts[0].split(",");
    expect(header.slice(0, 12)).toEqual(
      "subject,condition,normalization,config,family,feature,ibsi_code,aggregation_code,original,defaced,abs_shift,rel_shift".split(","),
    );
    const rel = (code: string) => {
      const row = shifts.find((l) => l.includes(",zscore-global,nodisc,") && l.includes(`,${code},`))!.split(",");
      return Math.abs(Number(row[header.indexOf("rel_shift")]));
    };
    expect(rel("Q4LE")).toBeGreaterThan(1e-4);
    expect(rel("KE2A")).toBeLessThan(1e-6);
    expect(rel("IPH6")).toBeLessThan(1e-6);
    const md = readFileSync(join(dir, "t1", "report.md"), "utf8");
    // the verdict first, then the summary tables, then the appendix
    const order = ["## Verdict", "### Condition `defaced-min`", "**What moved.**", "**Why.**", "**What avoids it.**", "## Summary", "## Appendix: every shift that moved", "## Settings"];
    const at = order.map((h) => md.indexOf(h));
    expect(at.every((i) => i > 0), String(at)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    expect(md).toMatch(/Ĩ\\_d = a·Ĩ \+ b with a = /);
    // every column means what its header says: percentile's statistics are P1 and P99 − P1, in HU
    expect(md).toMatch(/\| percentile \| head P1–P99 \| P1 −?[\d.,]+ → −?[\d.,]+ HU \| P99 − P1 [\d.,]+ → [\d.,]+ HU \|/);
    expect(md).not.toMatch(/μ original \(HU\)/);
    expect(md).toContain("no closed form");
    expect(md).not.toMatch(/\| NaN \| discretisation-dependent \|/);

    // fbs0.1 under the whole-head z-scores leaves the small lesion a grey level or two: flagged, never the headline
    const col = (name: string) => header.indexOf(name);
    const rows = shifts.slice(1).map((l) => l.split(","));
    const coarse = rows.filter((r) => r[col("normalization")] === "zscore-global" && r[col("config")] === "fbs0.1");
    expect(coarse.length).toBeGreaterThan(50);
    for (const r of coarse) expect(r[col("discretisation")]).toBe("too-coarse");
    for (const r of rows.filter((r) => r[col("config")] === "nodisc")) expect(r[col("discretisation")]).toBe("n/a");
    const largest = (pick: (r: string[]) => boolean) =>
      Math.max(...rows.filter(pick).map((r) => Math.abs(Number(r[col("rel_shift")]))).filter(Number.isFinite));
    const global = (r: string[]) => r[col("normalization")] === "zscore-global";
    const meaningful = largest((r) => global(r) && r[col("discretisation")] !== "too-coarse" && r[col("discretisation")] !== "too-fine");
    expect(largest(global)).toBeGreaterThan(meaningful); // a degenerate shift is the largest of all ...
    const lead = /up to \*\*([\d.,]+) %\*\* with \*\*zscore-global\*\*/.exec(md)!;
    expect(Number(lead[1].replace(/,/g, "")) / 100).toBeCloseTo(meaningful, 2); // ... but the headline is the largest meaningful one
    expect(md).toMatch(/\*\*Not counted\.\*\* \d+ features under degenerate discretisations moved by up to [\d.,]+ % and are ranked apart: `fbs0\.1` with `zscore-global` \(the ROI holds \d grey levels?: its intensities span [\d.]+ σ/);

    // the terminal gets the same verdict on one screen
    const summary = one.stdout.split("\n");
    expect(summary.length).toBeLessThan(25);
    const line = summary.find((l) => l.trim().startsWith("zscore-global"))!;
    expect(line).toContain(`${lead[1]} % †`);
    expect(summary.find((l) => l.trim().startsWith("zscore-unmasked"))!.trim()).toBe("zscore-unmasked    0");
    expect(one.stdout).toMatch(/Avoid it: zscore-brain, zscore-unmasked and zscore-roi leave every feature unchanged under every condition; normalise defaced images with zscore-unmasked\./);
    expect(one.stdout).toMatch(/† not counted: shifts under fbs0\.1 with zscore-global, zscore-foreground and percentile, where the ROI holds fewer than 8 grey levels/);
  });

  it("runs its workers when node itself is given options a worker refuses (V8's heap size, the stack trace limit)", () => {
    const main = join(projectRoot(), "dist", "pipeline", "cli", "main.js");
    const args = [...base(), "--fill", "min", "--threads", "2", "--out", join(dir, "node-options")];
    const r = spawnSync(process.execPath, ["--max-old-space-size=2048", "--stack-trace-limit=20", main, ...args], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/execArgv|internal error/);
    for (const f of ["features.csv", "shifts.csv"]) expect(readFileSync(join(dir, "node-options", f), "utf8"), f).toBe(readFileSync(join(dir, "t1", f), "utf8"));
  });

  const expectBadInput = (args: string[], message: RegExp, out: string) => {
    const r = cli([...args, "--quiet", "--out", join(dir, out)]);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stderr.trim().split("\n").filter((l) => !l.startsWith("deface-impact: warning:"))).toHaveLength(1);
    expect(existsSync(join(dir, out))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes(".partial-"))).toEqual([]);
  };

  it("rejects a missing file, naming it", () => {
    expectBadInput(["run", "--image", join(dir, "nope.nii.gz"), "--roi", join(ph, "roi.nii.gz"), "--face-mask", join(ph, "face_mask.nii.gz")], /nope\.nii\.gz: file not found/, "o1");
  });

  it("rejects a ROI overlapping the face mask", () => {
    expectBadInput(["run", "--image", join(ph, "image.nii.gz"), "--roi", join(ph, "face_mask.nii.gz"), "--face-mask", join(ph, "face_mask.nii.gz")], /removes \d+ ROI voxels/, "o2");
  });

  it("rejects an empty ROI, a non-binary mask, a mismatched grid and an unreadable file", () => {
    const small = makeHeadPhantom({ kind: "ct", seed: 3, dims: [48, 48, 48], spacing: [4, 4, 4] });
    writeNifti(join(dir, "other_grid.nii.gz"), { ...small.image, data: small.roi });
    const img = makeHeadPhantom({ kind: "ct", seed: 3, dims: [96, 96, 96], spacing: [2, 2, 2] }).image;
    writeNifti(join(dir, "empty.nii.gz"), { ...img, data: new Uint8Array(img.data.length) });
    const labels = new Uint8Array(img.data.length);
    labels[5] = 2;
    writeNifti(join(dir, "labels.nii.gz"), { ...img, data: labels });
    writeFileSync(join(dir, "garbage.nii.gz"), "not an image");
    const args = (roi: string) => ["run", "--image", join(ph, "image.nii.gz"), "--roi", roi, "--face-mask", join(ph, "face_mask.nii.gz")];
    expectBadInput(args(join(dir, "empty.nii.gz")), /empty\.nii\.gz: the region of interest is empty/, "o3");
    expectBadInput(args(join(dir, "labels.nii.gz")), /labels\.nii\.gz: mask is not binary/, "o4");
    expectBadInput(args(join(dir, "other_grid.nii.gz")), /other_grid\.nii\.gz: grid mismatch/, "o5");
    expectBadInput(args(join(dir, "garbage.nii.gz")), /garbage\.nii\.gz: /, "o6");
  });

  it("answers --help for every command and exits 2 on a usage error", () => {
    for (const c of ["run", "features", "phantom", "validate", "demo", "ibsi-check"]) {
      const r = cli([c, "--help"]);
      expect(r.status, c).toBe(0);
      expect(r.stdout).toMatch(/Usage: deface-impact/);
    }
    expect(cli(["run"]).status).toBe(2);
    expect(cli(["run", ...base().slice(1), "--fill", "bogus", "--out", join(dir, "o7")]).status).toBe(2);
  });
});
