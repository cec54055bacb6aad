import { Option } from "commander";
import { defaultThreads } from "../pool/runJobs.js";
import { markRequired } from "./help.js";
import { positiveInt } from "./options.js";

/** The options many commands share that are not settings: one spelling and one meaning each. */

export const threadsOption = (): Option =>
  new Option("--threads <n>", "threads to work on (in run, the main thread, which draws the renders meanwhile, is one of them); the outputs are the same, byte for byte, for any number").argParser(positiveInt).default(defaultThreads(), "the number of cores");

export const quietOption = (): Option => new Option("--quiet", "no progress output on stderr");

/** --out as a folder: `what` names the command's output ("run", "deface", ...). */
export const outDirOption = (what: string): Option =>
  markRequired(new Option("--out <dir>", `output folder: new, empty, or an earlier ${what} output (its files are replaced when ${what} succeeds)`));

/** --out as one file. */
export const outFileOption = (what: string): Option => markRequired(new Option("--out <file>", `output ${what} (written atomically)`));

export const forceOption = (): Option =>
  new Option("--force", "write into a non-empty --out folder that holds other files (same names are replaced, nothing is removed)");
