import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMANDS_END, COMMANDS_START, documentedCommands, GLOBAL, OPTIONS_END, OPTIONS_START, withCliTables, type DocumentedCommand } from "../../../pipeline/cli/cliDocs.js";
import { projectRoot } from "../../../pipeline/version.js";

/**
 * Every command's --help, as the built CLI prints it, against the README's command and option tables:
 * the same commands, option names, required marks, defaults and first examples. The README's tables are
 * generated (`npm run docs`); this test reads the help text itself, so a help style or a table
 * generator that drifts from what users see fails here too.
 */

const run = promisify(execFile);
const main = join(projectRoot(), "dist", "pipeline", "cli", "main.js");
const readme = readFileSync(join(projectRoot(), "README.md"), "utf8");

interface HelpOption {
  /** the whole entry, wrapped lines joined. */
  entry: string;
  long: string;
  flags: string;
  required: boolean;
  default?: string;
}

interface Help {
  text: string;
  options: HelpOption[];
  examples: string[];
}

/** The option entries of a --help text (wrapped lines joined), with the "(required; default: …)" tail parsed. */
function parseHelp(text: string): Help {
  const lines = text.split("\n");
  const start = lines.indexOf("Options:");
  const entries: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith("  ")) break;
    if (/^ {2}\S/.test(line)) entries.push(line.trim());
    else entries[entries.length - 1] += ` ${line.trim()}`;
  }
  const options = entries
    .filter((e) => !e.startsWith("-h, --help"))
    .map((entry): HelpOption => {
      const [flags] = entry.split(/ {2,}/);
      const tail = /\((required)?(?:; )?(?:default: (.*))?\)$/.exec(entry);
      const dflt = tail?.[2];
      return { entry, long: flags.split(" ")[0], flags, required: tail?.[1] === "required", default: dflt };
    });
  const examplesAt = lines.findIndex((l) => l.startsWith("Examples"));
  const examples = examplesAt < 0 ? [] : lines.slice(examplesAt + 1).filter((l) => l.startsWith("  deface-impact ")).map((l) => l.trim());
  return { text, options, examples };
}

/** A markdown table's rows between two markers, cells split on unescaped pipes and unescaped. */
function tableRows(start: string, end: string): string[][] {
  const body = readme.slice(readme.indexOf(start) + start.length, readme.indexOf(end));
  return body
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| ---"))
    .slice(1) // the header
    .map((l) =>
      l
        .slice(2, -2)
        .split(/ (?<!\\)\| /)
        .map((c) => c.replace(/\\([|*])/g, "$1").trim()),
    );
}

/** A cell as the generator writes it: one value for every command, or "a, b: v1; c: v2". */
function valueFor(cellText: string, command: string, names: Set<string>): string {
  const parts = cellText.split("; ").map((p) => /^(.+?): (.*)$/.exec(p));
  const grouped = parts.every((m) => m && m[1].split(", ").every((n) => names.has(n)));
  if (!grouped) return cellText;
  const hit = parts.find((m) => m![1].split(", ").includes(command));
  return hit ? hit[2] : "";
}

const unquote = (text: string) => text.replace(/^`|`$/g, "");

