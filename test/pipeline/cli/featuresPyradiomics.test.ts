import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scalingAffine, type Vec3 } from "../../../analysis/core/volume.js";
import { writeNrrd } from "../../../pipeline/io/nrrdWrite.js";
import { parseCsv } from "../../../pipeline/validate/ibsiReferenceCsv.js";
import { projectRoot } from "../../../pipeline/version.js";

const cli = (args: string[]) =>
  spawnSync(process.execPath, [join(projectRoot(), "dist", "pipeline", "cli", "main.js"), ...args], { encoding: "utf8" });

/**
 * `features --settings params.yaml` with a PyRadiomics parameter file, on a 16×14×8 int16 image
 * and a label map holding two ROIs (labels 1 and 2), written as NRRD as PyRadiomics users have them.
 */
describe("features with a PyRadiomics parameter file", () => {
  const dir = mkdtempSync(join(tmpdir(), "features-pyradiomics-"));
  const dims: Vec3 = [16, 14, 8];
  const image = new Int16Array(16 * 14 * 8);
  const labels = new Int16Array(image.length);
  for (let k = 0, p = 0; k < 8; k++)
    for (let j = 0; j < 14; j++)
      for (let i = 0; i < 16; i++, p++) {
        image[p] = 50 + 13 * i + 7 * j + 29 * k + ((i * 7 + j * 3 + k) % 5) * 11;
        if (i >= 2 && i < 6 && j >= 2 && j < 6 && k >= 2 && k < 5) labels[p] = 1;
        if (i >= 8 && i < 14 && j >= 5 && j < 12 && k >= 1 && k < 6) labels[p] = 2;
      }
  const label2 = Array.from(image).filter((_, p) => labels[p] === 2);
  const paths = { image: join(dir, "image.nrrd"), labels: join(dir, "labels.nrrd"), params: join(dir, "Params.yaml"), ibsi: join(dir, "ibsi.yaml") };
  const base = (out: string, settings = paths.params) => ["features", "--image", paths.image, "--roi", paths.labels, "--settings", settings, "--out", join(dir, out), "--quiet"];
  const table = (file: string) => {
    const [header, ...body] = parseCsv(readFileSync(join(dir, file), "utf8")).filter((r) => r.length > 1);
    return { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
  };

  beforeAll(() => {
    const grid = { dims, spacing: [0.8, 0.8, 2] as Vec3, affine: scalingAffine([0.8, 0.8, 2], [-10, 5, 3]) };
    writeNrrd(paths.image, { ...grid, data: image });
    writeNrrd(paths.labels, { ...grid, data: labels });
    writeFileSync(
      paths.params,
      ["imageType:", "  Original: {}", "featureClass:", "  firstorder: [Mean, Energy, Kurtosis]", "  shape:", "  glcm: [Contrast, MCC]", "setting:", "  label: 2", "  binWidth: 25", "  voxelArrayShift: 100", "  preCrop: true"].join("\n") + "\n",
    );
    writeFileSync(paths.ibsi, "processing:\n  discretisation: [fbs25]\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("--conventions pyradiomics: featureName,value rows named as PyRadiomics names them, for the label the file selects", () => {
    const r = cli([...base("py.csv"), "--conventions", "pyradiomics"]);
    expect(r.status, r.stderr).toBe(0);
    const { header, rows } = table("py.csv");
    expect(header).toEqual(["featureName", "value", "unit", "ibsi_code", "aggregation_code"]);
    const get = (name: string) => rows.find((x) => x.featureName === name)!;
    expect(Number(get("diagnostics_Mask-original_VoxelNum").value)).toBe(label2.length);
    expect(get("diagnostics_Image-original_Size").value).toBe("(16, 14, 8)");
    const mean = label2.reduce((a, b) => a + b, 0) / label2.length;
    expect(Number(get("original_firstorder_Mean").value)).toBeCloseTo(mean, 9);
    expect(Number(get("original_firstorder_Energy").value)).toBeCloseTo(label2.reduce((a, x) => a + (x + 100) ** 2, 0), 3);
    expect(get("original_firstorder_Energy")).toMatchObject({ unit: "(image units)²", ibsi_code: "N8CA", aggregation_code: "DHQ4" });
    expect(Number(get("original_shape_VoxelVolume").value)).toBeCloseTo(label2.length * 0.8 * 0.8 * 2, 9);
    expect(get("original_glcm_Contrast")).toMatchObject({ ibsi_code: "ACUI", aggregation_code: "ITBB", unit: "–" });
    expect(get("original_glcm_MCC")).toMatchObject({ ibsi_code: "", unit: "–" });
    // PyRadiomics' order: diagnostics, then shape (computed first), then the file's classes.
    const features = rows.filter((x) => x.featureName.startsWith("original_")).map((x) => x.featureName.split("_")[1]);
    expect([...new Set(features)]).toEqual(["shape", "firstorder", "glcm"]);
    expect(rows.filter((x) => x.featureName.startsWith("original_firstorder")).map((x) => x.featureName)).toEqual([
      "original_firstorder_Mean",
      "original_firstorder_Energy",
      "original_firstorder_Kurtosis",
    ]);
  });

  it("default conventions: IBSI's tidy rows under the file's processing", () => {
    const r = cli(base("ibsi.csv"));
    expect(r.status, r.stderr).toBe(0);
    const { rows } = table("ibsi.csv");
    expect(new Set(rows.map((x) => x.family))).toEqual(new Set(["intensity_statistics", "morphology", "glcm"]));
    const mean = rows.find((x) => x.ibsi_code === "Q4LE")!;
    expect(Number(mean.value)).toBeCloseTo(label2.reduce((a, b) => a + b, 0) / label2.length, 9);
    expect(mean.config).toBe("nodisc");
    // the bin width of the file (PyRadiomics' default 25) is the texture configuration
    expect(new Set(rows.filter((x) => x.family === "glcm").map((x) => x.config))).toEqual(new Set(["fbs25"]));
  });

  it("--conventions pyradiomics needs a PyRadiomics file (usage error, exit 2, nothing written)", () => {
    const r = cli([...base("no.csv", paths.ibsi), "--conventions", "pyradiomics"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("needs a PyRadiomics parameter file");
    expect(existsSync(join(dir, "no.csv"))).toBe(false);
    const unknown = cli([...base("no.csv"), "--conventions", "mirp"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/features\.conventions/);
  });

  it("a key that cannot be honoured, or a label absent from the label map, is an input error naming the file (exit 3)", () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "imageType:\n  Original: {}\n  LoG: {sigma: [1.0]}\nsetting:\n  label: 2\n");
    const r = cli([...base("bad.csv", bad), "--conventions", "pyradiomics"]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toContain("imageType.LoG");
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const absent = join(dir, "absent.yaml");
    writeFileSync(absent, "setting:\n  label: 5\n");
    const a = cli([...base("absent.csv", absent), "--conventions", "pyradiomics"]);
    expect(a.status).toBe(3);
    expect(a.stderr).toContain("label 5 does not occur in the label map (labels present: 1, 2)");
    expect(existsSync(join(dir, "absent.csv"))).toBe(false);
  });
});
