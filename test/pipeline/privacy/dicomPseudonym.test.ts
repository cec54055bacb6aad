import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Pseudonymiser } from "../../../analysis/privacy/pseudonym/pseudonym.js";
import { defaceToFolder } from "../../../pipeline/deface/defaceToFolder.js";
import { readDicomSeries } from "../../../pipeline/io/dicom/readSeries.js";
import { writeNifti } from "../../../pipeline/io/niftiWrite.js";
import { readVolume } from "../../../pipeline/io/readVolume.js";
import { readKey, writeNewKey } from "../../../pipeline/privacy/keyFile.js";
import { syntheticHead } from "../../masks/syntheticHead.js";
import { writeSeries } from "../io/dicom/synthetic.js";
import { cli } from "./cliHelpers.js";

const root = mkdtempSync(join(tmpdir(), "dicom-pseudonym-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("--pseudonym-key on DICOM de-identification", () => {
  const head = syntheticHead(true);
  const [nx, ny, nz] = head.image.dims;
  const series = (dir: string, patientId: string) =>
    writeSeries(dir, {
      nx, ny, positions: Array.from({ length: nz }, (_x, k) => -51 + 2 * k), iop: [-1, 0, 0, 0, -1, 0], pixelSpacing: [2, 2],
      origin: [47, 55, 0], signed: true, stored: (i, j, k) => Math.round(head.image.data[i + nx * (j + ny * k)]),
      extra: { PatientName: "Headley^Harriet", PatientID: patientId, StudyDate: "20190704" },
    });
  const key = join(root, "site.key");
  writeNewKey(key);

  /** A series of the synthetic head with this PatientID, and its face mask. */
  const withFaceMask = (name: string, patientId: string) => {
    const dir = join(root, name);
    series(dir, patientId);
    const faceMask = join(root, `${name}-face.nii.gz`);
    writeNifti(faceMask, { ...readVolume(dir, { warnings: [] }), data: head.face });
    return { dir, faceMask };
  };

  it("deface: PatientID of every output file is the FF1 pseudonym, which the key reverses", () => {
    const { dir, faceMask } = withFaceMask("series", "HH-123456");
    const out = join(root, "out");
    defaceToFolder({ image: dir, out, faceMask, deidKey: "secret", pseudonymKey: key });
    const written = readDicomSeries(join(out, "dicom"));
    const ids = new Set(written.source.slices.map((s) => String(s.dict["00100020"]?.Value?.[0])));
    expect(ids.size).toBe(1);
    const [pseudonym] = [...ids];
    const p = new Pseudonymiser(readKey(key));
    expect(pseudonym).toBe(p.pseudonymise("HH-123456"));
    expect(p.reidentify(pseudonym)).toBe("HH-123456");
    for (const f of readdirSync(join(out, "dicom"))) expect(readFileSync(join(out, "dicom", f)).includes(Buffer.from("HH-123456"))).toBe(false);
    // the same tool through the CLI
    const back = cli(["privacy", "reidentify", "--key", key, pseudonym]);
    expect(back.stdout.trim()).toBe("HH-123456");
  });

  it("deface: an ID FF1 cannot take is refused before any output", () => {
    const { dir, faceMask } = withFaceMask("short", "7");
    const out = join(root, "out-short");
    expect(() => defaceToFolder({ image: dir, out, faceMask, pseudonymKey: key })).toThrow(/PatientID: .*at least 4/);
    expect(existsSync(out)).toBe(false);
  });

  it("convert: --metadata records the pseudonymised PatientID", () => {
    const dir = join(root, "series");
    const meta = join(root, "meta.json");
    const r = cli(["convert", "--image", dir, "--out", join(root, "ct.nii.gz"), "--metadata", meta, "--pseudonym-key", key]);
    expect(r.code).toBe(0);
    const { metadata } = JSON.parse(readFileSync(meta, "utf8"));
    expect(metadata.PatientID).toBe(new Pseudonymiser(readKey(key)).pseudonymise("HH-123456"));
    expect(cli(["convert", "--image", dir, "--out", join(root, "ct2.nii.gz"), "--pseudonym-key", key]).code).toBe(2);
  });
});
