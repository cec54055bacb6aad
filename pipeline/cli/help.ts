import type { Command, Help, Option } from "commander";

/**
 * How every command's --help and every command-line error look, in one place:
 *
 * - an option's line is its description, then "(required)" when the command cannot run without it,
 *   then "(default: …)" when it has a default: descriptions never mention defaults themselves, so
 *   each default is printed once;
 * - every command's help ends with real examples (addExamples; a test runs them);
 * - every error, commander's own usage errors included, is one line "deface-impact: error: …".
 */

/** Options a command needs that may also come from a --settings file, so commander cannot enforce them. */
const REQUIRED = new WeakSet<Option>();
const EXAMPLES = new WeakMap<Command, Example[]>();

export interface Example {
  /** what it shows, printed as a comment above it. */
  comment: string;
  /** the command line, starting with `deface-impact`. */
  line: string;
}

/** Marks an option "(required)" in --help without commander enforcing it (the command checks it, --settings may supply it). */
export function markRequired(option: Option): Option {
  REQUIRED.add(option);
  return option;
}

export const isRequired = (option: Option): boolean => option.mandatory || REQUIRED.has(option);

/** What "(default: …)" shows: the option's default description, else its default value; nothing for flags. */
export function defaultText(option: Option): string | undefined {
  if (option.negate || option.isBoolean()) return option.defaultValueDescription;
  if (option.defaultValueDescription !== undefined) return option.defaultValueDescription;
  const v: unknown = option.defaultValue;
  if (v === undefined) return undefined;
  if (Array.isArray(v)) return v.length ? v.join(",") : undefined;
  return String(v);
}

function optionDescription(option: Option): string {
  const extra = [isRequired(option) ? "required" : "", defaultText(option) !== undefined ? `default: ${defaultText(option)}` : ""].filter(Boolean);
  return extra.length ? `${option.description} (${extra.join("; ")})` : option.description;
}

/** The help and error style of the program; commands created on it afterwards inherit it. */
export function applyCliStyle(program: Command): Command {
  return program
    // global options (--debug, --max-memory) listed in every command's help too
    .configureHelp({ optionDescription: (option: Option) => optionDescription(option), sortOptions: false, showGlobalOptions: true } as Partial<Help>)
    .configureOutput({
      // commander's messages start with "error: "; ours too, after the program's name
      outputError: (message, write) => write(`deface-impact: ${message.trimEnd()} (see --help)\n`),
    });
}

/** Ends a command's --help with its examples, each under a comment saying what it shows. */
export function addExamples(command: Command, examples: Example[], preamble?: string): Command {
  EXAMPLES.set(command, examples);
  const text = ["", "Examples" + (preamble ? ` (${preamble})` : "") + ":", ...examples.flatMap((e) => [`  # ${e.comment}`, `  ${e.line}`])].join("\n");
  return command.addHelpText("after", text);
}

export const examplesOf = (command: Command): Example[] => EXAMPLES.get(command) ?? [];
