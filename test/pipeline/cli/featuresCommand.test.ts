import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scalingAffine } from "../../../analysis/core/volume.js";
import { matchesReference } from "../../../analysis/ibsi/matchReferences.js";
import { DIGITAL_PHANTOM_IMAGE, DIGITAL_PHANTOM_MASK, DIGITAL_PHANTOM_REFERENCES } from "../../../fixtures/ibsiDigitalPhantom.js";
import { writeNifti } from "../../../pipeline/io/nifti.js";
import { parseCsv } from "../../../pipeline/validate/ibsiReferenceCsv.js";
import { projectRoot } from "../../../pipeline/version.js";

const cli = (args: string[]) =>
  spawnSync(process.execPath, [join(projectRoot(), "dist", "pipeline", "cli", "main.js"), ...args], { encoding: "utf8" });

describe("deface-impact features on the IBSI digital phantom (NIfTI written from the fixture)", () => {
  const dir = mkdtempSync(join(tmpdir(), "features-cli-"));
  const grid = { dims: [5, 4, 4] as [number, number, number], spacing: [2, 2, 2] as [number, number, number], affine: scalingAffine([2, 2, 2]) };
  const args = () => ["features", "--image", join(dir, "image.nii.gz"), "--mask", join(dir, "mask.nii.gz"), "--threads", "1", "--quiet"];
  const rows = (file: string) => {
    const [header, ...body] = parseCsv(readFileSync(file, "utf8"));
    return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
  };

  beforeAll(() => {
    writeNifti(join(dir, "image.nii.gz"), { ...grid, data: Int16Array.from(DIGITAL_PHANTOM_IMAGE) });
    writeNifti(join(dir, "mask.nii.gz"), { ...grid, data: Int16Array.from(DIGITAL_PHANTOM_MASK) });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reproduces the 18 intensity-statistics reference values without a preset", () => {
    const r = cli([...args(), "--families", "intensity_statistics", "--out", join(dir, "stats.csv")]);
    expect(r.status, r.stderr).toBe(0);
    const got = rows(join(dir, "stats.csv"));
    const refs = DIGITAL_PHANTOM_REFERENCES.filter((x) => x.family === "intensity_statistics");
    expect(got).toHaveLength(18);
    for (const ref of refs) {
      const row = got.find((g) => g.ibsi_code === ref.ibsiCode)!;
      expect(matchesReference(Number(row.value), ref.value, ref.tolerance), ref.feature).toBe(true);
    }
  });

  it("with --preset ibsi-digital, --families and --aggregations select subsets", () => {
    const r = cli([...args(), "--preset", "ibsi-digital", "--families", "glcm,morphology", "--aggregations", "IAZD,BTW3", "--out", join(dir, "sub.csv")]);
    expect(r.status, r.stderr).toBe(0);
    const got = rows(join(dir, "sub.csv"));
    expect(new Set(got.map((g) => g.family))).toEqual(new Set(["glcm", "morphology"]));
    expect(new Set(got.filter((g) => g.family === "glcm").map((g) => g.aggregation_code))).toEqual(new Set(["IAZD", "BTW3"]));
    expect(got.filter((g) => g.family === "glcm")).toHaveLength(50);
    expect(got.filter((g) => g.family === "morphology").every((g) => g.aggregation_code === "DHQ4")).toBe(true);
  });
});
