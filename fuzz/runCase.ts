import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { OUTPUT_MANIFEST } from "../pipeline/report/outputDir.js";
import { classify, type Ending } from "./classify.js";
import { commandsFor, type CommandLine } from "./commands.js";
import type { CommandName, FileSet, FuzzCase, Outcome } from "./types.js";

/** One command of one case: what happened and how it was judged. */
export interface CommandResult {
  command: CommandName;
  outcome: Outcome;
  code: number | null;
  signal: string | null;
  ms: number;
  /** peak resident memory of the command, MB (VmHWM). */
  peakRssMb?: number;
  /** the first lines of stderr, for failures. */
  detail: string;
}

export interface CaseResult {
  id: string;
  reader: FuzzCase["reader"];
  mutation: string;
  results: CommandResult[];
}

export interface RunnerOptions {
  /** the built CLI (dist/pipeline/cli/main.js). */
  cli: string;
  /** writes each child's peak RSS to BENCH_RUSAGE_OUT (dist/bench/rusageHook.js). */
  rusageHook: string;
  work: string;
  timeoutMs: number;
  keepFailures: boolean;
}

/** Writes a file set into a folder: bytes as files, links as symbolic links to the read-only originals. */
export function writeFileSet(dir: string, files: FileSet): void {
  for (const [name, entry] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    if (entry instanceof Uint8Array) writeFileSync(path, entry);
    else symlinkSync(entry.link, path);
  }
}

/** SHA-256 of every input file under `dir` (links followed), except the outputs under out/. */
function hashInputs(dir: string, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (!prefix && e.name === "out") continue;
    const full = join(dir, rel);
    const st = statSync(full, { throwIfNoEntry: false });
    if (!st) out.set(rel, "dangling");
    else if (st.isDirectory()) for (const [k, v] of hashInputs(dir, rel)) out.set(k, v);
    else out.set(rel, createHash("sha256").update(readFileSync(full)).digest("hex"));
  }
  return out;
}

const sameHashes = (a: Map<string, string>, b: Map<string, string>): boolean => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);

/** Files (not folders) below a path; 0 when it does not exist. */
/**
 * Files a failed command left that are not a whole output. A folder whose output manifest (written
 * last, when every file is in place) lists only files that are there is whole: a cohort that went on
 * past a failing subject writes the others' outputs and still exits non-zero.
 */
function partialFiles(path: string): number {
  if (!existsSync(path)) return 0;
  if (!statSync(path).isDirectory()) return 1;
  const manifest = join(path, OUTPUT_MANIFEST);
  if (existsSync(manifest)) {
    const listed = (JSON.parse(readFileSync(manifest, "utf8")) as { files: string[] }).files;
    if (listed.every((f) => existsSync(join(path, f)))) return 0;
  }
  return readdirSync(path).reduce((n, name) => n + partialFiles(join(path, name)), 0);
}

interface Spawned {
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  stderr: string;
  ms: number;
  peakRssMb?: number;
}

/** Runs the CLI in `cwd` with a time limit; a child past it is killed (SIGKILL) and reported as timed out. */
function runCli(opts: RunnerOptions, cwd: string, args: string[]): Promise<Spawned> {
  const rusage = join(cwd, `.rusage-${process.pid}.json`);
  rmSync(rusage, { force: true });
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", opts.rusageHook, opts.cli, ...args], {
      cwd,
      env: { ...process.env, BENCH_RUSAGE_OUT: rusage },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += d.toString("utf8");
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, opts.timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      let peakRssMb: number | undefined;
      try {
        peakRssMb = (JSON.parse(readFileSync(rusage, "utf8")) as { peak_rss_mb: number }).peak_rss_mb;
      } catch {
        // killed before its exit hook ran
      }
      rmSync(rusage, { force: true });
      resolve({ code, signal, timedOut, stderr, ms: performance.now() - started, peakRssMb });
    });
  });
}

