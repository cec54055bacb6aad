import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaceToFolder } from "../../../pipeline/deface/defaceToFolder.js";
import { writeNifti } from "../../../pipeline/io/niftiWrite.js";
import { readVolume } from "../../../pipeline/io/readVolume.js";
import { syntheticHead } from "../../masks/syntheticHead.js";
import { writeSeries } from "../io/dicom/synthetic.js";

const root = mkdtempSync(join(tmpdir(), "deface-dicom-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("deface with a DICOM series", () => {
  it("writes the defaced, de-identified series to OUT/dicom/, equal to defaced.nii.gz", () => {
    const head = syntheticHead(true);
    const [nx, ny, nz] = head.image.dims;
    // The head's RAS grid (2 mm, origin -47,-55,-51) as axial DICOM slices: voxel i runs along
    // RAS +x = LPS -x (row direction -1,0,0), j along RAS +y = LPS -y (column direction 0,-1,0).
    const dir = join(root, "series");
    writeSeries(dir, {
      nx, ny, positions: Array.from({ length: nz }, (_x, k) => -51 + 2 * k), iop: [-1, 0, 0, 0, -1, 0], pixelSpacing: [2, 2],
      origin: [47, 55, 0], signed: true, stored: (i, j, k) => Math.round(head.image.data[i + nx * (j + ny * k)]),
      extra: { PatientName: "Headley^Harriet", PatientID: "HH-123456", StudyDate: "20190704", InstitutionName: "Faceless General" },
    });
    const image = readVolume(dir, { warnings: [] });
    for (let n = 0; n < 16; n++) expect(image.affine[n]).toBeCloseTo(head.image.affine[n], 9);
    const faceMask = join(root, "face.nii.gz");
    writeNifti(faceMask, { ...image, data: head.face });
    const out = join(root, "out");
    defaceToFolder({ image: dir, out, faceMask, deidKey: "secret", deid: { datesToYear: true } });
    const defaced = readVolume(join(out, "defaced.nii.gz"));
    const files = readdirSync(join(out, "dicom"));
    expect(files).toHaveLength(nz);
    const back = readVolume(join(out, "dicom"), { warnings: [] });
    expect(Array.from(back.data)).toEqual(Array.from(defaced.data));
    for (const f of files) {
      const bytes = readFileSync(join(out, "dicom", f));
      for (const needle of ["Headley", "Harriet", "HH-123456", "20190704", "Faceless"]) expect(bytes.includes(Buffer.from(needle))).toBe(false);
    }
  });
});
