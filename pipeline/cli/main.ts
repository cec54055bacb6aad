#!/usr/bin/env node
import { writeFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { enableStageTimes, stageTimes } from "../../analysis/core/stageTimes.js";
import { reportError } from "./exit.js";
import { COMMANDS, type CommandEntry } from "./commands/index.js";
import { packageVersion } from "../version.js";
import { MAX_MEMORY_ENV, setMaxMemory } from "../io/memoryLimit.js";

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
  const program = new Command("deface-impact")
    .description("Measure how defacing head CT/MRI shifts radiomic features in a region far from the face.")
    .version(packageVersion())
    .option("--debug", "print stack traces on errors")
    .option("--max-memory <size>", `refuse inputs that need more memory than this to read and process, e.g. 8G or 512M (default: $${MAX_MEMORY_ENV}, else 75 % of the free memory)`)
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  // the readers' memory guard (pipeline/io/memoryLimit.ts), set before any command reads a file
  program.hook("preAction", () => setMaxMemory(program.opts().maxMemory));
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
      // --help and --version end here with code 0; wrong usage with exit 2.
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
  .finally(async () => (await import("../pool/runJobs.js")).closePool());
