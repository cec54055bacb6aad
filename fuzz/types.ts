/**
 * The fuzz corpus: malformed inputs generated from valid ones (the project's phantoms and the shared
 * DICOM series), each run through every command that reads it. These types say what a case is and
 * what its outcome must be.
 */

/** Which reader a case attacks (the counts are printed per reader). */
export type Reader = "nifti" | "nifti-gzip" | "nrrd" | "mask" | "dicom" | "rtstruct" | "manifest" | "settings";

/** The commands of the CLI the runner calls. */
export type CommandName = "convert" | "features" | "deface" | "run" | "compare" | "regress";

/**
 * What a command must do with the case:
 * - error: fail with a clear error (exit 2 or 3, one line naming a file, no stack trace);
 * - same: succeed with exactly the outputs of the unmutated (oracle) inputs;
 * - ok: succeed (the result cannot be checked against an oracle, e.g. flipped voxel bytes);
 * - either: a clear error or a success (e.g. random bytes in a header: both are right answers).
 */
export type Expectation = "error" | "same" | "ok" | "either";

/** An input file: its bytes, or a link to a read-only file outside the case (the shared DICOM data, unchanged). */
export type FileEntry = Uint8Array | { link: string };

/** Every input file of a case, by path relative to the case folder. */
export type FileSet = Record<string, FileEntry>;

/** Which set of valid inputs a case starts from; each has its command lines (fuzz/commands.ts). */
export type BaseName = "phantom" | "mr-dicom" | "ct-dicom";

/** What the mutated file is to the commands: it decides the command lines. */
export type Role =
  | "image"
  | "roi"
  | "face-mask"
  | "brain-mask"
  | "series"
  | "rtstruct"
  | "manifest"
  | "run-settings"
  | "features-settings";

export interface FuzzCase {
  /** `reader/mutation/n`, stable for a given seed. */
  id: string;
  reader: Reader;
  mutation: string;
  base: BaseName;
  role: Role;
  /** path of the mutated input within the case folder (a file, or a folder for a series). */
  target: string;
  /** the case's inputs: the base's files with the mutated ones replaced or added. */
  files: () => FileSet;
  /** per command; `default` for the others. */
  expect: { default: Expectation } & Partial<Record<CommandName, Expectation>>;
  /** for "same": the equivalent valid inputs (default: the base files, unchanged). */
  oracle?: () => FileSet;
  /** commands to leave out (e.g. a role that only some commands read). */
  skip?: CommandName[];
}

/** How one command ended, as the classifier sees it. */
export type Outcome =
  | "clear-error" // exit 2/3, one error line naming a file, no stack trace
  | "correct" // exit 0, and (for "same") outputs equal the oracle's
  | "accepted" // exit 0 where either outcome is right, or "ok" cases without an oracle
  | "unclear-error" // failed, but several lines, no file named, or a stack trace
  | "crash" // a signal, an abort, out of memory, or exit 4 (internal error)
  | "hang" // killed at the time limit
  | "silent-wrong" // exit 0 where it must fail, or outputs that differ from the oracle's
  | "refused-valid" // a clear error on an input that must give a result
  | "partial-output" // a failed command left files in its output folder
  | "input-modified"; // an input file changed

export const OUTCOMES: readonly Outcome[] = [
  "clear-error", "correct", "accepted", "unclear-error", "crash", "hang", "silent-wrong", "refused-valid", "partial-output", "input-modified",
];
export const FAILURES: readonly Outcome[] = ["unclear-error", "crash", "hang", "silent-wrong", "refused-valid", "partial-output", "input-modified"];
