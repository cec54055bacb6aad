import { DefaceImpactError, type ErrorKind } from "../../analysis/core/errors.js";

/** A subject of a cohort that could not be processed. */
export interface SubjectFailure {
  subject: string;
  /** manifest line, when the subject comes from a manifest. */
  line?: number;
  /** the one-line message (it names the offending file). */
  message: string;
  kind: ErrorKind;
}

/** Worse failures decide the exit code at the end: a bug (internal) over bad input over a usage error. */
const SEVERITY: Record<ErrorKind, number> = { check: 0, usage: 1, input: 2, internal: 3 };

/**
 * Lets a cohort (compare, regress) go on past a subject that fails: each failure is reported at once
 * (with its subject and manifest line) and recorded; after the cohort, `throwIfAny` ends the command
 * with a non-zero exit that names every failed subject. A crashed worker counts as the subject's failure.
 */
export class CohortFailures {
  readonly failures: SubjectFailure[] = [];

  constructor(
    /** the manifest or suite, named in the final error. */
    private readonly source: string | undefined,
    private readonly report: (line: string) => void,
  ) {}

  /** Runs one subject's work; a failure is recorded and undefined returned. */
  async run<T>(subject: string, line: number | undefined, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (err) {
      const kind: ErrorKind = err instanceof DefaceImpactError ? err.kind : "internal";
      const message = err instanceof Error ? err.message : String(err);
      const failure = { subject, line, message: message.split("\n")[0], kind };
      this.failures.push(failure);
      this.report(`subject ${subject}${line ? ` (manifest line ${line})` : ""} failed, going on with the others: ${failure.message}`);
      if (kind === "internal" && process.argv.includes("--debug") && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
      return undefined;
    }
  }

  get failedSubjects(): string[] {
    return this.failures.map((f) => f.subject);
  }

  /** After the cohort: a non-zero exit naming every failed subject (the outputs of the others are written first). */
  throwIfAny(total: number, outcome: string): void {
    if (this.failures.length === 0) return;
    const worst = this.failures.reduce((k, f) => (SEVERITY[f.kind] > SEVERITY[k] ? f.kind : k), "check" as ErrorKind);
    const list = this.failures.map((f) => `${f.subject}${f.line ? ` (line ${f.line})` : ""}: ${f.message}`).join("; ");
    throw new DefaceImpactError(worst, `${this.failures.length} of ${total} subjects failed (${list}); ${outcome}`, this.source);
  }
}
