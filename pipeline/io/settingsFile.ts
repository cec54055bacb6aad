import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { inputError } from "../../analysis/core/errors.js";

/** Reads a YAML (or JSON, a subset of YAML) settings file; problems name the file. */
export function readSettingsFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw inputError(`cannot read the settings file (${(err as NodeJS.ErrnoException).code ?? err})`, path, err);
  }
  try {
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
