import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHeadPhantom } from "../../../fixtures/phantom/makeHeadPhantom.js";
import { writePhantom } from "../../../pipeline/io/phantomFiles.js";
import { projectRoot } from "../../../pipeline/version.js";

const main = join(projectRoot(), "dist", "pipeline", "cli", "main.js");
const cli = (args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: "utf8" });

/** Every file below a folder with the SHA-256 of its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath, e.name);
    out[p.slice(dir.length + 1)] = createHash("sha256").update(readFileSync(p)).digest("hex");
  }
  return out;
}

describe("run never removes what it did not write, and an interrupted run leaves no partial output", () => {
  const dir = mkdtempSync(join(tmpdir(), "out-safety-"));
  const ph = join(dir, "phantom");
  const args = (out: string, ...more: string[]) => [
    "run", "--image", join(ph, "image.nii.gz"), "--roi", join(ph, "roi.nii.gz"), "--face-mask", join(ph, "face_mask.nii.gz"),
    "--fill", "min", "--normalisations", "none,zscore-global", "--configs", "fbn32", "--no-renders", "--threads", "1", "--quiet", "--out", out, ...more,
  ];
  let inputs: Record<string, string>;
  beforeAll(() => {
    writePhantom(ph, makeHeadPhantom({ kind: "ct", seed: 2, dims: [64, 64, 64], spacing: [3, 3, 3] }));
    inputs = snapshot(ph);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("the built CLI is executable, so `npx deface-impact` runs it", () => {
    expect(statSync(main).mode & 0o111).toBe(0o111);
    const r = spawnSync(main, ["--help"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Usage: deface-impact/);
  });

  it("refuses --out on the inputs' folder (exit 2), even with --force, and leaves the inputs byte-identical", () => {
    for (const extra of [[], ["--force"]]) {
      const r = cli(args(ph, ...extra));
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/refusing to write the output here: it holds the input .*image\.nii\.gz/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(snapshot(ph)).toEqual(inputs);
  });

  it("refuses a folder of the user's files unless --force, which keeps them; reruns into its own output", () => {
    const out = join(dir, "mine");
    spawnSync("mkdir", [out]);
    writeFileSync(join(out, "thesis.docx"), "two years of work");
    const refused = cli(args(out));
    expect(refused.status, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/output folder is not empty.*--force/);
    expect(readdirSync(out)).toEqual(["thesis.docx"]);
    const forced = cli(args(out, "--force"));
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(join(out, "thesis.docx"), "utf8")).toBe("two years of work");
    expect(existsSync(join(out, "shifts.csv"))).toBe(true);
    const again = cli(args(out));
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(join(out, "thesis.docx"), "utf8")).toBe("two years of work");
    expect(snapshot(ph)).toEqual(inputs);
  });

  it("killed at several points, leaves the previous output whole and no staging folder", async () => {
    const out = join(dir, "killed");
    expect(cli(args(out)).status).toBe(0);
    const before = snapshot(out);
    for (const delayMs of [300, 900, 1500, 2500]) {
      const child = spawn(process.execPath, [main, ...args(out)], { stdio: "ignore" });
      const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
      // kill at the delay, or as soon as the staging folder appears (the moment files are being written)
      const started = Date.now();
      while (Date.now() - started < delayMs && child.exitCode === null) {
        if (readdirSync(dir).some((f) => f.includes(".partial-"))) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      child.kill("SIGTERM");
      await exited;
      expect(readdirSync(dir).filter((f) => f.includes(".partial-")), `killed after ${Date.now() - started} ms`).toEqual([]);
      expect(snapshot(out)).toEqual(before); // same bytes either way: the previous output, or the identical new one
    }
    expect(snapshot(ph)).toEqual(inputs);
  }, 60_000);
});
