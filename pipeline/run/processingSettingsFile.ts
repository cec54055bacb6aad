import { DefaceImpactError, inputError } from "../../analysis/core/errors.js";
import { readSettingsFile } from "../io/settingsFile.js";
import { parseProcessingSettings, type ProcessingSettings } from "../../analysis/processing/settings.js";

/**
 * Reads IBSI processing settings from a YAML (or JSON, a subset of YAML) file, grouped by stage:
 * resampling, resegmentation, discretisation, ivh, texture, families. Problems name the file.
 */
export function readProcessingSettings(path: string): ProcessingSettings {
  const raw = readSettingsFile(path);
  try {
    return parseProcessingSettings(raw);
  } catch (err) {
    if (err instanceof DefaceImpactError) throw inputError(err.message, path, err);
    throw err;
  }
}
