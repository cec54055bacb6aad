import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import { countMask } from "../../../analysis/core/volume.js";
import { makeHeadPhantom } from "../../../fixtures/phantom/index.js";
import { DEFACE_OUTPUTS, defaceToFolder } from "../../../pipeline/deface/defaceToFolder.js";
import { writeNifti } from "../../../pipeline/io/niftiWrite.js";
import { readVolume } from "../../../pipeline/io/readVolume.js";

describe("deface command: files in, defaced image, mask, renders and summary out", () => {
  const dir = mkdtempSync(join(tmpdir(), "deface-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const ph = makeHeadPhantom({ kind: "mr", seed: 2, dims: [80, 80, 80], spacing: [2.4, 2.4, 2.4] });
  const image = join(dir, "head.nii.gz");
  const brain = join(dir, "brain.nii.gz");
  const roi = join(dir, "roi.nii.gz");
  writeNifti(image, ph.image);
  writeNifti(brain, { ...ph.image, data: ph.brainMask });
  writeNifti(roi, { ...ph.image, data: ph.roi });

  it("writes every output; the defaced image is the input with the mask filled by zero", () => {
    const out = join(dir, "out");
    const lines: string[] = [];
    const { summary } = defaceToFolder({ image, out, brainMask: brain, roi, fill: { kind: "zero" }, log: (l) => lines.push(l) });
    for (const f of DEFACE_OUTPUTS) expect(readFileSync(join(out, f)).length).toBeGreaterThan(0);
    const defaced = readVolume(join(out, "defaced.nii.gz"));
    const mask = readVolume(join(out, "face_mask.nii.gz")).data;
    let mismatches = 0;
    for (let i = 0; i < mask.length; i++) if (defaced.data[i] !== (mask[i] ? 0 : ph.image.data[i])) mismatches++;
    expect(mismatches).toBe(0);
    expect(countMask(Uint8Array.from(mask))).toBe(summary.safety.mask_voxels);
    expect(summary.safety.brain_intrusion_voxels).toBe(0);
    expect(summary.safety.min_distance_to_roi_mm).toBeGreaterThan(20);
    const png = PNG.sync.read(readFileSync(join(out, "render_front_before.png")));
    expect([png.width, png.height]).toEqual([512, 512]);
    const json = JSON.parse(readFileSync(join(out, "deface_summary.json"), "utf8"));
    expect(json.fill).toBe("zero");
    expect(readFileSync(join(out, "deface_summary.md"), "utf8")).toContain("brain intrusion");
    expect(lines.some((l) => l.includes("shear plane"))).toBe(true);
  });

  it("analyses another tool's output: recovers the mask and the fill", () => {
    const out = join(dir, "tool");
    const { summary } = defaceToFolder({ image, out: join(dir, "first"), brainMask: brain, fill: { kind: "constant", value: 7 } });
    const { summary: again } = defaceToFolder({ image, out, brainMask: brain, defaced: join(dir, "first", "defaced.nii.gz") });
    expect(again.detected_fill).toEqual({ kind: "constant", value: 7 });
    // voxels that already held 7 cannot be seen as changed
    let already = 0;
    const mask = readVolume(join(dir, "first", "face_mask.nii.gz")).data;
    for (let i = 0; i < mask.length; i++) if (mask[i] && ph.image.data[i] === 7) already++;
    expect(again.safety.mask_voxels).toBe(summary.safety.mask_voxels - already);
  });

  it("refuses a brain mask on another grid, naming the file", () => {
    const other = join(dir, "small.nii.gz");
    writeNifti(other, { ...ph.image, dims: [40, 80, 160], data: ph.brainMask });
    expect(() => defaceToFolder({ image, out: join(dir, "bad"), brainMask: other })).toThrow(/small\.nii\.gz/);
  });
});
