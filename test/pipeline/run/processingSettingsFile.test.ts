import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { presetSettings } from "../../../analysis/ibsi/presets.js";
import { readProcessingSettings } from "../../../pipeline/run/processingSettingsFile.js";

describe("processing settings files", () => {
  const dir = mkdtempSync(join(tmpdir(), "proc-settings-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("a YAML file spelling out configuration E equals the ibsi-E preset", () => {
    const path = write(
      "e.yaml",
      [
        "resampling: { spacing: [2, 2, 2], interpolation: spline, roundIntensities: true, maskInterpolation: linear }",
        "resegmentation: { range: [-1000, 400], outlierSigma: 3 }",
        "discretisation: { kind: fbn, nBins: 32 }",
        "ivh: { kind: fbn, nBins: 1000 }",
        "texture: { dimension: 3D }",
      ].join("\n"),
    );
    expect(readProcessingSettings(path)).toEqual(presetSettings("ibsi-E"));
  });

  it("names the file in validation and syntax errors (bad input, exit 3)", () => {
    const bad = write("bad.yaml", "discretisation: { kind: fbq }\n");
    expect(() => readProcessingSettings(bad)).toThrow(/bad\.yaml.*discretisation/);
    try {
      readProcessingSettings(bad);
    } catch (err) {
      expect((err as { kind: string }).kind).toBe("input");
    }
    const broken = write("broken.yaml", "resampling: [1, 2\n");
    expect(() => readProcessingSettings(broken)).toThrow(/broken\.yaml.*YAML/);
    expect(() => readProcessingSettings(join(dir, "missing.yaml"))).toThrow(/missing\.yaml: file not found/);
  });
});
