import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DefaceImpactError } from "../../../analysis/core/errors.js";
import { presetSettings } from "../../../analysis/ibsi/presets.js";
import { SettingsSchema } from "../../../analysis/settings.js";
import { resolveSettings } from "../../../pipeline/settings/resolveSettings.js";
import { settingsYaml } from "../../../pipeline/settings/settingsYaml.js";

describe("resolving settings: defaults < base < preset < file < command line", () => {
  const dir = mkdtempSync(join(tmpdir(), "settings-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const failure = (f: () => unknown): DefaceImpactError => {
    try {
      f();
    } catch (err) {
      expect(err).toBeInstanceOf(DefaceImpactError);
      return err as DefaceImpactError;
    }
    throw new Error("expected a failure");
  };

  it("a YAML file spelling out configuration E equals the ibsi-E preset", () => {
    const path = write(
      "e.yaml",
      [
        "processing:",
        "  resampling: { spacing: [2, 2, 2], interpolation: spline, roundIntensities: true, maskInterpolation: linear }",
        "  resegmentation: { range: [-1000, 400], outlierSigma: 3 }",
        "  discretisation: [fbn32]",
        "  ivh: fbn1000",
        "features:",
        "  aggregations: [ITBB, IAZD, KOBO]",
      ].join("\n"),
    );
    expect(resolveSettings({ file: path })).toEqual(presetSettings("ibsi-E"));
  });

  it("layers the sources: the file over the preset, the command line over the file, a list replacing a list", () => {
    const path = write("over.yaml", "processing:\n  discretisation: [fbn8]\nnormalisation:\n  sd: sample\n");
    const s = resolveSettings({
      base: { defacing: { fills: ["zero", "min", "noise"] } },
      preset: "ibsi-C",
      file: path,
      flags: { normalisation: { methods: ["zscore-global"], sd: undefined }, defacing: { fills: ["blur"] } },
    });
    expect(s.processing.resampling.spacing).toEqual([2, 2, 2]); // preset
    expect(s.processing.discretisation).toEqual(["fbn8"]); // file over preset
    expect(s.normalisation.sd).toBe("sample"); // file: the command line left it undefined
    expect(s.normalisation.methods).toEqual(["zscore-global"]);
    expect(s.defacing.fills).toEqual(["blur"]); // command line over base
  });

  it("the printed settings read back to the same settings", () => {
    const s = resolveSettings({ preset: "ibsi-B", flags: { input: { image: "a.nii.gz" }, normalisation: { methods: ["none", "zscore-global"] } } });
    const path = write("printed.yaml", settingsYaml(s));
    expect(resolveSettings({ file: path })).toEqual(s);
    expect(parse(settingsYaml(s)).processing.discretisation).toEqual(["fbn32"]);
  });

  it("names the unknown key and the file", () => {
    const path = write("typo.yaml", "processing:\n  resampling:\n    spacng: [1, 1, 1]\n");
    const err = failure(() => resolveSettings({ file: path }));
    expect(err.message).toMatch(/typo\.yaml: invalid settings: unknown key "processing\.resampling\.spacng"/);
    expect(err.kind).toBe("usage");
  });

  it("names an out-of-range value, its key and the file", () => {
    const path = write("range.yaml", "processing:\n  resampling:\n    maskThreshold: 1.5\n");
    expect(failure(() => resolveSettings({ file: path })).message).toMatch(/range\.yaml: .*processing\.resampling\.maskThreshold/);
    const bins = write("bins.yaml", "processing:\n  discretisation: [fbn0]\n");
    expect(failure(() => resolveSettings({ file: bins })).message).toMatch(/bins\.yaml: .*processing\.discretisation\.0: "fbn0": the number of bins must be at least 1/);
    // an empty list would drop the grey-level families without a word; with continuous families only it is what was asked
    const none = write("none.yaml", "processing:\n  discretisation: []\n");
    expect(failure(() => resolveSettings({ file: none })).message).toMatch(
      /none\.yaml: .*processing\.discretisation: is empty, but features\.families asks for intensity_histogram, .*glcm.*: give at least one/,
    );
    const continuous = write("continuous.yaml", "processing:\n  discretisation: []\nfeatures:\n  families: [morphology, intensity_statistics]\n");
    expect(resolveSettings({ file: continuous }).processing.discretisation).toEqual([]);
    const fill = write("fill.yaml", "defacing:\n  fills: [glitter]\n");
    expect(failure(() => resolveSettings({ file: fill })).message).toMatch(/fill\.yaml: .*defacing\.fills\.0: unknown fill "glitter"/);
  });

  it("says when the problem came from the command line", () => {
    expect(failure(() => resolveSettings({ flags: { normalisation: { methods: ["zscore-everything"] } } })).message).toMatch(
      /normalisation\.methods\.0: .*\(from the command line\)/,
    );
  });

  it("points a flat processing file (the old features --settings layout) to the processing group", () => {
    const path = write("flat.yaml", "resampling: { spacing: [2, 2, 2] }\n");
    expect(failure(() => resolveSettings({ file: path })).message).toMatch(/flat\.yaml: unknown settings group "resampling".*processing:/);
  });

  it("reports unreadable and malformed files as bad input naming them", () => {
    const broken = write("broken.yaml", "processing: [1, 2\n");
    expect(failure(() => resolveSettings({ file: broken })).message).toMatch(/broken\.yaml.*YAML/);
    const missing = failure(() => resolveSettings({ file: join(dir, "missing.yaml") }));
    expect(missing.message).toMatch(/missing\.yaml: file not found/);
    expect(missing.kind).toBe("input");
  });

  it("an unknown preset is a usage error naming the presets", () => {
    expect(failure(() => resolveSettings({ preset: "ibsi-Z" })).message).toMatch(/known presets: ibsi-digital, ibsi-A/);
  });

  it("the defaults are the schema's, in one place", () => {
    expect(resolveSettings({})).toEqual(SettingsSchema.parse({}));
  });
});
