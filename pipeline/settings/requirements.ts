import { basename } from "node:path";
import { usageError } from "../../analysis/core/errors.js";
import type { Settings } from "../../analysis/settings.js";

/** The option that sets each required setting, for the message when it is missing. */
const FLAG: Record<string, string> = {
  "input.image": "--image",
  "input.roi": "--roi",
  "input.manifest": "--manifest",
  "output.dir": "--out",
};

/** Settings a command cannot run without: a usage error names the option (or settings key) for each missing one. */
export function requireSettings(settings: Settings, command: string, paths: (keyof typeof FLAG)[]): void {
  const missing = paths.filter((p) => {
    const [group, key] = p.split(".") as [keyof Settings, string];
    return (settings[group] as Record<string, unknown>)[key] === undefined;
  });
  if (missing.length) {
    throw usageError(`${command} needs ${missing.map((p) => `${FLAG[p]} (settings ${p})`).join(" and ")}`);
  }
}

/** run and deface compare at least one face-mask source; condition names are unique. */
export function requireDefacingSources(settings: Settings): void {
  const d = settings.defacing;
  if (!d.faceMask && !d.defacer && d.defaced.length === 0) {
    throw usageError("nothing to compare: give --face-mask FILE, --defacer shear and/or --defaced NAME=FILE");
  }
  const names = d.defaced.map((x) => x.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i || n === "original");
  if (dup) throw usageError(`--defaced name "${dup}" is used twice or reserved: give each tool its own name`);
}

/** The subject name a file implies: its name without folder and image extension. */
export const subjectFromPath = (p: string): string => basename(p.replace(/[/\\]+$/, "")).replace(/\.(nii\.gz|nii|nrrd|nhdr|dcm)$/i, "");

/** PyRadiomics' conventions (its names and definitions) are for `features`; the impact commands measure under IBSI's definitions. */
export function requireIbsiConventions(settings: Settings, command: string): void {
  if (settings.features.conventions !== "ibsi") {
    throw usageError(`${command} computes IBSI features: --conventions pyradiomics applies to features (a PyRadiomics parameter file still sets ${command}'s processing)`);
  }
}
