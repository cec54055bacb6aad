import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHeadPhantom } from "../../../fixtures/phantom/makeHeadPhantom.js";
import { writePhantom } from "../../../pipeline/io/phantomFiles.js";
import { projectRoot } from "../../../pipeline/version.js";

const main = join(projectRoot(), "dist", "pipeline", "cli", "main.js");
const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [main, ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 180_000 });

/**
 * Nothing lost in a cohort: a subject that fails (a broken file, or a worker that dies under it) is
 * reported with its subject, the others are processed and written, and the command exits non-zero
 * at the end, naming every failed subject.
 */
describe("compare and regress go on past a failing subject", () => {
  const dir = mkdtempSync(join(tmpdir(), "nothing-lost-"));
  const manifest = join(dir, "cohort.csv");
  const row = (s: string, image = "ph/image.nii.gz") => `${s},${image},ph/roi.nii.gz,ph/face_mask.nii.gz,builtin:mask:min`;
  const quick = ["--threads", "1", "--quiet", "--discretisation", "fbn8", "--normalisations", "none,zscore-global"];
  beforeAll(() => {
    writePhantom(join(dir, "ph"), makeHeadPhantom({ kind: "ct", seed: 4, dims: [32, 32, 32], spacing: [6, 6, 6] }));
    // s2's image is cut short: a bad input among good ones
    writeFileSync(join(dir, "broken.nii.gz"), readFileSync(join(dir, "ph", "image.nii.gz")).subarray(0, 400));
    writeFileSync(manifest, ["subject,image,roi,face_mask,mask-min", row("s1"), row("s2", "broken.nii.gz"), row("s3")].join("\n") + "\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("compare: writes the other subjects, lists the failed one in report.json, exits 3 naming it", () => {
    const out = join(dir, "compare");
    const r = cli(["compare", "--manifest", manifest, "--out", out, ...quick]);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/warning: subject s2 \(manifest line 3\) failed, going on with the others: .*broken\.nii\.gz: corrupt or truncated gzip stream/);
    expect(r.stderr).toMatch(/error: .*cohort\.csv: 1 of 3 subjects failed \(s2 \(line 3\): .*broken\.nii\.gz: .*\); the outputs in .*compare hold the other 2/);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.subjects.map((s: { subject: string }) => s.subject)).toEqual(["s1", "s3"]);
    expect(report.failed_subjects).toEqual([expect.objectContaining({ subject: "s2", line: 3, kind: "input" })]);
    const subjects = new Set(readFileSync(join(out, "features.csv"), "utf8").trim().split("\n").slice(1).map((l) => l.split(",")[0]));
    expect([...subjects]).toEqual(["s1", "s3"]);
  });

  it("regress --update-baseline: runs the others, writes no baseline that lacks a subject, exits 3", () => {
    const baseline = join(dir, "baseline.json");
    const r = cli(["regress", "--suite", manifest, "--baseline", baseline, "--update-baseline", "--threads", "1", "--quiet"]);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/warning: subject s2 failed, going on with the others/);
    expect(r.stderr).toMatch(/error: .*cohort\.csv: 1 of 3 subjects failed \(s2: .*broken\.nii\.gz.*\); no baseline was written/);
    expect(existsSync(baseline)).toBe(false);
  });

  it("a worker that dies is reported with its subject; the pool does not hang; the other subjects are written", () => {
    const out = join(dir, "crash");
    const flag = join(dir, "crash-one-worker");
    writeFileSync(flag, "");
    const good = join(dir, "good.csv");
    writeFileSync(good, ["subject,image,roi,face_mask,mask-min", row("s1"), row("s3")].join("\n") + "\n");
    const started = Date.now();
    // threads 2: the two subjects run on two workers; the first worker to start one exits (pipeline/pool/faultInjection.ts)
    const r = cli(["compare", "--manifest", good, "--out", out, "--quiet", "--discretisation", "fbn8", "--normalisations", "none,zscore-global", "--threads", "2"], {
      DEFACE_IMPACT_CRASH_WORKER: flag,
    });
    expect(Date.now() - started).toBeLessThan(120_000);
    expect(existsSync(flag)).toBe(false); // a worker did take it and exit
    expect(r.status, r.stderr).toBe(4);
    const failed = /warning: subject (s1|s3) \(manifest line (2|3)\) failed, going on with the others: a worker failed on subject \1 \(worker exited with code: 70\)/.exec(r.stderr);
    expect(failed, r.stderr).not.toBeNull();
    const [lost, kept] = failed![1] === "s1" ? ["s1", "s3"] : ["s3", "s1"];
    expect(r.stderr).toMatch(new RegExp(`error: .*good\\.csv: 1 of 2 subjects failed \\(${lost} \\(line \\d\\): a worker failed on subject ${lost}`));
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.subjects.map((s: { subject: string }) => s.subject)).toEqual([kept]);
  });

  it("run: a worker that dies ends the run with exit 4 and no output, and is killed mid-way leaves no partial output either", async () => {
    const out = join(dir, "run-crash");
    const flag = join(dir, "crash-run");
    writeFileSync(flag, "");
    const args = ["run", "--image", join(dir, "ph", "image.nii.gz"), "--roi", join(dir, "ph", "roi.nii.gz"), "--face-mask", join(dir, "ph", "face_mask.nii.gz"), "--fill", "min", "--no-renders", "--quiet", "--discretisation", "fbn8", "--out", out];
    const r = cli([...args, "--threads", "2"], { DEFACE_IMPACT_CRASH_WORKER: flag });
    expect(r.status, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/error: a feature worker failed on job \d+ of \d+ \(worker exited with code: 70\)/);
    expect(existsSync(out)).toBe(false);

    // the whole process killed (SIGKILL: no handler runs) while its workers compute: no output folder
    // appears. A worker signals that it is computing and holds its job, so the kill lands mid-way.
    const computing = join(dir, "computing-run");
    const child = spawn(process.execPath, [main, ...args, "--threads", "2"], { stdio: "ignore", env: { ...process.env, DEFACE_IMPACT_STALL_WORKER: computing } });
    const exited = new Promise((res) => child.on("exit", res)); // listening before the kill: a child that ended first is not waited for forever
    for (let waited = 0; !existsSync(computing) && waited < 60_000; waited += 50) await new Promise((res) => setTimeout(res, 50));
    expect(existsSync(computing), "the run never reached its feature jobs").toBe(true);
    child.kill("SIGKILL");
    await exited;
    expect(existsSync(out)).toBe(false);
  });
});
