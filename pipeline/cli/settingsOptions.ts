import { type Command, Option } from "commander";
import { PRESET_NAMES } from "../../analysis/ibsi/presets.js";
import { CONTINUOUS_FAMILIES, FAMILY_NAMES } from "../../analysis/features/types.js";
import { NORMALISATION_NAMES } from "../../analysis/normalisation/normalisations.js";
import type { DiscretisationEntry, Settings, SettingsInput } from "../../analysis/settings.js";
import { parseDefacedSpecs } from "../deface/defacedSpec.js";
import { resolveSettings } from "../settings/resolveSettings.js";
import { settingsYaml } from "../settings/settingsYaml.js";
import { deprecationNotice, markDeprecated } from "./deprecated.js";
import { markRequired } from "./help.js";
import { collect, commaList, nonNegativeInt, nonNegativeNumber, positiveNumber } from "./options.js";

/**
 * The command-line options that set the settings object, defined once for every command. A command
 * picks the groups it reads; what the user types overrides `--settings FILE` and `--preset NAME`,
 * which override the schema's defaults (so the defaults live in one place: analysis/settings.ts,
 * and --help shows them from there, once: descriptions never state a default).
 */

type Group = "input" | "modality" | "manifest" | "sources" | "fills" | "defacing" | "normalisation" | "features" | "renders" | "cohort";

interface SettingOption {
  group: Group;
  flags: string;
  description: string;
  /** where the value goes in the settings; a function for options that set several keys. */
  to: string | ((value: unknown, set: (path: string, v: unknown) => void) => void);
  parse?: (value: string, previous: never) => unknown;
  /** an old spelling kept for one release: hidden from --help, with a notice when used. */
  deprecated?: string;
  /** the default in words, where the schema's is absent because the command works it out (e.g. automatic masks). */
  defaultText?: string;
}

