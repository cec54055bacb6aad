import { parse as parseYaml } from "../settings/bundledYaml.js";
import { inputError } from "../../analysis/core/errors.js";
import { readTextFile } from "./readBytes.js";

/** A settings file larger than this is refused before it is read (they are a few hundred bytes). */
const MAX_SETTINGS_BYTES = 2 ** 20;

/**
 * Reads a YAML (or JSON, a subset of YAML) settings file: a mapping of groups (an empty file is an
 * empty mapping). Problems name the file.
 */
export function readSettingsFile(path: string): Record<string, unknown> {
  const text = readTextFile(path, "the settings file", MAX_SETTINGS_BYTES);
  let parsed: unknown;
  try {
    // yaml's default alias limit (maxAliasCount 100) stops "billion laughs" expansions
    parsed = parseYaml(text) ?? {};
  } catch (err) {
    const message = err instanceof RangeError ? "nested too deeply to parse" : (err as Error).message.split("\n")[0];
    throw inputError(`not valid YAML: ${message}`, path, err);
  }
  if (!isObject(parsed)) throw inputError(`a settings file is a mapping of groups (name: value lines), not a ${Array.isArray(parsed) ? "list" : typeof parsed}`, path);
  return parsed;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * `over` on top of `base`, group by group; undefined values in `over` keep the base's. A group that
 * `over` gives as a mapping must be a mapping in `base` too; `source` (the settings file) is named
 * when it is not.
 */
export function mergeSettings(base: unknown, over: Record<string, unknown>, source?: string, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = isObject(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    if (isObject(value) && out[key] !== undefined && out[key] !== null && !isObject(out[key])) {
      throw inputError(`"${prefix}${key}" must be a group of settings (name: value lines), not ${JSON.stringify(out[key])}`, source);
    }
    out[key] = isObject(value) && isObject(out[key]) ? mergeSettings(out[key], value, source, `${prefix}${key}.`) : value;
  }
  return out;
}
