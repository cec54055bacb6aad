import { describe, expect, it } from "vitest";
import { buildFaceMask, defacedImage } from "../../masks/faceMask.js";
import { applyFill } from "../../masks/uniformFill.js";
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

  it("makes no copy of the image: the removed voxels and the values the defaced image stores there", () => {
    // float32 voxels and a noise fill: the stored values are the fill's, rounded to float32
    const r = buildFaceMask(h.image, { source: { kind: "mask", mask: h.face, name: "f" }, brain, fill: { kind: "noise" }, seed: 3 });
    expect(r).not.toHaveProperty("defaced");
    expect(r.indices.length).toBe(h.face.reduce((n, x) => n + x, 0));
    expect([...r.fillValues].every((x) => x === Math.fround(x))).toBe(true);
    const image = defacedImage(h.image, r);
    expect(image.data).not.toBe(h.image.data);
    expect([...image.data]).toEqual([...applyFill(h.image, r.indices, r.fillValues)]);
    r.indices.forEach((v, n) => expect(image.data[v]).toBe(r.fillValues[n]));
    // int16 voxels: a constant beyond the type's range is stored as the type stores it
    const int16 = { ...h.image, data: Int16Array.from(h.image.data) };
    const c = buildFaceMask(int16, { source: { kind: "mask", mask: h.face, name: "f" }, brain, fill: { kind: "constant", value: 40000 } });
    expect(c.fillValues[0]).toBe(new Int16Array([40000])[0]);
  });
});
