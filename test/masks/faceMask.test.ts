import { describe, expect, it } from "vitest";
import { buildFaceMask } from "../../masks/faceMask.js";
import { syntheticHead } from "./syntheticHead.js";

describe("buildFaceMask", () => {
  const h = syntheticHead();
  const brain = { mask: h.brain, name: "brain.nii.gz" };

  it("gives the same masks and measures when it reuses an earlier result's head, skin and brain", () => {
    const first = buildFaceMask(h.image, { source: { kind: "shear" }, brain, fill: { kind: "zero" } });
    const again = buildFaceMask(h.image, { source: { kind: "mask", mask: first.mask, name: "m" }, fill: { kind: "zero" }, reuse: first });
    expect(Buffer.from(again.mask).equals(Buffer.from(first.mask))).toBe(true);
    expect(again.privacy).toEqual(first.privacy);
    expect(again.safety).toEqual(first.safety);
    expect(again.brainSource).toBe("file");
  });

  it("warns when the MR brain is only estimated, and says so again when reused", () => {
    const first = buildFaceMask(h.image, { source: { kind: "shear" }, modality: "mr" });
    expect(first.brainSource).toBe("mr-head-geometry");
    expect(first.warnings.some((w) => w.includes("estimated from head geometry"))).toBe(true);
    const again = buildFaceMask(h.image, { source: { kind: "shear" }, reuse: first });
    expect(again.warnings.some((w) => w.includes("estimated from head geometry"))).toBe(true);
  });

  it("refuses a mask that removes ROI voxels unless allowed", () => {
    const roi = h.face.slice();
    expect(() => buildFaceMask(h.image, { source: { kind: "shear" }, brain, roi })).toThrow(/ROI voxels/);
    const r = buildFaceMask(h.image, { source: { kind: "shear" }, brain, roi, allowRoiOverlap: true });
    expect(r.safety.roiOverlapVoxels).toBeGreaterThan(0);
    expect(r.safety.minDistanceToRoiMm).toBe(0);
  });
});
