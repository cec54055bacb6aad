import { type Command, Option } from "commander";

/**
 * Old option spellings are kept for one release: hidden from --help, and a notice on stderr when
 * used. Settings-backed ones live in settingsOptions.ts' table; the others are added here.
 */
export const deprecationNotice = (old: string, replacement: string): string =>
  `deface-impact: warning: ${old} is deprecated and will be removed in the next release; use ${replacement}`;

/** What each old spelling stands for (the README's table of old spellings lists them). */
const REPLACEMENTS = new WeakMap<Option, string>();

/** Hides an old spelling from --help and records what replaces it. */
export function markDeprecated(option: Option, replacement: string): Option {
  REPLACEMENTS.set(option, replacement);
  return option.hideHelp();
}

export const replacementOf = (option: Option): string | undefined => REPLACEMENTS.get(option);

/** An old spelling of one of the command's options: hidden; when used, a notice, and its value goes to the new option. */
export function addDeprecatedAlias(command: Command, flags: string, replacement: string, parse?: (value: string, previous: unknown) => unknown): Command {
  const old = markDeprecated(new Option(flags), replacement);
  if (parse) old.argParser(parse);
  command.addOption(old);
  const target = command.options.find((o) => o.long === replacement);
  if (!target) throw new Error(`${flags}: the option it stands for, ${replacement}, is not defined`);
  return command.hook("preAction", (_self, action) => {
    const value = action.getOptionValue(old.attributeName());
    if (value === undefined) return;
    process.stderr.write(`${deprecationNotice(old.long!, replacement)}\n`);
    if (action.getOptionValueSource(target.attributeName()) !== "cli") action.setOptionValueWithSource(target.attributeName(), value, "cli");
  });
}
