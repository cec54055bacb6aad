import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterAll, describe, expect, it, vi } from "vitest";
import { registerConvert } from "../../../pipeline/cli/commands/convert.js";
import { readDicomSeries } from "../../../pipeline/io/dicom/readSeries.js";
import { readVolume } from "../../../pipeline/io/readVolume.js";
import { writeDataset, writeSeries, ippOf, type SeriesSpec } from "../io/dicom/synthetic.js";

const root = mkdtempSync(join(tmpdir(), "convert-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function convert(args: string[]): Promise<void> {
  const program = new Command().exitOverride();
  registerConvert(program);
  const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    await program.parseAsync(["node", "deface-impact", "convert", ...args]);
  } finally {
    out.mockRestore();
  }
}

describe("convert", () => {
  it("writes the DICOM series as NIfTI, the RTSTRUCT ROI as a mask beside it, and the metadata", async () => {
    const spec: SeriesSpec = { nx: 6, ny: 5, positions: [2, 0, 4], pixelSpacing: [1, 1], intercept: -1000, stored: (i, j, k) => i + 10 * j + 100 * k };
    const dir = join(root, "series");
    writeSeries(dir, spec);
    const o = ippOf(spec, 2);
    const rs = join(root, "rs.dcm");
    writeDataset(rs, {
      SOPClassUID: "1.2.840.10008.5.1.4.1.1.481.3", SOPInstanceUID: "1.2.3.5", Modality: "RTSTRUCT",
      StructureSetROISequence: [{ ROINumber: 7, ROIName: "lesion" }],
      ROIContourSequence: [{ ReferencedROINumber: 7, ContourSequence: [{
        ContourGeometricType: "CLOSED_PLANAR", NumberOfContourPoints: 4,
        ContourData: [o[0] + 0.5, o[1] + 0.5, o[2], o[0] + 2.5, o[1] + 0.5, o[2], o[0] + 2.5, o[1] + 1.5, o[2], o[0] + 0.5, o[1] + 1.5, o[2]],
      }] }],
    });
    const out = join(root, "ct.nii.gz");
    await convert(["--image", dir, "--roi", rs, "--roi-name", "lesion", "--out", out, "--metadata", join(root, "meta.json")]);
    const nifti = readVolume(out);
    const dicom = readDicomSeries(dir).volume;
    expect(Array.from(nifti.data)).toEqual(Array.from(dicom.data));
    for (let n = 0; n < 16; n++) expect(nifti.affine[n]).toBeCloseTo(dicom.affine[n], 5);
    const mask = readVolume(join(root, "ct_lesion.nii.gz"));
    // voxels i 1..2, j 1 of the middle slice
    expect(Array.from(mask.data).reduce((s, v) => s + v, 0)).toBe(2);
    expect(mask.data[1 + 6 * (1 + 5 * 1)]).toBe(1);
    expect(JSON.parse(readFileSync(join(root, "meta.json"), "utf8")).metadata.Modality).toBe("CT");
  });

  it("rejects --roi-name without --roi (usage), and an RTSTRUCT without --roi-name, listing its structures (input)", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "convert-out-"));
    try {
      await expect(convert(["--image", join(root, "series"), "--roi-name", "lesion", "--out", join(elsewhere, "y.nii.gz")])).rejects.toMatchObject({
        kind: "usage",
        message: expect.stringMatching(/--roi-name names a structure of the RTSTRUCT given as --roi/),
      });
      await expect(convert(["--image", join(root, "series"), "--roi", join(root, "rs.dcm"), "--out", join(elsewhere, "y.nii.gz")])).rejects.toMatchObject({
        kind: "input",
        message: expect.stringMatching(/needs --roi-name to choose a structure: "lesion"/),
      });
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it("still takes the old --rtstruct and --mask-out, with a deprecation notice for each", async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), "convert-old-"));
    const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const maskOut = join(elsewhere, "lesion.nii.gz");
      await convert(["--image", join(root, "series"), "--rtstruct", join(root, "rs.dcm"), "--roi-name", "lesion", "--mask-out", maskOut, "--out", join(elsewhere, "ct.nii.gz")]);
      expect(Array.from(readVolume(maskOut).data).reduce((s, v) => s + v, 0)).toBe(2);
      const notices = err.mock.calls.map((c) => String(c[0]));
      expect(notices).toContainEqual(expect.stringMatching(/^deface-impact: warning: --rtstruct is deprecated .*; use --roi/));
      expect(notices).toContainEqual(expect.stringMatching(/^deface-impact: warning: --mask-out is deprecated .*; use --roi-out/));
    } finally {
      err.mockRestore();
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
