import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scalingAffine } from "../../../analysis/core/volume.js";
import { writeNifti } from "../../../pipeline/io/nifti.js";
import { niftiGeometrySection } from "../../../pipeline/validate/niftiGeometry.js";

// A stand-in data folder (never the real one): a correct digital phantom, a wrong-sized CT.
describe("niftiGeometry validation section", () => {
  const data = mkdtempSync(join(tmpdir(), "deface-impact-val-"));
  const work = mkdtempSync(join(tmpdir(), "deface-impact-valwork-"));
  const grid = { dims: [5, 4, 4] as [number, number, number], spacing: [2, 2, 2] as [number, number, number], affine: scalingAffine([2, 2, 2]) };
  const mask = new Int16Array(80);
  for (let i = 0; i < 74; i++) mask[i] = 1;
  writeNifti(join(data, "ibsi/digital_phantom/image.nii.gz"), { ...grid, data: new Int16Array(80).map((_, i) => i % 7) });
  writeNifti(join(data, "ibsi/digital_phantom/mask.nii.gz"), { ...grid, data: mask });
  writeNifti(join(data, "heads/ct_head_face.nii.gz"), { dims: [4, 4, 4], spacing: [0.957, 0.957, 1.5], affine: scalingAffine([0.957, 0.957, 1.5]), data: new Int16Array(64) });

  it("passes correct files and fails wrong or missing ones", async () => {
    const results = await niftiGeometrySection.run(data, work, () => {});
    const byName = new Map(results.map((r) => [r.name, r]));
    for (const name of ["dims", "spacing", "stored type", "ROI voxels", "grid", "write/read round trip"]) {
      expect(byName.get(`ibsi/digital_phantom/mask.nii.gz ${name}`)?.ok).toBe(true);
    }
    expect(byName.get("ibsi/digital_phantom/image.nii.gz dims")?.ok).toBe(true);
    expect(byName.get("heads/ct_head_face.nii.gz dims")?.ok).toBe(false);
    expect(byName.get("heads/ct_head_face.nii.gz spacing")?.ok).toBe(true);
    expect(byName.get("heads/mri_t1_colin27.nii.gz present")?.ok).toBe(false);
  });
});
