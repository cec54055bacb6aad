import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { coverageMarkdown } from "../../../analysis/conventions/pyradiomicsCoverage.js";
import { HONOURED_KEYS, NO_EFFECT_KEYS } from "../../../analysis/conventions/pyradiomicsSettings.js";
import { projectRoot } from "../../../pipeline/version.js";

/** The README's PyRadiomics section is checked against the code, so it cannot drift. */
describe("README: PyRadiomics parameter files", () => {
  const readme = readFileSync(join(projectRoot(), "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## PyRadiomics parameter files"), readme.indexOf("## Impact statistics"));
  it("lists the features without an IBSI counterpart or not computed exactly as the registry does", () => {
    const block = /<!-- pyradiomics-coverage:start -->\n([\s\S]*?)\n<!-- pyradiomics-coverage:end -->/.exec(section);
    expect(block?.[1]).toBe(coverageMarkdown());
  });
  it("documents every setting key the mapping honours or accepts", () => {
    for (const key of [...HONOURED_KEYS, ...NO_EFFECT_KEYS]) expect(section, key).toContain(`\`${key}\``);
  });
});
