import type { Expectation, Outcome } from "./types.js";

/** How a command ended. */
export interface Ending {
  /** exit code, or null when killed by a signal. */
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  stderr: string;
  /** names a message may use for the case's inputs (file and folder names, paths). */
  inputNames: string[];
  /** for "same": whether every compared output equals the oracle's (undefined: not compared). */
  sameAsOracle?: boolean;
  /** files the command left in its output folder after failing. */
  leftovers: number;
  inputsChanged: boolean;
}

const STACK_FRAME = /^\s+at \S/m;
const JS_ERROR = /\b(TypeError|RangeError|ReferenceError|SyntaxError|Error): /;
const FATAL = /FATAL ERROR|heap out of memory|Aborted|Segmentation fault|internal error/i;

/**
 * The error lines of stderr (warnings and progress lines dropped), each with its indented
 * continuation lines (e.g. the list of series a folder holds).
 */
export function errorMessages(stderr: string): string[] {
  const out: string[] = [];
  for (const line of stderr.split("\n")) {
    if (line.startsWith("deface-impact: error: ")) out.push(line);
    else if (/^\s+\S/.test(line) && out.length) out[out.length - 1] += `\n${line}`;
  }
  return out;
}

/** A setting (processing.discretisation) or an option (--max-memory) named in a usage error. */
const SETTING_OR_OPTION = /\b(input|defacing|normalisation|processing|features|output|cohort)\.[A-Za-z]+|(^|\s)--[a-z][a-z-]+/;

/**
 * A clear error: every error message names what is wrong, and no stack trace or JavaScript error
 * leaks out. What is wrong is one of the inputs; a usage error (exit 2) caused by a setting may name
 * the setting or option instead (it can come from the settings file or the command line).
 */
export function isClearError(stderr: string, inputNames: string[], code: number | null): boolean {
  if (STACK_FRAME.test(stderr) || JS_ERROR.test(stderr)) return false;
  const messages = errorMessages(stderr);
  const named = (m: string) => inputNames.some((name) => m.includes(name)) || (code === 2 && SETTING_OR_OPTION.test(m.replace(/^deface-impact: error: /, "")));
  return messages.length > 0 && messages.every(named);
}

/** The outcome of one command of a case, given what it had to do. */
export function classify(expectation: Expectation, e: Ending): Outcome {
  if (e.inputsChanged) return "input-modified";
  if (e.timedOut) return "hang";
  if (e.signal !== null || e.code === null || e.code >= 4 || FATAL.test(e.stderr)) return "crash";
  if (e.code === 0) {
    if (expectation === "error") return "silent-wrong";
    if (expectation === "same") return e.sameAsOracle === false ? "silent-wrong" : "correct";
    return "accepted";
  }
  // exit 1, 2 or 3: a refusal
  if (e.leftovers > 0) return "partial-output";
  if (!isClearError(e.stderr, e.inputNames, e.code) || e.code === 1) return "unclear-error";
  return expectation === "same" || expectation === "ok" ? "refused-valid" : "clear-error";
}
