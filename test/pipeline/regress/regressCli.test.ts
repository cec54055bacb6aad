import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeHeadPhantom } from "../../../fixtures/phantom/index.js";
import { writeNifti } from "../../../pipeline/io/niftiWrite.js";
import { projectRoot } from "../../../pipeline/version.js";
import { descendants, parseXml } from "./xml.js";

// End to end through the built CLI (npm test builds first): exit codes, output and files as CI sees them.
const MAIN = join(projectRoot(), "dist", "pipeline", "cli", "main.js");
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [MAIN, "regress", "--quiet", ...args], { encoding: "utf8", timeout: 240_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), "regress-cli-"));

describe("deface-impact regress (phantom suite)", () => {
  it("passes against the baseline shipped in fixtures/", () => {
    const r = cli("--suite", "phantoms");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/compared \d+ feature values and \d+ shifts of 3 subject\(s\) .* with .*fixtures\/regression-baseline\.json/);
    expect(r.stdout).toMatch(/all \d+ values and shifts within tolerance/);
    expect(statSync(join(projectRoot(), "fixtures", "regression-baseline.json")).size).toBeLessThan(2e6);
  }, 240_000);

  it("catches a changed phantom seed against a baseline it wrote: exit 1, drifted features named, JUnit failures", () => {
    const dir = tmp();
    const baseline = join(dir, "baseline.json");
    const junit = join(dir, "junit.xml");
    const update = cli("--update-baseline", "--baseline", baseline, "--subjects", "ct-phantom,ibsi-digital");
    expect(update.code).toBe(0);
    expect(update.stdout).toMatch(/wrote .*baseline\.json: \d+ feature values and \d+ shifts of 2 subject\(s\)/);
    const written = JSON.parse(readFileSync(baseline, "utf8"));
    expect(written.settings).toMatchObject({ phantom_seed: 1, subjects: ["ct-phantom", "ibsi-digital"] });
    expect(written.tolerances.default).toEqual({ abs: 1e-12, rel: 1e-9 });

    const r = cli("--baseline", baseline, "--phantom-seed", "2", "--junit", junit);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/regression: \d+ of \d+ feature values and shifts outside tolerance/);
    expect(r.stdout).toContain("phantom_seed: 1 → 2");
    expect(r.stdout).toMatch(/ct-phantom: \d+ of \d+ feature values moved/);
    expect(r.stdout).toMatch(/ct-phantom · original · none · nodisc · Volume \(mesh\) \(RNU0, DHQ4\) value: baseline [\d.]+, now [\d.]+, \|Δ\| \S+ > allowed \S+ \(abs 1e-12 \+ rel 1e-9\)/);
    expect(r.stdout).not.toMatch(/ibsi-digital · /);

    const root = parseXml(readFileSync(junit, "utf8"));
    const suite = descendants(root, "testsuite")[0];
    const cases = descendants(suite, "testcase");
    const failed = cases.filter((c) => descendants(c, "failure").length > 0);
    expect(cases.length).toBe(Number(suite.attributes.tests));
    expect(failed.length).toBe(Number(suite.attributes.failures));
    expect(failed.length).toBeGreaterThan(0);
    expect(cases.map((c) => c.attributes.name)).toContain("GLSZM in zscore-global");
    const text = failed.map((c) => descendants(c, "failure")[0].text).join("\n");
    expect(text).toMatch(/ct-phantom · original · none · nodisc · Volume \(mesh\) \(RNU0, DHQ4\) value: baseline/);
    expect(text).not.toContain("ibsi-digital");
    // the subjects default to the baseline's selection: mr-phantom is neither run nor reported as added
    expect(text).not.toContain("mr-phantom");
  }, 240_000);

  it("writes deterministic baselines: two updates differ only in the date", () => {
    const dir = tmp();
    const [a, b] = ["a.json", "b.json"].map((f) => join(dir, f));
    expect(cli("--update-baseline", "--baseline", a, "--subjects", "ibsi-digital").code).toBe(0);
    expect(cli("--update-baseline", "--baseline", b, "--subjects", "ibsi-digital", "--threads", "1").code).toBe(0);
    const withoutDate = (f: string) => readFileSync(f, "utf8").replace(/\n "date": "[^"]*",\n/, "\n");
    expect(readFileSync(a, "utf8")).toMatch(/\n "date": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",\n/);
    expect(withoutDate(a)).toBe(withoutDate(b));
    expect(withoutDate(a)).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
  });

  it("refuses an unknown subject, a missing manifest and --phantom-seed with a manifest (usage errors, exit 2)", () => {
    const unknown = cli("--subjects", "nobody");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown subject\(s\) nobody: the suite has ct-phantom, mr-phantom, ibsi-digital/);
    expect(cli("--suite", "/nonexistent/cohort.csv", "--baseline", "b.json").stderr).toMatch(/neither "phantoms" nor an existing manifest/);
    const seed = cli("--suite", "/nonexistent/cohort.csv", "--phantom-seed", "2");
    expect(seed.code).toBe(2);
    expect(seed.stderr).toMatch(/--phantom-seed applies to --suite phantoms only/);
  });
});

