import type { z } from "zod";
import { DefaceImpactError } from "../../analysis/core/errors.js";
import { presetInput } from "../../analysis/ibsi/presets.js";
import { SETTINGS_GROUPS, SettingsSchema, type Settings, type SettingsInput } from "../../analysis/settings.js";
import { isPyradiomicsDocument, settingsFromPyradiomics, settingsInputFromPyradiomics } from "../../analysis/conventions/pyradiomicsSettings.js";
import { mergeSettings, readSettingsFile } from "../io/settingsFile.js";

/**
 * Where a command's settings come from, weakest first: the schema's defaults, the command's own
 * defaults (`base`, e.g. regress' four fills), a preset, a settings file, the command line.
 */
export interface SettingsSources {
  base?: SettingsInput;
  preset?: string;
  /** a YAML/JSON settings file grouped as the schema (input, defacing, normalisation, processing, features, output, cohort). */
  file?: string;
  /** what the command line gave, grouped as the schema; undefined values are left to the weaker sources. */
  flags?: Record<string, unknown>;
}

/**
 * The one way a command gets its settings: the sources merged group by group (a list replaces a
 * list), validated once by the schema. Problems name the key and where it came from (the file, the
 * preset or the command line).
 */
export function resolveSettings(sources: SettingsSources): Settings {
  const preset = sources.preset ? presetInput(sources.preset) : {};
  const file = sources.file ? settingsFile(sources.file) : {};
  const flags = sources.flags ?? {};
  // the file is named when one of its groups is not a mapping where the command line sets keys in it
  const merged = mergeSettings(mergeSettings(mergeSettings(sources.base ?? {}, preset), isRecord(file) ? file : {}), flags, sources.file);
  const parsed = SettingsSchema.safeParse(merged);
  if (parsed.success) return parsed.data;
  const where = (path: PropertyKey[]): string | undefined =>
    has(flags, path) ? undefined : sources.file && has(file, path) ? sources.file : sources.preset && has(preset, path) ? `preset ${sources.preset}` : undefined;
  const first = parsed.error.issues[0];
  const origin = where(first.path);
  const problems = parsed.error.issues.map(describeIssue).join("; ");
  throw new DefaceImpactError("usage", `invalid settings: ${problems}${origin ? "" : " (from the command line)"}`, origin);
}

/** A settings file: ours (the schema's groups), or a PyRadiomics parameter file translated into ours. */
function settingsFile(path: string): unknown {
  const doc = readSettingsFile(path);
  if (isPyradiomicsDocument(doc)) return settingsInputFromPyradiomics(doc as Record<string, unknown>, settingsFromPyradiomics(doc, path));
  checkGroups(doc, path);
  return doc;
}

/** A settings file's top level must be the schema's groups; a PyRadiomics-style flat file gets a pointer. */
function checkGroups(doc: unknown, file: string): void {
  if (!isRecord(doc)) throw new DefaceImpactError("usage", `a settings file holds a mapping of groups (${SETTINGS_GROUPS.join(", ")})`, file);
  const unknown = Object.keys(doc).filter((k) => !(SETTINGS_GROUPS as string[]).includes(k));
  if (unknown.length === 0) return;
  const processingKeys = ["resampling", "resegmentation", "discretisation", "ivh", "texture"];
  const hint = unknown.some((k) => processingKeys.includes(k)) ? `; processing keys go under "processing:" (see README, Settings)` : "";
  throw new DefaceImpactError(
    "usage",
    `unknown settings group${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")}: the groups are ${SETTINGS_GROUPS.join(", ")}${hint}`,
    file,
  );
}

/** "processing.resampling.spacing: expected a number" (or the unknown keys, named). */
function describeIssue(issue: z.core.$ZodIssue): string {
  const at = issue.path.map(String).join(".") || "(top level)";
  if (issue.code === "unrecognized_keys") return `${issue.keys.map((k) => `unknown key "${[...issue.path.map(String), k].join(".")}"`).join(", ")}`;
  if (issue.code === "invalid_union") return `${at}: expected a discretisation label (nodisc, fbnN, fbsW) or {label, normalisations}`;
  return `${at}: ${issue.message}`;
}

function has(doc: unknown, path: readonly PropertyKey[]): boolean {
  let at: unknown = doc;
  for (const key of path) {
    if (!isRecord(at) && !Array.isArray(at)) return false;
    at = (at as Record<PropertyKey, unknown>)[key];
    if (at === undefined) return false;
  }
  return true;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