const OPTIONS: SettingOption[] = [
  { group: "input", flags: "--image <file>", description: "image: .nii, .nii.gz, .nrrd, or a DICOM folder/file", to: "input.image" },
  { group: "input", flags: "--series <uid>", description: "DICOM: SeriesInstanceUID to read when the folder holds several series", to: "input.series" },
  { group: "input", flags: "--roi <file>", description: "region of interest: a mask on the image grid, or a DICOM RTSTRUCT with --roi-name", to: "input.roi" },
  { group: "input", flags: "--mask <file>", description: "the ROI", to: "input.roi", deprecated: "--roi" },
  {
    group: "input",
    flags: "--roi-label <n>",
    description: "the ROI is the voxels of this value in a label map",
    to: "input.roiLabel",
    parse: (v: string) => Number(v),
    defaultText: "every non-zero voxel",
  },
  { group: "input", flags: "--roi-name <name>", description: "the RTSTRUCT structure to rasterise when --roi is an RTSTRUCT", to: "input.roiName" },
  { group: "input", flags: "--subject <name>", description: "subject column of the outputs", to: "input.subject", defaultText: "the image file name" },
  { group: "modality", flags: "--modality <m>", description: "auto | ct | mr (auto: CT when the image reaches −500 or below)", to: "input.modality" },
  {
    group: "input",
    flags: "--brain-mask <file>",
    description: "brain mask on the image grid (zscore-brain; the shear defacer's reference)",
    to: "input.brainMask",
    defaultText: "automatic: inside the skull on CT, estimated from the head's shape on MR",
  },
  {
    group: "input",
    flags: "--head-mask <file>",
    description: "head (foreground) mask on the image grid (zscore-foreground, percentile)",
    to: "input.headMask",
    defaultText: "automatic: Otsu threshold, largest component, holes filled",
  },
  {
    group: "manifest",
    flags: "--manifest <file>",
    description:
      "cohort CSV: columns subject,image,roi[,brain_mask][,head_mask][,face_mask] and one column per tool, whose cells are that tool's " +
      "defaced image (on the image grid) or builtin:shear[:FILL] / builtin:mask[:FILL] (the row's face_mask; FILL as --fill, min when absent); " +
      "paths relative to the manifest's folder; an empty cell: no output for that subject",
    to: "input.manifest",
  },
  { group: "sources", flags: "--face-mask <file>", description: "face mask on the image grid (binary, or probabilistic thresholded at 0.5): conditions defaced-<fill>", to: "defacing.faceMask" },
  { group: "sources", flags: "--defacer <name>", description: "built-in defacer: shear (conditions shear-<fill>)", to: "defacing.defacer" },
  {
    group: "sources",
    flags: "--defaced <NAME=FILE>",
    description: "another tool's defaced image on the image grid (repeatable; NAME= optional): condition NAME",
    to: (value, set) => set("defacing.defaced", parseDefacedSpecs(value as string[])),
    parse: collect,
  },
  {
    group: "fills",
    flags: "--fill <fill>",
    description: "how removed voxels are filled, one condition each: min (the image minimum: air on CT) | zero | constant:VALUE | noise | blur[:SIGMA_MM] (repeatable)",
    to: "defacing.fills",
    parse: collect,
  },
  { group: "defacing", flags: "--buffer <mm>", description: "shear defacer: distance of the cutting plane from the brain, in mm", to: "defacing.bufferMm", parse: nonNegativeNumber },
  { group: "defacing", flags: "--seed <n>", description: "seed of the noise fill", to: "defacing.seed", parse: nonNegativeInt },
  { group: "defacing", flags: "--allow-roi-overlap", description: "report, instead of refusing, a face mask that removes ROI voxels", to: "defacing.allowRoiOverlap" },
  {
    group: "normalisation",
    flags: "--normalisations <list>",
    description: `comma-separated, from ${NORMALISATION_NAMES.join(", ")}`,
    to: "normalisation.methods",
    parse: commaList,
    defaultText: "every one the masks allow",
  },
  { group: "normalisation", flags: "--normalisation <list>", description: "normalisations", to: "normalisation.methods", parse: commaList, deprecated: "--normalisations" },
  { group: "normalisation", flags: "--sd <mode>", description: "standard deviation of z-scores: population | sample", to: "normalisation.sd" },
  { group: "normalisation", flags: "--scale-factor <x>", description: "multiply z-scores by x (PyRadiomics normalizeScale)", to: "normalisation.scaleFactor", parse: positiveNumber },
  { group: "normalisation", flags: "--outlier-sd <n>", description: "clip z-scores beyond ± n σ (PyRadiomics removeOutliers)", to: "normalisation.outlierSd", parse: positiveNumber },
  {
    group: "features",
    flags: "--discretisation <list>",
    description: "grey-level discretisations, one config each: fbnN (N bins), fbsW (bin width W in the normalised unit), nodisc",
    to: "processing.discretisation",
    parse: commaList,
  },
  {
    group: "features",
    flags: "--configs <list>",
    description: "feature configurations",
    to: (value, set) => {
      const configs = value as string[];
      set("processing.discretisation", configs.filter((c) => c !== "nodisc"));
      if (!configs.includes("nodisc")) set("features.families", FAMILY_NAMES.filter((f) => !CONTINUOUS_FAMILIES.includes(f)));
    },
    parse: commaList,
    deprecated: "--discretisation (nodisc families are always computed; choose them with --families)",
  },
  {
    group: "features",
    flags: "--families <list>",
    description: `only these feature families (${FAMILY_NAMES.join(", ")})`,
    to: "features.families",
    parse: commaList,
    defaultText: "all",
  },
  {
    group: "features",
    flags: "--conventions <name>",
    description: "ibsi: IBSI definitions and names; pyradiomics (features, with a PyRadiomics parameter file as --settings): PyRadiomics' values and column names",
    to: "features.conventions",
  },
  {
    group: "features",
    flags: "--aggregations <list>",
    description: "texture aggregation codes (IAZD: 3D merged, KOBO: 3D, ITBB: 3D averaged; 2D and 2.5D codes in the README)",
    to: "features.aggregations",
    parse: commaList,
  },
  {
    group: "cohort",
    flags: "--robust-icc <x>",
    description: "a feature is robust when the lower 95 % bound of its ICC exceeds x (unitless)",
    to: "cohort.robustIccLower",
    parse: (v: string) => Number(v),
  },
  { group: "renders", flags: "--no-renders", description: "skip the skin renders (PNG) of every condition", to: "output.renders" },
];

/** How a command shows the settings-backed options: its own defaults and the settings it cannot run without. */
export interface SettingsOptionsConfig {
  /** the command's own defaults (regress: four fills), shown as its options' defaults. */
  base?: SettingsInput;
  /** settings paths the command needs (input.image, ...): their options are marked required. */
  required?: readonly string[];
  /** default texts of this command where the table's do not apply (features: --normalisations none). */
  defaults?: Record<string, string>;
}

const longName = (flags: string) => flags.split(" ")[0];