describe("deface-impact regress (manifest suite)", () => {
  it("regresses the user's own images and another tool's defaced output; an override in the baseline absorbs a change", () => {
    const dir = tmp();
    const p = makeHeadPhantom({ kind: "ct", seed: 3, dims: [48, 48, 48], spacing: [4, 4, 4] });
    const mask = (m: Uint8Array) => ({ ...p.image, data: m });
    writeNifti(join(dir, "head.nii.gz"), p.image);
    writeNifti(join(dir, "roi.nii.gz"), mask(p.roi));
    writeNifti(join(dir, "brain.nii.gz"), mask(p.brainMask));
    writeNifti(join(dir, "face.nii.gz"), mask(p.faceMask));
    const tool = (fill: number) => {
      const data = p.image.data.slice() as Int16Array;
      for (let i = 0; i < data.length; i++) if (p.faceMask[i]) data[i] = fill;
      writeNifti(join(dir, "tool.nii.gz"), { ...p.image, data });
    };
    tool(-1000);
    writeFileSync(join(dir, "cohort.csv"), "subject,image,roi,brain_mask,face_mask,mytool\ns1,head.nii.gz,roi.nii.gz,brain.nii.gz,face.nii.gz,tool.nii.gz\n");
    const manifest = join(dir, "cohort.csv");
    const baseline = join(dir, "baseline.json");

    expect(cli("--threads", "1", "--suite", manifest, "--baseline", baseline, "--update-baseline").code).toBe(0);
    const b = JSON.parse(readFileSync(baseline, "utf8"));
    expect(Object.keys(b.shifts.s1).sort()).toEqual(["defaced-blur:8", "defaced-min", "defaced-noise", "defaced-zero", "mytool"]);
    expect(Object.keys(b.features.s1.original)).toContain("zscore-brain");

    // A new version of the tool fills with −900 HU instead of air: its condition drifts, nothing else.
    tool(-900);
    const r = cli("--threads", "1", "--suite", manifest, "--baseline", baseline);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/inputs_sha256\.s1\.mytool: "[0-9a-f]{64}" → "[0-9a-f]{64}"/);
    const drifted = r.stdout.split("\n").filter((l) => / · (mytool|original|defaced-[a-z:0-9]+) · /.test(l));
    expect(drifted.length).toBeGreaterThan(0);
    expect(drifted.every((l) => l.includes(" · mytool · "))).toBe(true);

    // Accept the change for that condition through a tolerance override in the baseline file: then
    // everything passes, which also shows the other conditions reproduce bit for bit.
    b.tolerances.overrides.push({ condition: "mytool", abs: 1e6, reason: "tool v2 fills with -900 HU" });
    writeFileSync(baseline, JSON.stringify(b));
    const accepted = cli("--threads", "1", "--suite", manifest, "--baseline", baseline);
    expect(accepted.stdout).toMatch(/within tolerance/);
    expect(accepted.code).toBe(0);
  }, 240_000);
});
