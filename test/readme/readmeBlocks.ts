import { readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../pipeline/version.js";

/** A fenced code block of README.md: its language, its text, and the heading it sits under. */
export interface CodeBlock {
  lang: string;
  text: string;
  heading: string;
}

export function readmeBlocks(): CodeBlock[] {
  const text = readFileSync(join(projectRoot(), "README.md"), "utf8");
  const blocks: CodeBlock[] = [];
  let heading = "";
  let open: CodeBlock | undefined;
  let indent = "";
  for (const line of text.split("\n")) {
    const fence = /^(\s*)```(\w*)\s*$/.exec(line);
    if (fence) {
      if (open) {
        blocks.push(open);
        open = undefined;
      } else {
        open = { lang: fence[2], text: "", heading };
        indent = fence[1]; // a block inside a list item: its lines carry the item's indentation
      }
      continue;
    }
    if (open) open.text += `${line.startsWith(indent) ? line.slice(indent.length) : line}\n`;
    else if (/^#+ /.test(line)) heading = line.replace(/^#+ /, "").trim();
  }
  return blocks;
}

/**
 * The commands of a shell block, one per entry: continuation lines (ending in a backslash) joined,
 * comments (# to the end of the line, after a space) dropped, blank lines skipped.
 */
export function shellCommands(block: string): string[] {
  const joined = block.replace(/\\\n\s*/g, " ");
  return joined
    .split("\n")
    .map((line) => line.replace(/(^|\s)#.*$/, "").trim())
    .filter((line) => line !== "");
}

/** Splits a command line into words (the README's commands use no quotes). */
export const words = (command: string): string[] => command.split(/\s+/).filter(Boolean);
