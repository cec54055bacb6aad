import { availableParallelism } from "node:os";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Piscina } from "piscina";
import { DefaceImpactError, type ErrorKind } from "../../analysis/core/errors.js";
import { projectRoot } from "../version.js";
import { MessageChannel } from "node:worker_threads";
import type { CompareSubjectEvents, CompareSubjectJob, CompareSubjectOutcome } from "../compare/compareSubject.js";
import type { SubjectMessage, SubjectTask, SubjectTaskResult } from "./subjectTask.js";
import { registerPoolCloser } from "./poolCloser.js";
import { workerExecArgv } from "./workerExecArgv.js";
import { inlineJobs, type FeatureJob, type FeatureJobResult, type JobRunner } from "./featureJob.js";

export const defaultThreads = (): number => Math.max(1, availableParallelism());

/** The compiled worker (dist/): workers load plain JavaScript, also when tests run from source. */
function workerFile(): string {
  const file = join(projectRoot(), "dist", "pipeline", "pool", "worker.js");
  if (!existsSync(file)) throw new Error(`worker script ${file} is missing: run "npm run build"`);
  return file;
}

/**
 * The Node job runner: `threads` threads (inline when 1). `alongside`: this thread works while the
 * jobs run (run draws its renders), so it is one of the `threads` (poolSize).
 */
export const threadPool =
  (threads: number, alongside = false): JobRunner =>
  (jobs, onDone) =>
    runJobs(jobs, threads, onDone, alongside);

/**
 * Starts the workers that `jobs` jobs on `threads` threads will use (if any) now, so they load
 * while this thread reads and builds masks, and the jobs find them ready instead of waiting for
 * them to start. runJobs then uses this same pool.
 */
export async function startPool(threads: number, jobs: number, alongside = false): Promise<void> {
  const size = poolSize(threads, jobs, alongside);
  if (size === 0) return;
  await loadPiscina();
  sharedPool(size);
}

/**
 * Workers for `jobs` jobs on `threads` threads, 0 to run them inline: no more than the jobs can keep
 * busy. A thread that works `alongside` its workers counts among the threads: --threads 2 is this
 * thread and one worker, not two workers beside a third busy thread (on two cores, that third
 * thread cost a 256³ run 0.3 s and a worker's 30 MiB; see the README's Performance section).
 */
export function poolSize(threads: number, jobs: number, alongside = false): number {
  if (threads <= 1) return 0;
  const workers = Math.min(alongside ? threads - 1 : threads, jobs);
  return workers >= (alongside ? 1 : 2) ? workers : 0;
}

/** The number of worker threads of the shared pool (0 when there is none). */
export const poolThreads = (): number => pool?.piscina.threads.length ?? 0;

/**
 * A job lost with its worker (the thread died: a native fault, out of memory): an internal error
 * saying which job. Its pool is retired, so nothing waits for the dead worker.
 */
const workerDied = (err: unknown, n: number, total: number): Error =>
  new DefaceImpactError("internal", `a feature worker failed on job ${n + 1} of ${total} (${(err as Error)?.message ?? String(err)})`, undefined, { cause: err });

/**
 * Runs the jobs on `threads` threads (the workers poolSize gives; inline when none) and returns
 * their results in job order, whatever order they finish in: output is the same for any number of threads.
 */
export async function runJobs(
  jobs: FeatureJob[],
  threads: number,
  onDone: (done: number, total: number) => void = () => {},
  alongside = false,
): Promise<FeatureJobResult[]> {
  const size = poolSize(threads, jobs.length, alongside);
  if (size === 0) return inlineJobs(jobs, onDone);
  const results: FeatureJobResult[] = new Array(jobs.length);
  let done = 0;
  await loadPiscina();
  const pool = sharedPool(size);
  let died = false;
  const run = (job: FeatureJob, n: number, on: Piscina): Promise<unknown> =>
    on.run(job).catch((err: unknown) => {
      // Another caller's worker died and its pool was retired with this job queued on it (compare
      // overlaps two subjects): this job did nothing wrong, run it again on a fresh pool.
      if (retired.has(on) && !died) return run(job, n, sharedPool(size));
      // This job's thread died: the pool is retired with the rest of this caller's jobs (the same
      // subject's), so nothing waits for the dead worker; the next jobs get a fresh pool.
      died = true;
      void retirePool(on);
      return Promise.reject(workerDied(err, n, jobs.length));
    });
  await Promise.all(
    jobs.map(async (job, n) => {
      const out = (await run(job, n, pool)) as FeatureJobResult | { failure: { kind: ErrorKind; message: string } };
      if ("failure" in out) throw new DefaceImpactError(out.failure.kind, out.failure.message);
      results[n] = out;
      onDone(++done, jobs.length);
    }),
  );
  return results;
}

