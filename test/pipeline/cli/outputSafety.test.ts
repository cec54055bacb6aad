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

  /**
   * Starts the command, kills it with `signal` after `delayMs` or as soon as it starts writing (a
   * staging folder or temporary file appears beside `out`, other than one an earlier SIGKILL left),
   * and waits for it to end.
   */
  async function killMidway(cmd: string[], out: string, signal: NodeJS.Signals, delayMs: number): Promise<number> {
    const earlier = new Set(leftovers(out));
    const child = spawn(process.execPath, [main, ...cmd], { stdio: "ignore" });
    const exited = new Promise<void>((res) => child.on("exit", () => res()));
    const started = Date.now();
    const name = out.split("/").pop()!;
    while (Date.now() - started < delayMs && child.exitCode === null) {
      if (readdirSync(dir).some((f) => f.startsWith(`.${name}.`) && !earlier.has(f))) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill(signal);
    await exited;
    return Date.now() - started;
  }
  const leftovers = (out: string) => readdirSync(dir).filter((f) => f.startsWith(`.${out.split("/").pop()}.`));

  it("killed at several points (SIGTERM, SIGINT, SIGKILL), leaves the previous output whole; what a SIGKILL leaves the next run removes", async () => {
    const out = join(dir, "killed");
    expect(cli(args(out)).status).toBe(0);
    const before = snapshot(out);
    const kills: [NodeJS.Signals, number][] = [["SIGTERM", 300], ["SIGINT", 900], ["SIGKILL", 1200], ["SIGTERM", 1500], ["SIGINT", 2500], ["SIGKILL", 2500]];
    for (const [signal, delayMs] of kills) {
      const earlier = new Set(leftovers(out));
      const ms = await killMidway(args(out), out, signal, delayMs);
      // a handled signal removes its own staging folder; SIGKILL cannot, the next write does (below;
      // a run killed before it writes has not removed an earlier one yet)
      if (signal !== "SIGKILL") expect(leftovers(out).filter((f) => !earlier.has(f)), `${signal} after ${ms} ms`).toEqual([]);
      expect(snapshot(out), `${signal} after ${ms} ms`).toEqual(before); // same bytes either way: the previous output, or the identical new one
    }
    expect(cli(args(out)).status).toBe(0);
    expect(leftovers(out)).toEqual([]);
    expect(snapshot(out)).toEqual(before);
    expect(snapshot(ph)).toEqual(inputs);
  }, 120_000);

  it("a single-file output (features --out FILE.csv) killed mid-way is the previous file or none, never a part", async () => {
    const out = join(dir, "features.csv");
    const cmd = ["features", "--image", join(ph, "image.nii.gz"), "--roi", join(ph, "roi.nii.gz"), "--quiet", "--out", out];
    for (const [signal, delayMs] of [["SIGKILL", 400], ["SIGTERM", 700]] as [NodeJS.Signals, number][]) {
      await killMidway(cmd, out, signal, delayMs);
      if (existsSync(out)) expect(readFileSync(out, "utf8"), `${signal}: no file, or a whole one`).toMatch(/\n$/);
    }
    expect(cli(cmd).status).toBe(0);
    const whole = readFileSync(out, "utf8");
    for (const [signal, delayMs] of [["SIGKILL", 300], ["SIGKILL", 900], ["SIGINT", 600]] as [NodeJS.Signals, number][]) {
      await killMidway(cmd, out, signal, delayMs);
      expect(readFileSync(out, "utf8"), signal).toBe(whole);
    }
    // a temporary a SIGKILL left is removed by the next write of the same file
    writeFileSync(join(dir, ".features.csv.999999999.0badc0de.tmp"), "half");
    expect(cli(cmd).status).toBe(0);
    expect(leftovers(out)).toEqual([]);
    expect(snapshot(ph)).toEqual(inputs);
  }, 120_000);
});
