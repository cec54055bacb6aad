/**
 * The one error class of deface-impact. `kind` decides the CLI exit code (see pipeline/cli/exit.ts);
 * `path` names the offending file when there is one, so every message can say which input is wrong.
 */
export type ErrorKind =
  | "usage" // wrong arguments or options: exit 2
  | "input" // unreadable, malformed or inconsistent input: exit 3
  | "check" // a requested check failed (regression drift, threshold): exit 1
  | "internal"; // a bug: exit 4

export class DefaceImpactError extends Error {
  readonly kind: ErrorKind;
  readonly path: string | undefined;

  constructor(kind: ErrorKind, message: string, path?: string, options?: { cause?: unknown }) {
    super(path ? `${path}: ${message}` : message, options);
    this.name = "DefaceImpactError";
    this.kind = kind;
    this.path = path;
  }
}

export const inputError = (message: string, path?: string, cause?: unknown): DefaceImpactError =>
  new DefaceImpactError("input", message, path, { cause });

export const usageError = (message: string): DefaceImpactError => new DefaceImpactError("usage", message);
