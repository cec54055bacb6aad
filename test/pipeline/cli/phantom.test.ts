import { Command } from "commander";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DefaceImpactError } from "../../../analysis/core/errors.js";
import { makeHeadPhantom } from "../../../fixtures/phantom/makeHeadPhantom.js";
import { reorientPhantom } from "../../../fixtures/phantom/reorient.js";
import { parseKind, parseSeed, parseSize, parseSpacing, registerPhantom } from "../../../pipeline/cli/commands/phantom.js";
import { readNifti } from "../../../pipeline/io/nifti.js";

const kindOf = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    return err instanceof DefaceImpactError ? err.kind : "other";
  }
  return "none";
};

describe("phantom command options", () => {
  it("parses kinds, sizes, spacings and seeds", () => {
    expect(parseKind("mr")).toBe("mr");
    expect(parseSize("256")).toEqual([256, 256, 256]);
    expect(parseSize("512x512x300")).toEqual([512, 512, 300]);
    expect(parseSpacing("1.2")).toEqual([1.2, 1.2, 1.2]);
    expect(parseSpacing("0.5x0.5x3")).toEqual([0.5, 0.5, 3]);
    expect(parseSeed("42")).toBe(42);
  });

  it("turns bad values into usage errors", () => {
    for (const bad of ["pet", "CT", ""]) expect(kindOf(() => parseKind(bad))).toBe("usage");
    for (const bad of ["12x3", "0", "4", "abc", "256x256x2.5", "256x256x-1", "1e3"]) expect(kindOf(() => parseSize(bad))).toBe("usage");
    for (const bad of ["0", "-1", "x", "1x1", "1xx1"]) expect(kindOf(() => parseSpacing(bad))).toBe("usage");
    for (const bad of ["-1", "1.5", "seed", "4294967296"]) expect(kindOf(() => parseSeed(bad))).toBe("usage");
  });
});

describe("deface-impact phantom", () => {
  const dir = mkdtempSync(join(tmpdir(), "phantom-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (args: string[]) => {
    const program = new Command().exitOverride();
    registerPhantom(program);
    await program.parseAsync(["node", "deface-impact", "phantom", ...args]);
  };

  it("writes the image and masks as NIfTI that read back to the generated arrays", async () => {
    await run(["--kind", "ct", "--phantom-seed", "3", "--size", "64x60x56", "--spacing", "3", "--orientation", "LPS", "--out", dir]);
    const expected = reorientPhantom(makeHeadPhantom({ kind: "ct", seed: 3, dims: [64, 60, 56], spacing: [3, 3, 3] }), "LPS");
    const image = readNifti(join(dir, "image.nii.gz"));
    expect(image.dims).toEqual([64, 60, 56]);
    expect(image.data).toBeInstanceOf(Int16Array);
    expect(Array.from(image.data)).toEqual(Array.from(expected.image.data));
    image.affine.forEach((v, i) => expect(v).toBeCloseTo(expected.image.affine[i], 4));
    const masks = { "face_mask.nii.gz": expected.faceMask, "brain_mask.nii.gz": expected.brainMask, "head_mask.nii.gz": expected.headMask, "roi.nii.gz": expected.roi };
    for (const [file, mask] of Object.entries(masks)) {
      const m = readNifti(join(dir, file));
      expect(Buffer.compare(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength), mask), file).toBe(0);
    }
    const meta = JSON.parse(readFileSync(join(dir, "phantom.json"), "utf8"));
    expect(meta.kind).toBe("ct");
    expect(meta.seed).toBe(3);
    expect(meta.lesion_face_distance_mm).toBeGreaterThanOrEqual(40);
  });

  it("rejects a bad --kind or --size with a usage error", async () => {
    await expect(run(["--kind", "pet", "--out", dir])).rejects.toMatchObject({ kind: "usage" });
    await expect(run(["--kind", "ct", "--size", "big", "--out", dir])).rejects.toMatchObject({ kind: "usage" });
  });
});
