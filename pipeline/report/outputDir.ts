import { timeStageAsync } from "../../analysis/core/stageTimes.js";
import { ensureDir } from "../io/ensureDir.js";
import { removeLeftoversOfDeadProcesses } from "../io/leftovers.js";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { DefaceImpactError, inputError } from "../../analysis/core/errors.js";
import { refuseOutputOverInputs, type OutputGuard } from "./outputGuard.js";

/** Written last into every output folder: what wrote it and which files are its own. */
export const OUTPUT_MANIFEST = ".deface-impact-output.json";

interface OutputManifest {
  tool: "deface-impact";
  command: string;
  files: string[];
}

/** How the finished folder goes into place. */
type CommitMode =
  | "new" // the target is missing or empty: one rename
  | "replace-own" // the target holds an earlier output of the same command: its files are replaced, nothing else
  | "merge"; // --force on a folder of other files: ours are added (same names replaced), nothing is removed

/**
 * Writes a whole output folder safely: files go into a hidden staging folder beside the target and
 * move into place only when everything is written, so a failure or an interruption leaves the
 * previous output (or nothing), never a half-written file. A command never deletes what it did not
 * write: a non-empty target is accepted only when it holds an earlier output of the same command
 * (recognised by its manifest) or with `force`, and even then only files the earlier output listed
 * are removed. A target that is, holds or lies inside an input is always refused.
 */
export class StagedOutputDir {
  readonly target: string;
  readonly staging: string;
  private readonly mode: CommitMode;
  private readonly previous: OutputManifest | undefined;
  private readonly command: string;
  private done = false;

  constructor(target: string, guard: OutputGuard) {
    this.target = resolve(target);
    this.command = guard.command;
    const checked = checkOutputDir(target, guard);
    this.mode = checked.mode;
    this.previous = checked.previous;
    const parent = dirname(this.target);
    ensureDir(parent);
    // staging folders of this target left by a killed process: removed, so an interruption never leaves more than the next run cleans up
    removeLeftoversOfDeadProcesses(parent, `.${basename(this.target)}.partial-`);
    this.staging = join(parent, `.${basename(this.target)}.partial-${process.pid}-${Date.now()}`);
    // The signal handlers go in before the folder exists: a signal that came between the two would
    // otherwise end the process by default and leave the folder behind.
    trackStaging(this.staging);
    try {
      mkdirSync(this.staging);
    } catch (err) {
      untrackStaging(this.staging);
      throw inputError(`cannot write in the output's folder (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, parent, err);
    }
  }

  /** Path of a file inside the staging folder (subfolders are created). */
  path(name: string): string {
    const p = join(this.staging, name);
    ensureDir(dirname(p));
    return p;
  }

  write(name: string, data: string | Uint8Array): void {
    writeFileSync(this.path(name), data);
  }

  /** Moves the finished files into place; see CommitMode. */
  commit(): void {
    const files = listFiles(this.staging).filter((f) => f !== OUTPUT_MANIFEST);
    const manifest: OutputManifest = { tool: "deface-impact", command: this.command, files };
    writeFileSync(join(this.staging, OUTPUT_MANIFEST), JSON.stringify(manifest, null, 2) + "\n");
    if (this.mode === "new") {
      if (existsSync(this.target)) rmdirSync(this.target); // empty, checked before the work
      renameSync(this.staging, this.target);
    } else {
      // Each rename is atomic: every file is either the old one or the new one.
      for (const f of files) {
        ensureDir(dirname(join(this.target, f)));
        renameSync(join(this.staging, f), join(this.target, f));
      }
      const stale = this.mode === "replace-own" ? (this.previous?.files ?? []).filter((f) => !files.includes(f)) : [];
      for (const f of stale) removeOwnFile(this.target, f);
      renameSync(join(this.staging, OUTPUT_MANIFEST), join(this.target, OUTPUT_MANIFEST));
      rmSync(this.staging, { recursive: true, force: true });
    }
    untrackStaging(this.staging);
    this.done = true;
  }

  /** Removes the staging folder after a failure. */
  abandon(): void {
    if (!this.done) rmSync(this.staging, { recursive: true, force: true });
    untrackStaging(this.staging);
  }
}

/**
 * Checks, before any work, that an output folder may be written (see StagedOutputDir) and says how.
 * Throws a usage error that names the folder and what to do.
 */
export function checkOutputDir(target: string, guard: OutputGuard): { mode: CommitMode; previous?: OutputManifest } {
  const dir = resolve(target);
  refuseOutputOverInputs(target, guard);
  if (!existsSync(dir)) return { mode: "new" };
  if (!statSync(dir).isDirectory()) throw inputError("output path exists and is not a folder", target);
  const entries = readdirSync(dir);
  if (entries.length === 0) return { mode: "new" };
  const previous = readManifest(dir);
  if (previous?.command === guard.command) return { mode: "replace-own", previous };
  if (guard.force) return { mode: "merge" };
  const what = previous ? `an output of \`${previous.command}\`, not of \`${guard.command}\`` : `${entries.length} file${entries.length === 1 ? "" : "s"} that deface-impact did not write`;
  throw new DefaceImpactError(
    "usage",
    `the output folder is not empty: it holds ${what}. Choose a new or empty folder, or give --force to write into it ` +
      "(files of the same names are replaced; nothing else is removed)",
    target,
  );
}

/** Runs `write` into a staged folder and commits it, or removes the staging folder on failure. */
export async function writeOutputDir<T>(target: string, guard: OutputGuard, write: (dir: StagedOutputDir) => Promise<T> | T): Promise<T> {
  return timeStageAsync("report", () => writeStaged(target, guard, write));
}

async function writeStaged<T>(target: string, guard: OutputGuard, write: (dir: StagedOutputDir) => Promise<T> | T): Promise<T> {
  const dir = new StagedOutputDir(target, guard);
  try {
    const result = await write(dir);
    dir.commit();
    return result;
  } catch (err) {
    dir.abandon();
    throw err;
  }
}

function readManifest(dir: string): OutputManifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, OUTPUT_MANIFEST), "utf8")) as Partial<OutputManifest>;
    if (m.tool === "deface-impact" && typeof m.command === "string" && Array.isArray(m.files)) return m as OutputManifest;
  } catch {
    // no manifest, or not ours: the folder is treated as the user's
  }
  return undefined;
}

