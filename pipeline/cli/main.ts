#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { reportError } from "./exit.js";
import { COMMANDS } from "./commands/index.js";
import { packageVersion } from "../version.js";

/** Entry point of the `deface-impact` command. Each sub-command lives in ./commands/<name>.ts. */
async function main(argv: string[]): Promise<number> {
  const debug = argv.includes("--debug");
  const program = new Command("deface-impact")
    .description("Measure how defacing head CT/MRI shifts radiomic features in a region far from the face.")
    .version(packageVersion())
    .option("--debug", "print stack traces on errors")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  for (const register of COMMANDS) register(program);
  try {
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; wrong usage with exit 2.
      return err.exitCode === 0 ? 0 : 2;
    }
    return reportError(err, debug);
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.exitCode = reportError(err, process.argv.includes("--debug"));
  },
);
