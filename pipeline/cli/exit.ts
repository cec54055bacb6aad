import { DefaceImpactError, type ErrorKind } from "../../analysis/core/errors.js";

/** CLI exit codes (ARCHITECTURE.md): 0 ok, 1 a check failed, 2 usage, 3 bad input, 4 internal. */
export const EXIT_CODES: Record<ErrorKind, number> = { check: 1, usage: 2, input: 3, internal: 4 };

/**
 * Prints an error as one line (a stack trace only with --debug) and returns the exit code.
 * Anything that is not a DefaceImpactError is a bug: exit 4.
 */
export function reportError(err: unknown, debug: boolean): number {
  if (err instanceof DefaceImpactError) {
    process.stderr.write(`deface-impact: error: ${err.message}\n`);
    if (debug && err.stack) process.stderr.write(`${err.stack}\n`);
    return EXIT_CODES[err.kind];
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`deface-impact: internal error: ${message} (rerun with --debug for details; please report it)\n`);
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return EXIT_CODES.internal;
}