/** Relative paths of every file below `dir`, sorted (so the manifest is byte-identical run to run). */
function listFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(join(dir, e.name), rel));
    else out.push(rel);
  }
  return out.sort();
}

/** Removes a file an earlier output listed (never outside the folder), and its folder when left empty. */
function removeOwnFile(root: string, file: string): void {
  const p = resolve(root, file);
  const rel = relative(root, p);
  if (rel.startsWith("..") || rel.includes(`..${sep}`) || resolve(p) === root) return;
  rmSync(p, { force: true });
  let d = dirname(p);
  while (d !== root && d.startsWith(root + sep)) {
    try {
      rmdirSync(d); // only when empty
    } catch {
      break;
    }
    d = dirname(d);
  }
}

// An interrupted command (Ctrl-C, kill) removes its staging folders, so it leaves the previous output or none.
// The handlers are there only while a folder is being staged.
const stagingDirs = new Set<string>();
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
function onSignal(signal: keyof typeof SIGNAL_EXIT): void {
  for (const d of stagingDirs) {
    try {
      rmSync(d, { recursive: true, force: true, maxRetries: 5 });
    } catch {
      // what is left is removed by the next command writing here (removeLeftoversOfDeadProcesses)
    }
  }
  process.stderr.write(`deface-impact: interrupted (${signal}); no output was written\n`);
  process.exit(SIGNAL_EXIT[signal]);
}
function trackStaging(dir: string): void {
  if (stagingDirs.size === 0) for (const s of Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]) process.on(s, onSignal);
  stagingDirs.add(dir);
}
function untrackStaging(dir: string): void {
  if (!stagingDirs.delete(dir) || stagingDirs.size > 0) return;
  for (const s of Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]) process.off(s, onSignal);
}
