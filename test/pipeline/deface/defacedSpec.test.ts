import { describe, expect, it } from "vitest";
import { parseDefacedSpec, parseDefacedSpecs } from "../../../pipeline/deface/defacedSpec.js";

describe("--defaced NAME=FILE", () => {
  it("splits the name from the path, or names the condition after the file", () => {
    expect(parseDefacedSpec("pydeface=out/a=b.nii.gz")).toEqual({ name: "pydeface", path: "out/a=b.nii.gz" });
    expect(parseDefacedSpec("out/mri_deface.nii.gz")).toEqual({ name: "mri_deface", path: "out/mri_deface.nii.gz" });
  });
  it("refuses bad names and duplicates", () => {
    expect(() => parseDefacedSpec("a b=x.nii")).toThrow(/may hold only/);
    expect(() => parseDefacedSpecs(["t=a.nii", "t=b.nii"])).toThrow(/used twice/);
  });
});