/**
 * Runs one whole `compare` subject on a worker of the shared pool (worker.ts `subject`): a cohort's
 * subjects then run in parallel, each with its feature jobs inline on its worker. Log lines and
 * progress come back through a message port as they happen.
 */
export async function runSubjectOnPool(job: CompareSubjectJob, lanes: number, events: CompareSubjectEvents): Promise<CompareSubjectOutcome> {
  const { port1, port2 } = new MessageChannel();
  port1.on("message", (m: SubjectMessage) => ("log" in m ? events.log?.(m.log) : events.onProgress?.(m.done, m.total)));
  try {
    const task: SubjectTask = { job, port: port2 };
    await loadPiscina();
    const out = (await sharedPool(lanes)
      .run(task, { name: "subject", transferList: [port2] })
      .catch((err: unknown) => {
        throw new DefaceImpactError("internal", `a worker failed on subject ${job.row.subject} (${(err as Error)?.message ?? String(err)})`, undefined, { cause: err });
      })) as SubjectTaskResult;
    if ("failure" in out) throw new DefaceImpactError(out.failure.kind, out.failure.message);
    return out;
  } finally {
    port1.close();
  }
}

/**
 * Runs the task `name` of worker.ts on the shared pool, if there is one (a command that started
 * worker threads), beside whatever jobs it holds; undefined when there is none.
 */
export function onSharedPool<T>(name: "png" | "chart" | "warm" | "ctBrain", task: unknown): Promise<T> | undefined {
  return pool?.piscina.run(task, { name }) as Promise<T> | undefined;
}

/** piscina loads with the first pool (about 20 ms): a one-thread command never needs it. */
let PiscinaClass: typeof Piscina | undefined;
async function loadPiscina(): Promise<void> {
  PiscinaClass ??= (await import("piscina")).Piscina;
}

/**
 * One pool for the whole process (a cohort's subjects reuse its warm workers, never one pool per
 * subject), of as many workers as the work can use (poolSize), never more than --threads: a 64-core
 * machine does not start 64 workers for a run's 7 jobs.
 *
 * Its workers start with it, and piscina marks the workers it starts with as ready at once: jobs are
 * posted to them while they still load. A worker takes up to JOBS_PER_WORKER jobs at a time (the
 * least busy first), so the jobs of a subject are all handed out when they are run: the main thread,
 * busy drawing renders meanwhile, need not come back to hand each worker its next job. Idle workers
 * do not keep the process alive (piscina unrefs them), so a library caller's process can exit; the
 * CLI closes the pool as soon as its command is done.
 */
let pool: { threads: number; piscina: Piscina } | undefined;

const JOBS_PER_WORKER = 64;

function sharedPool(threads: number): Piscina {
  if (pool && pool.threads === threads) return pool.piscina;
  if (pool) void pool.piscina.destroy();
  if (!PiscinaClass) throw new Error("sharedPool: piscina is not loaded (await loadPiscina() first)");
  pool = {
    threads,
    piscina: new PiscinaClass({
      filename: workerFile(),
      minThreads: threads,
      maxThreads: threads,
      concurrentTasksPerWorker: JOBS_PER_WORKER,
      execArgv: workerExecArgv(),
    }),
  };
  return pool.piscina;
}

/** Pools retired after a worker died: what they drop with them was not at fault. */
const retired = new WeakSet<Piscina>();

/** Destroys `piscina` and, when it is the shared pool, forgets it. */
async function retirePool(piscina: Piscina): Promise<void> {
  retired.add(piscina);
  if (pool?.piscina === piscina) pool = undefined;
  await piscina.destroy().catch(() => {});
}

/** Ends the worker threads (the CLI calls it when its command is done). */
export async function closePool(): Promise<void> {
  const p = pool;
  pool = undefined;
  if (p) await p.piscina.destroy();
}
registerPoolCloser(closePool);
