import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Mask, Volume } from "../../analysis/core/volume.js";
import { makeHeadPhantom, type HeadPhantom } from "../../fixtures/phantom/makeHeadPhantom.js";
import { writeNifti } from "../../pipeline/io/nifti.js";
import { projectRoot } from "../../pipeline/version.js";
import { writeDataset, writeSeries, type SeriesSpec } from "../pipeline/io/dicom/synthetic.js";
import { readmeBlocks, shellCommands, words } from "./readmeBlocks.js";

/**
 * Every example command of the README (```sh blocks, `npx deface-impact ...`) runs as written on
 * phantom files standing in for its placeholder names, so an example that no longer runs fails here.
 * The only additions: --threads 1 and --quiet (speed, quiet logs); `npx deface-impact` is the built CLI.
 */
const main = join(projectRoot(), "dist", "pipeline", "cli", "main.js");

/** What each placeholder file name of the README stands for. */
const PLACEHOLDERS: Record<string, "image" | "roi" | "face" | "brain" | "defaced"> = {
  "head.nii.gz": "image",
  "tumour.nii.gz": "roi",
  "face.nii.gz": "face",
  "brain.nii.gz": "brain",
  "head_pydeface.nii.gz": "defaced",
  "head_reface.nii.gz": "defaced",
  "other_tool.nii.gz": "defaced",
  // the manifest of the README's csv block
  "s01/t1.nii.gz": "image",
  "s01/tumour.nii.gz": "roi",
  "s01/brain.nii.gz": "brain",
  "s01/face.nii.gz": "face",
  "s01/t1_pydeface.nii.gz": "defaced",
};
/** Placeholders that are not NIfTI: the phantom as a DICOM series and its ROI as an RTSTRUCT; the manifest is the README's csv block. */
const DICOM_SERIES = "ct_dicom";
const RTSTRUCT = "rs.dcm";
const MANIFEST = "cohort.csv";

/** Examples documented to fail: the regression suite catching a change exits 1. */
const EXPECTED_EXIT: Record<string, number> = { "regress --phantom-seed 2": 1 };

const COMMANDS_WITH_THREADS = new Set(["run", "compare", "features", "regress"]);

function examples(): string[] {
  return readmeBlocks()
    .filter((b) => b.lang === "sh")
    .flatMap((b) => shellCommands(b.text))
    .filter((c) => c.startsWith("npx deface-impact "))
    .map((c) => c.slice("npx deface-impact ".length));
}

describe("the README's example commands run on the phantoms", () => {
  const dir = mkdtempSync(join(tmpdir(), "readme-examples-"));
  let phantom: HeadPhantom;
  beforeAll(() => {
    // 64³ at 3 mm: the head at full size, seconds per command
    phantom = makeHeadPhantom({ kind: "ct", seed: 5, dims: [64, 64, 64], spacing: [3, 3, 3] });
    const volumes = { image: phantom.image, roi: mask(phantom.roi), face: mask(phantom.faceMask), brain: mask(phantom.brainMask), defaced: defacedByMin(phantom) };
    for (const [name, what] of Object.entries(PLACEHOLDERS)) writeNifti(join(dir, name), volumes[what]);
    writeDicom(dir, phantom);
    const csv = readmeBlocks().find((b) => b.lang === "csv");
    expect(csv, "README.md shows the manifest as a csv block").toBeDefined();
    writeFileSync(join(dir, MANIFEST), csv!.text);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const mask = (m: Mask): Volume => ({ ...phantom.image, data: m });

  const list = examples();
  it("finds the examples of every command the README shows", () => {
    const commands = new Set(list.map((c) => words(c)[0]));
    expect([...commands].sort()).toEqual(["--help", "compare", "deface", "regress", "run"]);
    expect(list.length).toBeGreaterThanOrEqual(10);
  });

  for (const example of list) {
    it(`npx deface-impact ${example}`, () => {
      const args = words(example);
      const extra = COMMANDS_WITH_THREADS.has(args[0]) ? ["--threads", "1", "--quiet"] : [];
      const r = spawnSync(process.execPath, [main, ...args, ...extra], { cwd: dir, encoding: "utf8", timeout: 600_000 });
      const expected = EXPECTED_EXIT[example] ?? 0;
      expect(r.status, `${r.stderr}\n${r.stdout}`).toBe(expected);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }, 600_000);
  }
});

/** "Another tool's" output: the face set to the image's lowest value. */
function defacedByMin(p: HeadPhantom): Volume {
  let min = Infinity;
  for (const v of p.image.data) min = Math.min(min, v);
  const data = Int16Array.from(p.image.data);
  p.faceMask.forEach((m, i) => {
    if (m) data[i] = min;
  });
  return { ...p.image, data };
}

/**
 * The phantom as a CT series (signed 16-bit HU) oriented so that voxel (i, j, k)
 * keeps its RAS direction (rows run to the patient's right: −L; columns anterior: −P), and the
 * lesion as an RTSTRUCT ROI "GTV-1": per slice, the square around the lesion's voxels.
 */
function writeDicom(dir: string, p: HeadPhantom): void {
  const [nx, ny, nz] = p.image.dims;
  const [sx, sy, sz] = p.image.spacing;
  const origin: [number, number, number] = [100, 100, -90];
  const spec: SeriesSpec = {
    nx,
    ny,
    positions: Array.from({ length: nz }, (_, k) => k * sz),
    iop: [-1, 0, 0, 0, -1, 0],
    pixelSpacing: [sy, sx],
    origin,
    stored: (i, j, k) => p.image.data[i + nx * (j + ny * k)],
    signed: true,
  };
  writeSeries(join(dir, DICOM_SERIES), spec);
  const contours: { ContourGeometricType: string; NumberOfContourPoints: number; ContourData: number[] }[] = [];
  for (let k = 0; k < nz; k++) {
    let [i0, i1, j0, j1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        if (!p.roi[i + nx * (j + ny * k)]) continue;
        [i0, i1, j0, j1] = [Math.min(i0, i), Math.max(i1, i), Math.min(j0, j), Math.max(j1, j)];
      }
    }
    if (i0 > i1) continue;
    // LPS of voxel (i, j) on slice k: origin + i·sx·(−1, 0, 0) + j·sy·(0, −1, 0) + k·sz·(0, 0, 1)
    const corner = (i: number, j: number) => [origin[0] - i * sx, origin[1] - j * sy, origin[2] + k * sz];
    const square = [corner(i0 - 0.5, j0 - 0.5), corner(i1 + 0.5, j0 - 0.5), corner(i1 + 0.5, j1 + 0.5), corner(i0 - 0.5, j1 + 0.5)].flat();
    contours.push({ ContourGeometricType: "CLOSED_PLANAR", NumberOfContourPoints: 4, ContourData: square });
  }
  mkdirSync(dir, { recursive: true });
  writeDataset(join(dir, RTSTRUCT), {
    SOPClassUID: "1.2.840.10008.5.1.4.1.1.481.3",
    SOPInstanceUID: "1.2.826.0.1.3680043.2.1125.99",
    Modality: "RTSTRUCT",
    StructureSetROISequence: [{ ROINumber: 1, ROIName: "GTV-1", ReferencedFrameOfReferenceUID: "1.2.826.0.1.3680043.2.1125.8" }],
    ROIContourSequence: [{ ReferencedROINumber: 1, ContourSequence: contours }],
  });
}