/** Adds --settings, --preset, --print-settings and the options of the given groups, each default shown once from the schema. */
export function addSettingsOptions(command: Command, groups: readonly Group[], config: SettingsOptionsConfig = {}): Command {
  command
    .option("--settings <file>", "settings file (YAML/JSON) grouped as the README's Settings table, or a PyRadiomics parameter file; it may give any option, required ones too; options typed here override it")
    .option("--preset <name>", `IBSI processing preset: ${PRESET_NAMES.join(", ")} (a settings file and options override it)`)
    .option("--print-settings", "print the resolved settings (YAML) and exit without running");
  const defaults = resolveSettings({ base: config.base });
  for (const o of OPTIONS) {
    if (!groups.includes(o.group)) continue;
    command.addOption(settingOption(o, defaults, config));
  }
  return command;
}

/**
 * An option of the table as a plain commander option, for a command that reads it without the
 * settings object (convert): the same flags and meaning as everywhere else.
 */
export function sharedOption(flags: string, required = false): Option {
  const o = OPTIONS.find((x) => longName(x.flags) === flags && !x.deprecated);
  if (!o) throw new Error(`no shared option ${flags}`);
  const option = settingOption(o, resolveSettings({}), {});
  return required ? markRequired(option) : option;
}

function settingOption(o: SettingOption, defaults: Settings, config: SettingsOptionsConfig): Option {
  const option = new Option(o.flags, o.description);
  if (o.parse) option.argParser(o.parse as (value: string, previous: unknown) => unknown);
  if (o.deprecated) return markDeprecated(option, o.deprecated);
  const text = config.defaults?.[longName(o.flags)] ?? o.defaultText ?? (typeof o.to === "string" ? shownDefault(valueAt(defaults, o.to)) : undefined);
  // only shown: a default value would reach repeatable options' parsers (--fill x would append to it)
  if (text !== undefined) option.defaultValueDescription = text;
  if (typeof o.to === "string" && config.required?.includes(o.to)) markRequired(option);
  return option;
}

function valueAt(settings: Settings, path: string): unknown {
  return path.split(".").reduce<unknown>((at, k) => (at as Record<string, unknown> | undefined)?.[k], settings);
}

/** A settings value as --help shows it: lists comma-separated, discretisations restricted to some normalisations said so; flags and absent values not at all. */
function shownDefault(value: unknown): string | undefined {
  if (value === undefined || value === null || typeof value === "boolean") return undefined;
  if (!Array.isArray(value)) return String(value);
  if (!value.length) return undefined;
  const entries = value as (string | DiscretisationEntry)[];
  const labels = entries.map((e) => (typeof e === "string" ? e : e.label));
  const limits = entries.flatMap((e) => {
    if (typeof e === "string") return [];
    const not = NORMALISATION_NAMES.filter((n) => !e.normalisations.includes(n));
    return not.length ? [`${e.label} not under ${not.join(", ")}`] : [];
  });
  return labels.join(",") + (limits.length ? ` (${limits.join("; ")})` : "");
}

/** The options the user typed, as a settings fragment (deprecated spellings noted on stderr). */
function typedSettings(command: Command): Record<string, unknown> {
  const opts = command.opts();
  const out: Record<string, unknown> = {};
  const set = (path: string, value: unknown) => {
    const keys = path.split(".");
    let at = out;
    for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
    at[keys[keys.length - 1]] = value;
  };
  for (const o of OPTIONS) {
    const key = new Option(o.flags).attributeName();
    const source = command.getOptionValueSource(key);
    if (opts[key] === undefined || source === "default" || source === undefined) continue;
    if (o.deprecated) process.stderr.write(`${deprecationNotice(longName(o.flags), o.deprecated)}\n`);
    if (typeof o.to === "string") set(o.to, opts[key]);
    else o.to(opts[key], set);
  }
  return out;
}

/**
 * The command's settings: defaults < --preset < --settings < typed options, plus what the command
 * sets itself (`extra`, e.g. the output path) over the command's own defaults (`base`). Undefined with --print-settings, after printing them.
 */
export function commandSettings(command: Command, extra: Record<string, unknown> = {}, base?: SettingsInput): Settings | undefined {
  const opts = command.opts();
  const flags = typedSettings(command);
  for (const [group, values] of Object.entries(extra)) flags[group] = { ...(flags[group] as object | undefined), ...(values as object) };
  const settings = resolveSettings({ base, preset: opts.preset, file: opts.settings, flags });
  if (opts.printSettings) {
    process.stdout.write(settingsYaml(settings));
    return undefined;
  }
  return settings;
}
