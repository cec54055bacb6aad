import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DefaceImpactError } from "../../../analysis/core/errors.js";
import { ensureDir } from "../../../pipeline/io/ensureDir.js";
import { writeFileAtomic } from "../../../pipeline/io/atomicWrite.js";

describe("ensureDir", () => {
  it("creates missing parents and accepts an existing folder", () => {
    const base = mkdtempSync(join(tmpdir(), "ensure-"));
    ensureDir(join(base, "a", "b", "c"));
    expect(statSync(join(base, "a", "b", "c")).isDirectory()).toBe(true);
    ensureDir(join(base, "a", "b", "c"));
    rmSync(base, { recursive: true, force: true });
  });

  it("fails with an input error, not an endless loop, where no folder can be made", () => {
    // Node 20's mkdirSync({ recursive: true }) spins forever on this path.
    expect(() => ensureDir("/proc/deface-impact-nope/x")).toThrow(DefaceImpactError);
    expect(() => writeFileAtomic("/proc/deface-impact-nope/f.csv", "x")).toThrow(/cannot create the folder/);
  });

  it("names a file standing where a folder should be", () => {
    const base = mkdtempSync(join(tmpdir(), "ensure-"));
    writeFileSync(join(base, "file"), "x");
    expect(() => ensureDir(join(base, "file", "sub"))).toThrow(/exists and is not a folder/);
    rmSync(base, { recursive: true, force: true });
  });
});
