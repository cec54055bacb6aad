import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inputError } from "../../analysis/core/errors.js";
import { SettingsSchema, type Settings } from "../../analysis/settings.js";
import { SECTIONS } from "./sections.js";
import type { CheckResult } from "./types.js";

export interface ValidationSummary {
  passed: number;
  failed: number;
  results: { section: string; checks: CheckResult[] }[];
}

/**
 * Runs every validation section against DATA (laid out as ../shared/data), writing only to a
 * temporary folder (DATA may be read-only). A section that throws counts as one failed check.
 */
export async function runValidation(
  dataDir: string,
  log: (line: string) => void,
  options: { only?: readonly string[]; keepWorkDir?: boolean; settings?: Settings } = {},
): Promise<ValidationSummary> {
  const { only, keepWorkDir = false } = options;
  const settings = options.settings ?? SettingsSchema.parse({});
  if (!existsSync(dataDir)) throw inputError("validation data folder not found", dataDir);
  const workDir = mkdtempSync(join(tmpdir(), "deface-impact-validate-"));
  const summary: ValidationSummary = { passed: 0, failed: 0, results: [] };
  try {
    for (const section of SECTIONS) {
      if (only && !only.includes(section.name)) continue;
      log(`== ${section.name}`);
      let checks: CheckResult[];
      try {
        checks = await section.run(dataDir, join(workDir, section.name), log, settings);
      } catch (err) {
        checks = [{ name: `${section.name} (section)`, ok: false, detail: `stopped: ${(err as Error).message}` }];
      }
      for (const c of checks) {
        log(`${c.ok ? "PASS" : "FAIL"} ${c.name}: ${c.detail}`);
        if (c.ok) summary.passed++;
        else summary.failed++;
      }
      summary.results.push({ section: section.name, checks });
    }
  } finally {
    if (keepWorkDir) log(`work folder kept: ${workDir}`);
    else rmSync(workDir, { recursive: true, force: true });
  }
  return summary;
}