describe("every command's --help against the README", () => {
  let commands: DocumentedCommand[];
  const helps = new Map<string, Help>();

  beforeAll(async () => {
    commands = await documentedCommands();
    // the built CLI, as a user runs it: one process per command, two at a time
    const queue = [...commands];
    const worker = async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const { stdout } = await run(process.execPath, [main, ...c.name.split(" "), "--help"], { env: { ...process.env, COLUMNS: "100" } });
        helps.set(c.name, parseHelp(stdout));
      }
    };
    await Promise.all([worker(), worker()]);
  }, 120_000);

  it("the README's generated tables are up to date (run `npm run docs` after changing a command)", async () => {
    expect(await withCliTables(readme)).toBe(readme);
  });

  it("every help ends with two or three examples of that command, each under a comment", () => {
    for (const c of commands) {
      const help = helps.get(c.name)!;
      expect(help.examples.length, c.name).toBeGreaterThanOrEqual(2);
      expect(help.examples.length, c.name).toBeLessThanOrEqual(3);
      for (const line of help.examples) expect(line.startsWith(`deface-impact ${c.name}`) || c.command.commands.length > 0, `${c.name}: ${line}`).toBe(true);
      const tail = help.text.trimEnd().split("\n").slice(-2 * help.examples.length);
      expect(tail.filter((l) => l.startsWith("  # ")).length, c.name).toBe(help.examples.length);
    }
  });

  it("prints each default once: no description states a default of its own", () => {
    for (const c of commands) {
      for (const o of helps.get(c.name)!.options) expect(o.entry.match(/default/gi)?.length ?? 0, `${c.name}: ${o.entry}`).toBeLessThanOrEqual(1);
      for (const option of c.command.options) expect(option.description, `${c.name} ${option.long}`).not.toMatch(/\(default|default:/i);
    }
  });

  it("the README's command table lists every command, with the first example of its help", () => {
    const rows = tableRows(COMMANDS_START, COMMANDS_END);
    expect(rows.map((r) => unquote(r[0]))).toEqual(commands.map((c) => c.name));
    for (const [name, , example] of rows) expect(unquote(example), name).toBe(helps.get(unquote(name))!.examples[0]);
  });

  it("the README's option table has every option of every help, with its flags, required mark and default", () => {
    const names = new Set(commands.map((c) => c.name));
    // the option table, then the old spellings' table (three columns)
    const rows = tableRows(OPTIONS_START, OPTIONS_END).filter((r) => r.length === 4);
    const rowOf = (long: string) => rows.find((r) => (r[0].match(/`([^`]+)`/g) ?? []).some((f) => unquote(f).split(" ")[0] === long));
    let checked = 0;
    for (const c of commands) {
      for (const o of helps.get(c.name)!.options) {
        const row = rowOf(o.long);
        expect(row, `${c.name} ${o.long} is missing from the README's option table`).toBeDefined();
        const [flags, , dflt, where] = row!;
        expect(unquote(valueFor(flags, c.name, names)), `${c.name} ${o.long}: flags`).toBe(o.flags);
        const listed = where.split(", ").find((w) => w.replace(/\*$/, "") === c.name);
        expect(listed, `${c.name} ${o.long}: not listed for this command`).toBeDefined();
        expect(listed!.endsWith("*"), `${c.name} ${o.long}: required mark`).toBe(o.required);
        expect(valueFor(dflt, c.name, names), `${c.name} ${o.long}: default`).toBe(o.default ?? "–");
        checked++;
      }
    }
    // the global options every help lists after its own, with their defaults
    for (const c of commands) {
      const text = helps.get(c.name)!.text;
      const global = parseHelp(text.slice(text.indexOf("Global Options:")).replace("Global Options:", "Options:")).options;
      expect(global.map((o) => o.long), c.name).toEqual(expect.arrayContaining(["--debug", "--max-memory"]));
      for (const o of global) {
        const row = rows.find((r) => r[3] === GLOBAL && unquote(r[0]) === o.flags);
        expect(row, `${c.name}: global ${o.flags}`).toBeDefined();
        expect(row![2], `${o.flags}: default`).toBe(o.default ?? "–");
      }
    }
    // and nothing in the table that no help shows
    for (const r of rows.filter((x) => x[3] !== GLOBAL)) {
      for (const cmd of r[3].split(", ")) expect(names.has(cmd.replace(/\*$/, "")), `${r[0]}: ${cmd}`).toBe(true);
    }
    expect(checked).toBeGreaterThan(150);
  });

  it("the README's prose agrees with the help: phantom --size, the fills, the exit codes", () => {
    const phantom = helps.get("phantom")!.options.find((o) => o.long === "--size")!;
    expect(phantom.default).toBe("160");
    expect(readme).not.toMatch(/--size 256/);
    for (const code of ["| 0 | success", "| 1 | a check failed", "| 2 | usage error", "| 3 | bad input data", "| 4 | internal error"]) expect(readme).toContain(code);
    expect(readme).toContain("`deface-impact: error: <what is wrong>`");
    const fill = helps.get("run")!.options.find((o) => o.long === "--fill")!;
    expect(readme).toContain(`\`--fill\` (repeatable; default \`${fill.default}\`)`);
  });
});
