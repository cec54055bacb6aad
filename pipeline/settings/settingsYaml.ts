import { stringify } from "./bundledYaml.js";
import type { Settings } from "../../analysis/settings.js";

/**
 * The resolved settings as YAML, in the schema's group order: what `--print-settings` shows, what
 * report.md records, and a file `--settings` reads back to the same settings.
 */
export function settingsYaml(settings: Settings): string {
  return stringify(settings, { lineWidth: 0 });
}
