#!/usr/bin/env node
/**
 * `npm run fuzz`: generates the fuzz corpus (seeded: the same seed gives the same cases) and passes
 * every case through every command that reads it, as child processes of the built CLI with a time
 * limit; prints the outcomes per reader and a last line "fuzz: N passed, N failed" (cases).
 *
 *   node dist/fuzz/main.js [--sample N] [--seed S] [--jobs J] [--timeout SECONDS] [--data DIR]
 *                          [--only TEXT] [--keep-failures] [--list]
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { projectRoot } from "../pipeline/version.js";
import { buildBases } from "./base.js";
import { generateCorpus, sampleCases } from "./corpus.js";
import { caseFailed, summaryLines } from "./report.js";
import { OracleCache, runCase, setBaseFiles, type CaseResult } from "./runCase.js";
import { FAILURES } from "./types.js";

interface Args {
  sample?: number;
  seed: number;
  jobs: number;
  timeoutMs: number;
  data?: string;
  only?: string;
  keepFailures: boolean;
  list: boolean;
}

const USAGE = `usage: npm run fuzz -- [options]
  --sample N        run a deterministic sample of N cases (default: the whole corpus)
  --seed S          corpus seed (default 1; the same seed gives the same cases)
  --jobs J          cases run at once (default min(2, CPUs))
  --timeout SECONDS time limit per command (default 120)
  --data DIR        the shared validation data, for the DICOM and RTSTRUCT cases (default ../shared/data)
  --no-data         leave the DICOM and RTSTRUCT cases out
  --only TEXT       only the cases whose id contains TEXT (e.g. rtstruct, nifti/truncated)
  --keep-failures   keep the failed cases' files
  --list            list the cases and exit
`;

/** Thrown by --help: prints the usage, exits 0. */
class UsageHelp extends Error {}

function parseArgs(argv: string[]): Args {
  const args: Args = { seed: 1, jobs: Math.min(2, availableParallelism()), timeoutMs: 120_000, keepFailures: false, list: false };
  const defaultData = join(projectRoot(), "..", "shared", "data");
  if (existsSync(defaultData)) args.data = defaultData;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const count = (name: string) => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number`);
      return n;
    };
    if (a === "--sample") args.sample = count(a);
    else if (a === "--seed") args.seed = count(a);
    else if (a === "--jobs") args.jobs = count(a);
    else if (a === "--timeout") args.timeoutMs = count(a) * 1000;
    else if (a === "--data") args.data = resolve(value());
    else if (a === "--no-data") args.data = undefined;
    else if (a === "--only") args.only = value();
    else if (a === "--keep-failures") args.keepFailures = true;
    else if (a === "--list") args.list = true;
    else if (a === "--help" || a === "-h") throw new UsageHelp();
    else throw new Error(`unknown option ${a} (see --help)`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const bases = buildBases(args.data);
  if (!bases.mr || !bases.ct) process.stdout.write(`fuzz: no shared DICOM data${args.data ? ` in ${args.data}` : ""}: the DICOM and RTSTRUCT cases are left out\n`);
  setBaseFiles({ phantom: bases.phantom.files, "mr-dicom": bases.mr?.files, "ct-dicom": bases.ct?.files });
  const corpus = generateCorpus(bases, args.seed);
  let cases = args.only ? corpus.filter((c) => c.id.includes(args.only!)) : corpus;
  if (args.sample) cases = sampleCases(cases, args.sample);
  process.stdout.write(`fuzz: ${corpus.length} cases in the corpus (seed ${args.seed}); running ${cases.length} with ${args.jobs} job(s)\n`);
  if (args.list) {
    for (const c of cases) process.stdout.write(`${c.id}  ${c.role}  ${JSON.stringify(c.expect)}\n`);
    return 0;
  }

  const work = mkdtempSync(join(tmpdir(), "deface-impact-fuzz-"));
  const opts = {
    cli: join(projectRoot(), "dist", "pipeline", "cli", "main.js"),
    rusageHook: join(projectRoot(), "dist", "bench", "rusageHook.js"),
    work,
    timeoutMs: args.timeoutMs,
    keepFailures: args.keepFailures,
  };
  const oracles = new OracleCache(opts);
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await runCase(cases[i], opts, oracles);
      done++;
      const r = results[i];
      if (caseFailed(r)) {
        for (const f of r.results.filter((x) => FAILURES.includes(x.outcome))) {
          process.stdout.write(`FAIL ${r.id} ${f.command}: ${f.outcome} (exit ${f.code ?? f.signal}, ${Math.round(f.ms)} ms) ${f.detail}\n`);
        }
      }
      if (done % 50 === 0) process.stdout.write(`fuzz: ${done}/${cases.length} cases, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    }
  };
  try {
    await Promise.all(Array.from({ length: args.jobs }, worker));
  } finally {
    if (!args.keepFailures) rmSync(work, { recursive: true, force: true });
    else process.stdout.write(`fuzz: failed cases kept in ${work}\n`);
  }
  for (const line of summaryLines(results, (performance.now() - started) / 1000)) process.stdout.write(`${line}\n`);
  return results.some(caseFailed) ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err) => {
    if (err instanceof UsageHelp) {
      process.stdout.write(USAGE);
      return;
    }
    // a usage mistake is one line; anything else is the runner's own bug, so its stack is kept
    const usage = (err as Error).message?.startsWith("unknown option") || / needs a value| must be a positive/.test((err as Error).message ?? "");
    process.stderr.write(`fuzz: ${usage ? (err as Error).message : ((err as Error).stack ?? err)}\n`);
    process.stdout.write("fuzz: 0 passed, 1 failed\n");
    process.exitCode = 1;
  },
);
