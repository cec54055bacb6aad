import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeHeadPhantom } from "../../../fixtures/phantom/makeHeadPhantom.js";
import { writePhantom } from "../../../pipeline/io/phantomFiles.js";
import { projectRoot } from "../../../pipeline/version.js";

/** The built CLI, as a user runs it (npm test builds dist/ first). */
const cli = (args: string[]) =>
  spawnSync(process.execPath, [join(projectRoot(), "dist", "pipeline", "cli", "main.js"), ...args], { encoding: "utf8" });

describe("deface-impact deface --quiet", () => {
  const dir = mkdtempSync(join(tmpdir(), "deface-cli-"));
  const image = join(dir, "phantom", "image.nii.gz");

  beforeAll(() => {
    writePhantom(join(dir, "phantom"), makeHeadPhantom({ kind: "ct", seed: 5, dims: [64, 64, 64], spacing: [3, 3, 3] }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints no progress on stderr, still its summary on stdout, and writes the same defaced image", () => {
    const loud = cli(["deface", "--image", image, "--out", join(dir, "loud")]);
    expect(loud.status, loud.stderr).toBe(0);
    expect(loud.stderr).toMatch(/^deface: /m);
    const quiet = cli(["deface", "--image", image, "--quiet", "--out", join(dir, "quiet")]);
    expect(quiet.status, quiet.stderr).toBe(0);
    expect(quiet.stderr).not.toMatch(/^deface: /m);
    expect(quiet.stdout).toMatch(/^wrote .* voxels removed/m);
    expect(readFileSync(join(dir, "quiet", "defaced.nii.gz")).equals(readFileSync(join(dir, "loud", "defaced.nii.gz")))).toBe(true);
  });
});
