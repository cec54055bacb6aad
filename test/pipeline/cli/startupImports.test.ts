import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * Start-up: a command loads only what it needs. Follows the static (value) imports of a command's
 * module through the sources and lists the packages reached: the heavy ones (vega and vega-lite
 * about half a second, dcmjs, pngjs, playwright) must be loaded on first use instead.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

function packagesLoadedBy(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    // value imports and re-exports; `import type` and `export type` load nothing
    for (const m of source.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?["']([^"']+)["']/gm)) {
      const spec = m[1];
      if (spec.startsWith(".")) visit(resolve(dirname(file), spec.replace(/\.js$/, ".ts")));
      else packages.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
    }
  };
  visit(join(root, entry));
  return packages;
}

const HEAVY = ["vega", "vega-lite", "dcmjs", "pngjs", "playwright-core"];

describe("start-up imports", () => {
  for (const command of ["features", "run", "compare", "regress", "deface", "phantom", "convert", "ibsiCheck"]) {
    it(`${command} loads none of ${HEAVY.join(", ")} before it needs them`, () => {
      const loaded = packagesLoadedBy(`pipeline/cli/commands/${command}.ts`);
      expect(loaded.size).toBeGreaterThan(0);
      expect(HEAVY.filter((p) => loaded.has(p))).toEqual([]);
    });
  }
  it("the check sees a static import (validate decodes renders with pngjs; the chart module imports vega only as a type)", () => {
    expect(packagesLoadedBy("pipeline/report/html/charts.ts").has("vega")).toBe(false);
    expect(packagesLoadedBy("pipeline/validate/heads.ts").has("pngjs")).toBe(true);
  });
});
