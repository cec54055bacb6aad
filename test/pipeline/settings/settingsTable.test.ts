import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SETTINGS_GROUPS } from "../../../analysis/settings.js";
import { settingsTableMarkdown, withSettingsTable } from "../../../pipeline/settings/settingsTable.js";
import { projectRoot } from "../../../pipeline/version.js";

describe("the README's settings table", () => {
  it("is the one generated from the schema (run `npm run docs` after changing analysis/settings.ts)", () => {
    const readme = readFileSync(join(projectRoot(), "README.md"), "utf8");
    expect(withSettingsTable(readme)).toBe(readme);
  });

  it("lists every group and a key with its type, default and meaning", () => {
    const table = settingsTableMarkdown();
    for (const g of SETTINGS_GROUPS.filter((g) => g !== "pyradiomics")) expect(table).toContain(`| **${g}** | group |`);
    expect(table).toContain("| `pyradiomics` | mapping |");
    expect(table).toContain("| `processing.resampling.maskThreshold` | number > 0, ≤ 1 | `0.5` |");
    expect(table).toContain("| `input.modality` | auto \\| ct \\| mr | `\"auto\"` |");
  });
});
