import { describe, expect, it } from "vitest";
import { asInput, describeInput, separateInputs } from "../../web/src/droppedFiles.js";
import type { DroppedFile } from "../../web/src/worker/protocol.js";

const files = (...paths: string[]): DroppedFile[] => paths.map((path) => ({ path, file: new File([], path.split("/").pop()!) }));
const paths = (i: { files: DroppedFile[] }) => i.files.map((f) => f.path);

describe("dropped files as the run's inputs", () => {
  it("a file is itself; a folder is its name (a DICOM series); a .nhdr travels with its data file", () => {
    expect(asInput(files("ct.nii.gz"), "image", new Set()).path).toBe("ct.nii.gz");
    const folder = asInput(files("series/IM2.dcm", "series/sub/IM1.dcm"), "image", new Set());
    expect([folder.path, paths(folder)]).toEqual(["series", ["series/IM2.dcm", "series/sub/IM1.dcm"]]);
    expect(asInput(files("head.raw.gz", "head.nhdr"), "image", new Set()).path).toBe("head.nhdr");
    const loose = asInput(files("IM1.dcm", "IM2.dcm"), "image", new Set());
    expect([loose.path, paths(loose)]).toEqual(["dicom", ["dicom/IM1.dcm", "dicom/IM2.dcm"]]);
  });

  it("a name another input already has goes into a folder named for its slot, as two folders would on a disk", () => {
    const second = asInput(files("head.nii.gz"), "defaced", new Set(["head.nii.gz", "roi.nii.gz"]));
    expect([second.path, paths(second)]).toEqual(["defaced/head.nii.gz", ["defaced/head.nii.gz"]]);
    const series = asInput(files("ct/IM1.dcm"), "faceMask", new Set(["ct"]));
    expect(series.path).toBe("faceMask/ct");
  });

  it("several defaced images dropped at once: one input each, a .nhdr with its data file, a folder whole", () => {
    const groups = separateInputs(files("a.nii.gz", "tool.raw.gz", "b.nrrd", "tool.nhdr", "series/IM1.dcm", "series/IM2.dcm", "a.nrrd"));
    expect(groups.map((g) => g.map((f) => f.path))).toEqual([["a.nii.gz"], ["tool.raw.gz", "tool.nhdr"], ["b.nrrd"], ["series/IM1.dcm", "series/IM2.dcm"], ["a.nrrd"]]);
    const listed = groups.map((g) => describeInput(asInput(g, "defaced", new Set())));
    expect(listed).toEqual(["a.nii.gz", "tool.nhdr (with tool.raw.gz)", "b.nrrd", "series/ (2 files)", "a.nrrd"]);
  });
});
