import { describe, expect, it } from "vitest";
import type { Volume } from "../../analysis/core/volume.js";
import { defaceFillValues } from "../../masks/defaceFill.js";
import { applyFill, maskIndices } from "../../masks/uniformFill.js";
import { importDefaced, importFaceMask } from "../../masks/importDefaced.js";
import { syntheticHead } from "./syntheticHead.js";

describe("importing another tool's defaced image", () => {
  const h = syntheticHead();
  const indices = maskIndices(h.face);
  const deface = (values: Float64Array): Volume => ({ ...h.image, data: applyFill(h.image, indices, values) });

  it("recovers the mask of a zero-filled image exactly and reports a zero fill", () => {
    const got = importDefaced(h.image, deface(new Float64Array(indices.length)), "tool_zero.nii.gz");
    expect(got.fill).toEqual({ kind: "zero" });
    expect(got.changedVoxels).toBe(indices.length);
    expect(Buffer.from(got.mask).equals(Buffer.from(h.face))).toBe(true);
  });

  it("reports a constant fill with its value", () => {
    const got = importDefaced(h.image, deface(new Float64Array(indices.length).fill(-7)), "tool_const.nii.gz");
    expect(got.fill).toEqual({ kind: "constant", value: -7 });
  });

  it("reports a noise fill as noise", () => {
    const values = defaceFillValues({ kind: "noise" }, h.image, indices, { mask: h.face, head: h.head, seed: 42 });
    // the synthetic background is a narrow band of values: widen it so few draws equal the original
    for (let m = 0; m < values.length; m++) values[m] = values[m] * 3 + 500;
    const got = importDefaced(h.image, deface(values), "tool_noise.nii.gz");
    expect(got.fill.kind).toBe("noise");
  });

  it("reports smoothly varying replacement content (a template face) as content", () => {
    const [nx, ny] = h.image.dims;
    const values = new Float64Array(indices.length);
    indices.forEach((v, m) => {
      const i = v % nx;
      const j = Math.floor(v / nx) % ny;
      values[m] = 200 + 50 * Math.sin(i / 4) + 3 * j; // never equal to the original values
    });
    const got = importDefaced(h.image, deface(values), "template.nii.gz");
    expect(got.fill.kind).toBe("content");
  });

  it("refuses an image on another grid, naming the file", () => {
    const other: Volume = { ...h.image, dims: [h.image.dims[0] - 1, h.image.dims[1], h.image.dims[2]] };
    expect(() => importDefaced(h.image, other, "other.nii.gz")).toThrow(/other\.nii\.gz.*dimensions/);
  });
});

describe("importing a face mask file", () => {
  it("keeps binary masks and thresholds probabilities at 0.5", () => {
    expect([...importFaceMask([0, 1, 1, 0], "m.nii.gz")]).toEqual([0, 1, 1, 0]);
    expect([...importFaceMask([0, 0.49, 0.5, 0.9], "p.nii.gz")]).toEqual([0, 0, 1, 1]);
    // ones before and after the first probability are thresholded like the rest
    expect([...importFaceMask([1, 0, 0.3, 1, 0.7, 0], "mixed.nii.gz")]).toEqual([1, 0, 0, 1, 1, 0]);
    expect([...importFaceMask(Float32Array.of(-0, 1, 0), "f.nii.gz")]).toEqual([0, 1, 0]);
  });
  it("refuses labels outside [0, 1] and empty masks, naming the first bad value", () => {
    expect(() => importFaceMask([0, 2], "labels.nii.gz")).toThrow(/labels\.nii\.gz/);
    expect(() => importFaceMask([1, 0.5, -1, 3], "neg.nii.gz")).toThrow(/found -1/);
    expect(() => importFaceMask([0, 1, NaN], "nan.nii.gz")).toThrow(/found NaN/);
    expect(() => importFaceMask([0, 0], "empty.nii.gz")).toThrow(/empty/);
    // a probabilistic mask whose every value is below 0.5 removes nothing
    expect(() => importFaceMask([0, 0.2, 0.49], "faint.nii.gz")).toThrow(/empty/);
  });
});
