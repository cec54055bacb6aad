import { parse as parseYaml } from "yaml";
import { inputError } from "../../analysis/core/errors.js";
import { readTextFile } from "./readBytes.js";

/** A settings file larger than this is refused before it is read (they are a few hundred bytes). */
const MAX_SETTINGS_BYTES = 2 ** 20;

/** Reads a YAML (or JSON, a subset of YAML) settings file; problems name the file. */
export function readSettingsFile(path: string): unknown {
  const text = readTextFile(path, "the settings file", MAX_SETTINGS_BYTES);
  try {
    // yaml's default alias limit (maxAliasCount 100) stops "billion laughs" expansions
    return parseYaml(text) ?? {};
  } catch (err) {
    throw inputError(`not valid YAML: ${(err as Error).message}`, path, err);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `over` on top of `base`, group by group; undefined values in `over` keep the base's. */
export function mergeSettings(base: unknown, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = isObject(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    out[key] = isObject(value) && isObject(out[key]) ? mergeSettings(out[key], value) : value;
  }
  return out;
}
