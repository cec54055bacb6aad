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

  it("writes byte-identical CSV and JSON on 1 and 2 threads", () => {
    const one = cli([...base(), "--fill", "min", "--threads", "1", "--out", join(dir, "t1")]);
    expect(one.status, one.stderr).toBe(0);
    const two = cli([...base(), "--fill", "min", "--threads", "2", "--out", join(dir, "t2")]);
    expect(two.status, two.stderr).toBe(0);
    for (const f of ["features.csv", "shifts.csv"]) {
      expect(readFileSync(join(dir, "t2", f), "utf8"), f).toBe(readFileSync(join(dir, "t1", f), "utf8"));
    }
    // report.json records the settings, whose only difference here is the output folder.
    const json = (d: string) => readFileSync(join(dir, d, "report.json"), "utf8").replace(`"dir": ${JSON.stringify(join(dir, d))}`, "");
    expect(json("t2")).toBe(json("t1"));
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
    expect(md).toMatch(/μ original \(HU\)/);
    expect(md).toMatch(/Ĩ_d = a·Ĩ \+ b/);
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
