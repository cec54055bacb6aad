import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHeadPhantom } from "../../../fixtures/phantom/makeHeadPhantom.js";
import { writePhantom } from "../../../pipeline/io/phantomFiles.js";
import { projectRoot } from "../../../pipeline/version.js";

/** The one error style of every command (README, "Errors and exit codes"), whoever detects the error. */

const main = join(projectRoot(), "dist", "pipeline", "cli", "main.js");
const cli = (args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: "utf8" });
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "error-style-"));
  writePhantom(join(dir, "ph"), makeHeadPhantom({ kind: "ct", seed: 5, dims: [48, 48, 48], spacing: [4, 4, 4] }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("errors: one line `deface-impact: error: …`, exit 2 for usage, 3 for bad input", () => {
  it("the option parser's own usage errors: an unknown option, a missing required one, a bad value", () => {
    const unknown = cli(["run", "--bogus"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe("deface-impact: error: unknown option '--bogus' (see --help)\n");
    const missing = cli(["phantom", "--out", join(dir, "x")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("deface-impact: error: required option '--kind <kind>' not specified (see --help)\n");
    const bad = cli(["phantom", "--kind", "pet", "--out", join(dir, "x")]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^deface-impact: error: [^\n]*--kind[^\n]*"pet"[^\n]*\n$/);
    const threads = cli(["run", "--threads", "0"]);
    expect(threads.status).toBe(2);
    expect(threads.stderr).toMatch(/^deface-impact: error: option '--threads <n>' argument '0' is invalid\. [^\n]+ \(see --help\)\n$/);
    expect(existsSync(join(dir, "x"))).toBe(false);
  });

  it("the commands' usage and input errors", () => {
    const usage = cli(["run", "--out", join(dir, "o1")]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^deface-impact: error: [^\n]+\n$/);
    const missingFile = join(dir, "absent.nii.gz");
    const input = cli(["features", "--image", missingFile, "--roi", join(dir, "ph", "roi.nii.gz"), "--out", join(dir, "f.csv"), "--quiet"]);
    expect(input.status).toBe(3);
    expect(input.stderr).toMatch(new RegExp(`^deface-impact: error: [^\\n]*${missingFile.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}[^\\n]*\\n$`));
  });

  it("an old spelling still works, with one warning line naming its replacement", () => {
    const out = join(dir, "old");
    const r = cli(["phantom", "--kind", "ct", "--seed", "3", "--size", "24", "--spacing", "8", "--out", out]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("deface-impact: warning: --seed is deprecated and will be removed in the next release; use --phantom-seed\n");
    expect(JSON.parse(readFileSync(join(out, "phantom.json"), "utf8")).seed).toBe(3);
  });

  it("features --normalisations zscore-brain works without --brain-mask: the brain mask is computed as run computes it", () => {
    const ph = join(dir, "ph");
    const out = join(dir, "brain.csv");
    const r = cli(["features", "--image", join(ph, "image.nii.gz"), "--roi", join(ph, "roi.nii.gz"), "--normalisations", "zscore-brain", "--families", "intensity_statistics", "--out", out, "--quiet"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const rows = readFileSync(out, "utf8").trim().split("\n").slice(1);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(row.split(",")[2]).toBe("zscore-brain");
  });
});
