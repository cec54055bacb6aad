import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runPhantomCohort } from "../../../pipeline/compare/phantomCohort.js";

describe("runPhantomCohort (the demo's built-in cohort, small grid)", () => {
  const dir = mkdtempSync(join(tmpdir(), "phantom-cohort-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the phantoms and a manifest, and compares the built-in tools over them", async () => {
    const warnings: string[] = [];
    const { report, shifts } = await runPhantomCohort(
      join(dir, "cohort-ct"),
      { kind: "ct", n: 3, dims: [64, 64, 64], spacing: [3, 3, 3], settings: { processing: { discretisation: [] }, features: { families: ["morphology", "local_intensity", "intensity_statistics"] }, normalisation: { methods: ["zscore-global", "zscore-unmasked"] } } },
      { threads: 1, warn: (m) => warnings.push(m) },
    );
    const manifest = readFileSync(join(dir, "cohort-ct-phantoms", "cohort.csv"), "utf8").trim().split("\n");
    expect(manifest[0]).toBe("subject,image,roi,brain_mask,head_mask,face_mask,mask-zero,mask-min,shear-min");
    expect(manifest[1]).toBe("ct-01,ct-01/image.nii.gz,ct-01/roi.nii.gz,ct-01/brain_mask.nii.gz,ct-01/head_mask.nii.gz,ct-01/face_mask.nii.gz,builtin:mask:zero,builtin:mask:min,builtin:shear:min");
    expect(manifest).toHaveLength(4);
    expect(existsSync(join(dir, "cohort-ct", "report.md"))).toBe(true);
    expect(report.tools).toEqual(["mask-zero", "mask-min", "shear-min"]);
    expect(report.subjects.map((s) => s.conditions.map((c) => c.name))).toEqual(Array(3).fill(["mask-zero", "mask-min", "shear-min"]));
    // mask-zero and mask-min remove the same voxels and fill them differently (0 HU vs air)
    const s0 = report.subjects[0];
    expect(s0.conditions[0].voxels_replaced).toBe(s0.conditions[1].voxels_replaced);
    expect(s0.defacing[0].summary.fill).toBe("zero");
    expect(s0.defacing[1].summary.fill).toBe("min");
    expect(s0.defacing[2].summary.shear_plane).not.toBeNull();
    const meanShift = (tool: string) => shifts.find((s) => s.condition === tool && s.normalization === "zscore-global" && s.ibsi_code === "Q4LE")!.rel_shift;
    expect(meanShift("mask-zero")).not.toBe(meanShift("mask-min"));
    // the lesions differ between subjects, so the cohort statistics are defined
    expect(report.cohort.available).toBe(true);
    const volume = report.cohort.stats.find((s) => s.condition === "mask-min" && s.normalization === "zscore-unmasked" && s.ibsi_code === "YEKZ")!;
    expect(volume.icc).toMatchObject({ value: 1, lower: 1, upper: 1 });
    expect(warnings.some((w) => /fill zero on CT/.test(w))).toBe(true);
  });
});
