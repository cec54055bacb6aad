#!/usr/bin/env node
import { writeFileSync } from "node:fs";
import { CommanderError } from "commander";
import { enableStageTimes, stageTimes } from "../../analysis/core/stageTimes.js";
import { reportError } from "./exit.js";
import { COMMANDS, type CommandEntry } from "./commands/index.js";
import { createProgram } from "./program.js";
import { closeStartedPool } from "../pool/poolCloser.js";

/**
 * The command named on the command line (`deface-impact run ...` or `deface-impact help run`), if any:
 * only its module is loaded; the others appear in `--help` through their one-line summaries.
 */
function requestedCommand(args: string[]): CommandEntry | undefined {
  const words = args.filter((a) => !a.startsWith("-"));
  const name = words[0] === "help" ? words[1] : words[0];
  return COMMANDS.find((c) => c.name === name);
}

/** Piping into `head` closes stdout early: stop quietly instead of crashing with EPIPE. */
function exitQuietlyOnEpipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "EPIPE") process.exit(process.exitCode === undefined ? 0 : Number(process.exitCode));
      throw err;
    });
  }
}

/** Entry point of the `deface-impact` command. Each sub-command lives in ./commands/<name>.ts. */
async function main(argv: string[]): Promise<number> {
  const debug = argv.includes("--debug");
  const program = createProgram();
  try {
    const wanted = requestedCommand(argv.slice(2));
    for (const entry of COMMANDS) {
      if (entry === wanted) (await entry.load())(program);
      else program.command(entry.name).summary(entry.summary);
    }
    await program.parseAsync(argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with code 0; wrong usage (already printed as one error line) with exit 2.
      return err.exitCode === 0 ? 0 : 2;
    }
    return reportError(err, debug);
  }
}

/**
 * DEFACE_IMPACT_STAGE_TIMES=FILE (for `npm run bench`): at exit, write to FILE the milliseconds spent
 * per stage (analysis/core/stageTimes.ts) and since the process started (wall and CPU), as JSON.
 */
function recordStageTimes(file: string | undefined): void {
  if (!file) return;
  enableStageTimes();
  process.on("exit", () => {
    const cpu = process.cpuUsage();
    writeFileSync(file, JSON.stringify({ wall_ms: performance.now(), cpu_ms: (cpu.user + cpu.system) / 1000, stages: stageTimes() }) + "\n");
  });
}

exitQuietlyOnEpipe();
recordStageTimes(process.env.DEFACE_IMPACT_STAGE_TIMES);
main(process.argv)
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.exitCode = reportError(err, process.argv.includes("--debug"));
    },
  )
  // the worker pool lives for the whole command (pipeline/pool/runJobs.ts): end its threads now
  .finally(closeStartedPool);
