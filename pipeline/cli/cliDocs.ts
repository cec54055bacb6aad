import type { Command, Option } from "commander";
import { COMMANDS } from "./commands/index.js";
import { replacementOf } from "./deprecated.js";
import { defaultText, examplesOf, isRequired } from "./help.js";
import { createProgram, registerAllCommands } from "./program.js";

/**
 * The README's command and option tables, generated from the commands themselves (every command of
 * COMMANDS, loaded), so the documentation says what --help says. `npm run docs` rewrites them; a
 * test fails when the README's copy differs.
 */

export const COMMANDS_START = "<!-- commands-table:start (generated from pipeline/cli/commands by `npm run docs`) -->";
export const COMMANDS_END = "<!-- commands-table:end -->";
export const OPTIONS_START = "<!-- options-table:start (generated from pipeline/cli/commands by `npm run docs`) -->";
export const OPTIONS_END = "<!-- options-table:end -->";

/** A command as the documentation lists it: "run", or a subcommand as "privacy check". */
export interface DocumentedCommand {
  name: string;
  command: Command;
  summary: string;
}

/** One option as one command defines it. */
export interface OptionUse {
  command: string;
  option: Option;
  flags: string;
  description: string;
  default?: string;
  required: boolean;
}

/** Every command of the program, registered as the CLI registers it, each followed by its subcommands. */
export async function documentedCommands(): Promise<DocumentedCommand[]> {
  const program = await registerAllCommands(createProgram());
  return COMMANDS.flatMap((entry) => {
    const command = program.commands.find((x) => x.name() === entry.name)!;
    const subcommands = command.commands.map((sub) => ({ name: `${entry.name} ${sub.name()}`, command: sub, summary: sub.summary() || sub.description() }));
    return [{ name: entry.name, command, summary: entry.summary }, ...subcommands];
  });
}

/** The options --help shows for a command (help itself aside). */
export const visibleOptions = (command: Command): Option[] => command.options.filter((o) => !o.hidden);

/** Every visible option of every command, by long name, in the order the commands list them. */
export function optionUses(commands: readonly DocumentedCommand[]): Map<string, OptionUse[]> {
  const byName = new Map<string, OptionUse[]>();
  for (const { name, command } of commands) {
    for (const option of visibleOptions(command)) {
      const use: OptionUse = { command: name, option, flags: option.flags, description: option.description, default: defaultText(option), required: isRequired(option) };
      byName.set(option.long!, [...(byName.get(option.long!) ?? []), use]);
    }
  }
  return byName;
}

/** The commands column of the program's own options. */
export const GLOBAL = "every command (global)";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
const code = (text: string) => `\`${text}\``;

/** Values shared by every use are written once; otherwise each with the commands it belongs to. */
function perCommand(uses: readonly OptionUse[], value: (u: OptionUse) => string | undefined, empty: string): string {
  const groups = new Map<string, string[]>();
  for (const u of uses) {
    const v = value(u) ?? empty;
    groups.set(v, [...(groups.get(v) ?? []), u.command]);
  }
  if (groups.size === 1) return [...groups.keys()][0];
  return [...groups].map(([v, cmds]) => `${cmds.join(", ")}: ${v}`).join("; ");
}

export function commandsTableMarkdown(commands: readonly DocumentedCommand[]): string {
  const rows = ["| command | what it does | example (from its --help) |", "| --- | --- | --- |"];
  for (const c of commands) {
    const example = examplesOf(c.command)[0];
    rows.push(`| ${code(c.name)} | ${cell(c.summary)} | ${example ? cell(code(example.line)) : "–"} |`);
  }
  return rows.join("\n");
}

export function optionsTableMarkdown(commands: readonly DocumentedCommand[]): string {
  const rows = ["| option | meaning | default | commands (\\* required) |", "| --- | --- | --- | --- |"];
  for (const [, uses] of optionUses(commands)) {
    if (uses[0].option.long === "--help") continue;
    const flags = perCommand(uses, (u) => code(u.flags), "");
    const meaning = perCommand(uses, (u) => u.description, "");
    const dflt = perCommand(uses, (u) => u.default, "–");
    const where = uses.map((u) => `${u.command}${u.required ? "\\*" : ""}`).join(", ");
    rows.push(`| ${cell(flags)} | ${cell(meaning)} | ${cell(dflt)} | ${where} |`);
  }
  // the program's own options, which every command takes (its --help lists them as global options)
  const program = commands[0]?.command.parent;
  for (const option of program ? visibleOptions(program) : []) {
    rows.push(`| ${cell(code(option.flags))} | ${cell(option.description)} | ${cell(defaultText(option) ?? "–")} | ${GLOBAL} |`);
  }
  const old = new Map<string, { replacement: string; commands: string[] }>();
  for (const { name, command } of commands) {
    for (const o of command.options.filter((x) => x.hidden)) {
      const replacement = replacementOf(o);
      if (!replacement) continue;
      const key = `${o.long}\u0000${replacement}`;
      old.set(key, { replacement, commands: [...(old.get(key)?.commands ?? []), name] });
    }
  }
  const oldRows = ["| old spelling | use instead | commands |", "| --- | --- | --- |"];
  for (const [key, { replacement, commands: cmds }] of old) oldRows.push(`| ${code(key.split("\u0000")[0])} | ${cell(replacement)} | ${cmds.join(", ")} |`);
  return [
    rows.join("\n"),
    "",
    "Old spellings, accepted until the next release with a warning on stderr (hidden from --help):",
    "",
    oldRows.join("\n"),
  ].join("\n");
}

function replaceBetween(text: string, start: string, end: string, body: string): string {
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README: the markers ${start} … ${end} are missing`);
  return `${text.slice(0, a)}${start}\n${body}\n${text.slice(b)}`;
}

/** The README with its command and option tables replaced by the generated ones (markers kept). */
export async function withCliTables(readme: string): Promise<string> {
  const commands = await documentedCommands();
  return replaceBetween(replaceBetween(readme, COMMANDS_START, COMMANDS_END, commandsTableMarkdown(commands)), OPTIONS_START, OPTIONS_END, optionsTableMarkdown(commands));
}
