import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { DefaceImpactError, inputError } from "../../analysis/core/errors.js";
import { parseProcessingSettings, type ProcessingSettings } from "../../analysis/processing/settings.js";

/**
 * Reads IBSI processing settings from a YAML (or JSON, a subset of YAML) file, grouped by stage:
 * resampling, resegmentation, discretisation, ivh, texture, families. Problems name the file.
 */
export function readProcessingSettings(path: string): ProcessingSettings {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw inputError(`cannot read the settings file (${(err as NodeJS.ErrnoException).code ?? err})`, path, err);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw inputError(`not valid YAML: ${(err as Error).message}`, path, err);
  }
  try {
    return parseProcessingSettings(raw);
  } catch (err) {
    if (err instanceof DefaceImpactError) throw inputError(err.message, path, err);
    throw err;
  }
}
