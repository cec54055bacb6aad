import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { makeHeadPhantom } from "../../../fixtures/phantom/makeHeadPhantom.js";
import { writePhantom } from "../../../pipeline/io/phantomFiles.js";
import { projectRoot } from "../../../pipeline/version.js";

const cli = (args: string[]) => spawnSync(process.execPath, [join(projectRoot(), "dist", "pipeline", "cli", "main.js"), ...args], { encoding: "utf8" });

/** CSV rows as objects. */
function rows(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, "utf8").trim().split("\n");
  const keys = header.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [keys[i], v])));
}

describe("one settings object for every command: --settings, --preset, --print-settings", () => {
  const dir = mkdtempSync(join(tmpdir(), "settings-cli-"));
  const ph = join(dir, "phantom");
  const image = join(ph, "image.nii.gz");
  const roi = join(ph, "roi.nii.gz");
  const face = join(ph, "face_mask.nii.gz");
  beforeAll(() => writePhantom(ph, makeHeadPhantom({ kind: "ct", seed: 4, dims: [64, 64, 64], spacing: [3, 3, 3] })));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it("every command that computes features takes --settings, --preset and --print-settings", () => {
    const file = write("common.yaml", "processing:\n  discretisation: [fbn8]\nnormalisation:\n  sd: sample\n");
    const commands: string[][] = [
      ["run", "--image", image, "--roi", roi, "--face-mask", face, "--out", join(dir, "never")],
      ["features", "--image", image, "--roi", roi, "--out", join(dir, "never.csv")],
      ["compare", "--manifest", join(dir, "cohort.csv"), "--out", join(dir, "never")],
      ["regress"],
      ["deface", "--image", image, "--out", join(dir, "never")],
      ["validate", "--data", dir],
    ];
    for (const args of commands) {
      const r = cli([...args, "--preset", "ibsi-B", "--settings", file, "--print-settings"]);
      expect(r.status, `${args[0]}: ${r.stderr}`).toBe(0);
      const printed = parse(r.stdout);
      expect(printed.processing.resampling.spacing, args[0]).toEqual([2, 2, 2]); // the preset
      expect(printed.processing.discretisation, args[0]).toEqual(["fbn8"]); // the file over the preset
      expect(printed.normalisation.sd, args[0]).toBe("sample");
    }
    expect(existsSync(join(dir, "never"))).toBe(false);
    expect(existsSync(join(dir, "never.csv"))).toBe(false);
  });

  it("options typed on the command line override the file; regress keeps its own fills under the user's settings", () => {
    const file = write("fills.yaml", "defacing:\n  fills: [zero]\n");
    const run = parse(cli(["run", "--settings", file, "--fill", "noise", "--print-settings"]).stdout);
    expect(run.defacing.fills).toEqual(["noise"]);
    expect(parse(cli(["regress", "--print-settings"]).stdout).defacing.fills).toEqual(["zero", "min", "noise", "blur"]);
    expect(parse(cli(["run", "--print-settings"]).stdout).defacing.fills).toEqual(["min"]);
  });

  it("a re-segmentation that empties the ROI is bad input naming the condition, the normalisation and the range", () => {
    const file = write("empty.yaml", "processing:\n  resegmentation: { range: [-3, 3] }\n");
    for (const threads of ["1", "2"]) {
      const r = cli(["run", "--settings", file, "--image", image, "--roi", roi, "--face-mask", face, "--normalisations", "none", "--no-renders", "--quiet", "--threads", threads, "--out", join(dir, "empty")]);
      expect(r.status, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/condition (original|defaced-min), normalisation none: re-segmentation to \[-3, 3\] removed all \d+ ROI voxels/);
    }
    expect(existsSync(join(dir, "empty"))).toBe(false);
  });

  it("a PyRadiomics parameter file runs through features, run and compare, translated into the settings", () => {
    const params = write(
      "Params.yaml",
      ["setting:", "  binWidth: 0.25", "  normalize: true", "  label: 1", "imageType:", "  Original: {}", "featureClass:", "  firstorder: []", "  glcm: []"].join("\n"),
    );
    const printed = parse(cli(["run", "--settings", params, "--print-settings"]).stdout);
    expect(printed.normalisation).toMatchObject({ methods: ["zscore-global"], sd: "sample" });
    expect(printed.processing.discretisation).toEqual(["fbs0.25"]);
    expect(printed.features.families).toEqual(["intensity_statistics", "intensity_histogram", "glcm"]);
    expect(printed.input.roiLabel).toBe(1);
    expect(printed.pyradiomics.setting.binWidth).toBe(0.25);

    const run = cli(["run", "--settings", params, "--image", image, "--roi", roi, "--face-mask", face, "--no-renders", "--threads", "1", "--quiet", "--out", join(dir, "py-run")]);
    expect(run.status, run.stderr).toBe(0);
    const shifts = rows(join(dir, "py-run", "shifts.csv"));
    expect(new Set(shifts.map((s) => `${s.normalization}|${s.config}`))).toEqual(new Set(["zscore-global|nodisc", "zscore-global|fbs0.25"]));
    expect(new Set(shifts.map((s) => s.family))).toEqual(new Set(["intensity_statistics", "intensity_histogram", "glcm"]));

    writeFileSync(join(dir, "cohort.csv"), ["subject,image,roi,face_mask,mask-min", `s1,${image},${roi},${face},builtin:mask:min`].join("\n") + "\n");
    const compare = cli(["compare", "--manifest", join(dir, "cohort.csv"), "--settings", params, "--threads", "1", "--quiet", "--out", join(dir, "py-compare")]);
    expect(compare.status, compare.stderr).toBe(0);
    expect(rows(join(dir, "py-compare", "shifts.csv")).every((s) => s.normalization === "zscore-global")).toBe(true);

    // PyRadiomics' own conventions and names are for features; run refuses them clearly
    const refused = cli(["run", "--settings", params, "--conventions", "pyradiomics", "--image", image, "--roi", roi, "--face-mask", face, "--out", join(dir, "never")]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--conventions pyradiomics applies to features/);
  });

  it("an unknown key or an out-of-range value is a usage error naming the key and the file", () => {
    const typo = write("typo.yaml", "processing:\n  resegmentation:\n    rnage: [0, 1]\n");
    const r = cli(["features", "--image", image, "--roi", roi, "--out", join(dir, "x.csv"), "--settings", typo]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/typo\.yaml: invalid settings: unknown key "processing\.resegmentation\.rnage"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const range = write("range.yaml", "processing:\n  resampling:\n    spacing: [1, -1, 1]\n");
    const bad = cli(["run", "--settings", range, "--print-settings"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/range\.yaml: .*processing\.resampling\.spacing\.1/);
  });

  it("features --preset ibsi-C and the original condition of run --preset ibsi-C are the same values (one road)", () => {
    const features = cli(["features", "--image", image, "--roi", roi, "--preset", "ibsi-C", "--out", join(dir, "c.csv"), "--quiet"]);
    expect(features.status, features.stderr).toBe(0);
    const run = cli(["run", "--image", image, "--roi", roi, "--face-mask", face, "--preset", "ibsi-C", "--normalisations", "none,zscore-global", "--no-renders", "--threads", "1", "--quiet", "--out", join(dir, "run-c")]);
    expect(run.status, run.stderr).toBe(0);
    const key = (r: Record<string, string>) => `${r.config}|${r.family}|${r.feature}|${r.ibsi_code}|${r.aggregation_code}`;
    const fromFeatures = new Map(rows(join(dir, "c.csv")).map((r) => [key(r), r.value]));
    const fromRun = rows(join(dir, "run-c", "features.csv")).filter((r) => r.condition === "original" && r.normalization === "none");
    expect(fromRun.length).toBe(fromFeatures.size);
    expect(fromRun.length).toBeGreaterThan(150);
    for (const r of fromRun) expect(r.value, key(r)).toBe(fromFeatures.get(key(r)));
  });

  it("run --settings with resampling and re-segmentation writes shifts for every condition, and records the settings everywhere", () => {
    const file = write(
      "study.yaml",
      [
        "normalisation:",
        "  methods: [none, zscore-global, zscore-unmasked]",
        "processing:",
        "  resampling: { spacing: [2, 2, 2], interpolation: linear, roundIntensities: true }",
        "  resegmentation: { range: [-3, 3], normalisations: [zscore-global, zscore-unmasked] }",
        "  discretisation: [fbn16, { label: fbs0.25, normalisations: [zscore-global, zscore-unmasked] }]",
        "defacing:",
        "  fills: [min, zero]",
      ].join("\n"),
    );
    const out = join(dir, "study");
    const r = cli(["run", "--settings", file, "--image", image, "--roi", roi, "--face-mask", face, "--no-renders", "--threads", "1", "--quiet", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    const shifts = rows(join(out, "shifts.csv"));
    const combos = new Set(shifts.map((s) => `${s.condition}|${s.normalization}|${s.config}`));
    for (const condition of ["defaced-min", "defaced-zero"]) {
      for (const n of ["none", "zscore-global", "zscore-unmasked"]) {
        expect(combos.has(`${condition}|${n}|nodisc`)).toBe(true);
        expect(combos.has(`${condition}|${n}|fbn16`)).toBe(true);
        expect(combos.has(`${condition}|${n}|fbs0.25`)).toBe(n !== "none");
      }
    }
    // the fixed range stays put while zscore-global moves: approximate; zscore-unmasked does not move: exact
    const mean = (n: string) => shifts.find((s) => s.condition === "defaced-min" && s.normalization === n && s.ibsi_code === "Q4LE")!;
    expect(mean("zscore-global").prediction).toBe("approximate");
    expect(mean("zscore-unmasked").prediction).toBe("exact");
    expect(Number(mean("zscore-unmasked").abs_shift)).toBe(0);
    // the resolved settings, in every report
    const json = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(json.settings.processing.resampling.spacing).toEqual([2, 2, 2]);
    const md = readFileSync(join(out, "report.md"), "utf8");
    const yamlBlock = /## Settings[\s\S]*?```yaml\n([\s\S]*?)```/.exec(md)![1];
    expect(parse(yamlBlock).processing.resegmentation.range).toEqual([-3, 3]);
    // under none the range in σ is not applied (it is restricted to the z-scores): the ROI is whole there
    expect(mean("zscore-global").original).not.toBe("NaN");
    const html = readFileSync(join(out, "report.html"), "utf8");
    expect(html).toMatch(/<pre class="settings">[\s\S]*resegmentation:[\s\S]*range:/);
    // the YAML in report.md reruns the same analysis
    const again = join(dir, "again");
    const rerun = cli(["run", "--settings", write("from-report.yaml", yamlBlock), "--out", again, "--quiet", "--threads", "1"]);
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(readFileSync(join(again, "shifts.csv"), "utf8")).toBe(readFileSync(join(out, "shifts.csv"), "utf8"));
  });
});
