import { describe, expect, it } from "vitest";
import { countMask, type Mask } from "../../analysis/core/volume.js";
import { makeHeadPhantom, reorientPhantom, type HeadPhantom } from "../../fixtures/phantom/index.js";
import { ctBrainMask } from "../../masks/brainMaskCt.js";
import { buildFaceMask } from "../../masks/faceMask.js";
import { importDefaced } from "../../masks/importDefaced.js";
import { defaceFillValues } from "../../masks/defaceFill.js";
import { applyFill, maskIndices } from "../../masks/uniformFill.js";

/**
 * The acceptance criteria on the head phantoms (2 mm grid, 192 mm field of view, the same
 * anatomy as the default 1.2 mm phantom): the shear defacer removes >= 95 % of the ground-truth
 * face, no brain, and leaves <= 5 % of the facial skin surface, whatever the voxel order.
 */
const overlap = (a: Mask, b: Mask) => {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] && b[i]) n++;
  return n;
};
const ORIENTATIONS = ["RAS", "LPS", "LAS", "axial-flipped", "sagittal"] as const;
const phantoms: Record<"ct" | "mr", HeadPhantom> = {
  ct: makeHeadPhantom({ kind: "ct", seed: 3, dims: [96, 96, 96], spacing: [2, 2, 2] }),
  mr: makeHeadPhantom({ kind: "mr", seed: 3, dims: [96, 96, 96], spacing: [2, 2, 2] }),
};

describe.each(["ct", "mr"] as const)("shear defacer on the %s phantom with its brain mask", (kind) => {
  for (const orientation of ORIENTATIONS) {
    it(`stored ${orientation}: >= 95 % of the face removed, 0 brain voxels, residual face <= 5 %`, () => {
      const ph = reorientPhantom(phantoms[kind], orientation);
      const r = buildFaceMask(ph.image, {
        source: { kind: "shear" },
        brain: { mask: ph.brainMask, name: "phantom brain" },
        faceRegion: ph.faceMask,
        roi: ph.roi,
      });
      expect(overlap(r.mask, ph.faceMask) / countMask(ph.faceMask)).toBeGreaterThanOrEqual(0.95);
      expect(overlap(r.mask, ph.brainMask)).toBe(0);
      expect(r.safety.brainIntrusionVoxels).toBe(0);
      expect(r.privacy.residualPercent).not.toBeNull();
      expect(r.privacy.residualPercent!).toBeLessThanOrEqual(5);
      expect(r.safety.roiOverlapVoxels).toBe(0);
      expect(r.safety.minDistanceToRoiMm!).toBeGreaterThan(20);
      // the plane faces anterior-inferior in world coordinates in every storage order
      expect(r.plane!.normal[1]).toBeGreaterThan(0.4);
      expect(r.plane!.normal[2]).toBeLessThan(-0.4);
    });
  }
});

describe("automatic CT brain mask (intracranial region) on the CT phantom", () => {
  for (const orientation of ["RAS", "sagittal"] as const) {
    it(`stored ${orientation}: holds the whole brain and little else; the shear cut then spares the brain`, () => {
      const ph = reorientPhantom(phantoms.ct, orientation);
      const auto = ctBrainMask(ph.image);
      // intracranial = brain + the CSF shell: all of the brain, not much more
      expect(overlap(auto, ph.brainMask) / countMask(ph.brainMask)).toBeGreaterThan(0.995);
      expect(countMask(auto) / countMask(ph.brainMask)).toBeLessThan(1.3);
      const r = buildFaceMask(ph.image, { source: { kind: "shear" }, faceRegion: ph.faceMask });
      expect(r.brainSource).toBe("ct-automatic");
      expect(overlap(r.mask, ph.brainMask)).toBe(0);
      expect(overlap(r.mask, ph.faceMask) / countMask(ph.faceMask)).toBeGreaterThanOrEqual(0.95);
    });
  }
});

describe("another tool's output on the phantom", () => {
  const ph = phantoms.mr;
  // a face mask restricted to voxels whose value is not 0, so a zero fill changes every one of them
  const face = ph.faceMask.map((m, i) => (m && ph.image.data[i] !== 0 ? 1 : 0));
  const indices = maskIndices(face);
  it("a zero-filled defaced image gives back its mask exactly", () => {
    const defaced = { ...ph.image, data: applyFill(ph.image, indices, new Float64Array(indices.length)) };
    const r = buildFaceMask(ph.image, { source: { kind: "defaced", image: defaced, name: "zero.nii.gz" }, brain: { mask: ph.brainMask, name: "b" } });
    expect(Buffer.from(r.mask).equals(Buffer.from(face))).toBe(true);
    expect(r.detectedFill).toEqual({ kind: "zero" });
    expect(r.fillName).toBe("zero");
  });
  it("a noise-filled defaced image is reported as noise", () => {
    const values = defaceFillValues({ kind: "noise" }, ph.image, indices, { mask: face, head: ph.headMask, seed: 9 });
    const defaced = { ...ph.image, data: applyFill(ph.image, indices, values) };
    const got = importDefaced(ph.image, defaced, "noise.nii.gz");
    expect(got.fill.kind).toBe("noise");
    // the mask is the changed voxels: all inside the true mask, nearly all of it (a draw can equal the original)
    expect(overlap(got.mask, face)).toBe(got.changedVoxels);
    expect(got.changedVoxels / indices.length).toBeGreaterThan(0.9);
  });
  it("a blurred face is reported as replaced content, not noise", () => {
    const values = defaceFillValues({ kind: "blur", sigmaMm: 8 }, ph.image, indices, { mask: face, head: ph.headMask, seed: 1 });
    const defaced = { ...ph.image, data: applyFill(ph.image, indices, values) };
    expect(importDefaced(ph.image, defaced, "blur.nii.gz").fill.kind).toBe("content");
  });
});