const withOut = (args: string[], out: string): string[] => args.map((a) => a.replace(/^OUT\//, `${out}/`));

/** Outputs of the oracle inputs per (oracle, command): computed once, compared with every case that shares them. */
export class OracleCache {
  /** in flight or done: concurrent cases that share an oracle wait for the same run */
  private readonly cache = new Map<string, Promise<Map<string, string>>>();
  constructor(private readonly opts: RunnerOptions) {}

  outputs(key: string, files: FileSet, line: CommandLine): Promise<Map<string, string>> {
    const id = `${key}|${line.name}`;
    let hit = this.cache.get(id);
    if (!hit) {
      hit = this.compute(id, files, line);
      this.cache.set(id, hit);
    }
    return hit;
  }

  private async compute(id: string, files: FileSet, line: CommandLine): Promise<Map<string, string>> {
    const dir = join(this.opts.work, "oracles", createHash("sha1").update(id).digest("hex").slice(0, 12));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSet(dir, files);
    const out = `out/${line.name}`;
    const r = await runCli(this.opts, dir, withOut(line.args, out));
    try {
      if (r.code !== 0) throw new Error(`the oracle of ${id} failed (exit ${r.code}): ${r.stderr.split("\n")[0]}`);
      return new Map(line.compare.map((f) => [f, hashFile(join(dir, out, f))]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

const hashFile = (path: string): string => (existsSync(path) ? createHash("sha256").update(readFileSync(path)).digest("hex") : "missing");

/**
 * Runs one case: writes its inputs, runs every command that reads the mutated file (with a time
 * limit), checks the inputs are byte-identical after each, compares outputs with the oracle's where
 * the case must give the same result, and classifies each command's outcome.
 */
export async function runCase(c: FuzzCase, opts: RunnerOptions, oracles: OracleCache): Promise<CaseResult> {
  const dir = join(opts.work, "cases", c.id.replace(/[^A-Za-z0-9._-]+/g, "_"));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = c.files();
  writeFileSet(dir, files);
  const inputs = hashInputs(dir);
  const inputNames = [...new Set(Object.keys(files).flatMap((f) => [f, basename(f), f.split("/")[0]]))].filter((n) => n.length > 1);
  inputNames.push(c.target);
  const results: CommandResult[] = [];
  for (const line of commandsFor(c.base, c.role, c.target)) {
    if (c.skip?.includes(line.name)) continue;
    const expectation = c.expect[line.name] ?? c.expect.default;
    const out = `out/${line.name}`;
    const r = await runCli(opts, dir, withOut(line.args, out));
    const ending: Ending = {
      code: r.code,
      signal: r.signal,
      timedOut: r.timedOut,
      stderr: r.stderr,
      inputNames,
      leftovers: r.code === 0 ? 0 : partialFiles(join(dir, out)) + countStaging(join(dir, "out")),
      inputsChanged: !sameHashes(inputs, hashInputs(dir)),
    };
    if (expectation === "same" && r.code === 0 && line.compare.length) {
      // the oracle: the case's own equivalent inputs, or the unmutated base with its usual file in the role
      const oracleLine = c.oracle ? line : commandsFor(c.base, c.role, BASE_TARGET[c.role]).find((l) => l.name === line.name)!;
      const key = c.oracle ? c.id : `base:${c.base}:${c.role}`;
      const expected = await oracles.outputs(key, c.oracle ? c.oracle() : baseFiles(c.base), oracleLine);
      ending.sameAsOracle = line.compare.every((f) => hashFile(join(dir, out, f)) === expected.get(f));
    }
    const outcome = classify(expectation, ending);
    const detail =
      outcome === "silent-wrong" && ending.sameAsOracle === false
        ? `outputs differ from the oracle's (${line.compare.join(", ")})`
        : r.stderr.split("\n").filter((l) => l.trim()).slice(0, 4).join(" | ").slice(0, 600);
    results.push({ command: line.name, outcome, code: r.code, signal: r.signal, ms: r.ms, peakRssMb: r.peakRssMb, detail });
  }
  const failed = results.some((r) => ["unclear-error", "crash", "hang", "silent-wrong", "refused-valid", "partial-output", "input-modified"].includes(r.outcome));
  if (!failed || !opts.keepFailures) rmSync(dir, { recursive: true, force: true });
  return { id: c.id, reader: c.reader, mutation: c.mutation, results };
}

/** Staging folders (".name.partial-...") left beside an output. */
function countStaging(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).filter((n) => n.includes(".partial-") || n.endsWith(".tmp")).length;
}

/** The file each role reads in the unmutated base (roles whose cases always bring an oracle have none). */
const BASE_TARGET: Record<FuzzCase["role"], string> = {
  image: "image.nii.gz",
  roi: "roi.nii.gz",
  "face-mask": "face_mask.nii.gz",
  "brain-mask": "brain_mask.nii.gz",
  series: "series",
  rtstruct: "rs.dcm",
  manifest: "cohort.csv",
  "run-settings": "settings.yaml",
  "features-settings": "settings.yaml",
};

/** The unmutated inputs of each base, for the oracle runs of "same" cases. */
let baseFileSets: Partial<Record<FuzzCase["base"], FileSet>> = {};
export function setBaseFiles(sets: typeof baseFileSets): void {
  baseFileSets = sets;
}
function baseFiles(base: FuzzCase["base"]): FileSet {
  const files = baseFileSets[base];
  if (!files) throw new Error(`no base files for ${base}`);
  return files;
}
