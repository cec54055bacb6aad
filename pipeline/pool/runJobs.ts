import { availableParallelism } from "node:os";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Piscina } from "piscina";
import type { FeatureValue } from "../../analysis/features/types.js";
import { DefaceImpactError } from "../../analysis/core/errors.js";
import { isWorkerError, type WorkerError } from "./workerError.js";
import { projectRoot } from "../version.js";
import { runFeatureJob, type FeatureJob } from "./featureJob.js";

export const defaultThreads = (): number => Math.max(1, availableParallelism());

/** The compiled worker (dist/): workers load plain JavaScript, also when tests run from source. */
function workerFile(): string {
  const file = join(projectRoot(), "dist", "pipeline", "pool", "worker.js");
  if (!existsSync(file)) throw new Error(`worker script ${file} is missing: run "npm run build"`);
  return file;
}

/**
 * A job that failed in a worker: the worker's own error when it sent one (an input error stays an
 * input error, naming its file), else (a bug, or the worker thread died: a native fault, out of
 * memory) an internal error saying which job was lost. The caller destroys the pool, so nothing
 * waits for a dead worker.
 */
function workerFailure(err: unknown, n: number, total: number): Error {
  if (isWorkerError(err)) {
    const { kind, message, path } = err.workerError;
    return new DefaceImpactError(kind, path && message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message, path);
  }
  return new DefaceImpactError("internal", `a feature worker failed on job ${n + 1} of ${total} (${(err as Error)?.message ?? String(err)})`, undefined, { cause: err });
}

/**
 * Workers load the worker module with import(), not require(): Node 20's require() of an ES module
 * aborts the whole process (a failed assertion in CreateRequiredModuleFacade) when the pool is
 * destroyed while a worker is still loading, e.g. right after another worker's job failed.
 */
const WORKER_EXEC_ARGV = process.allowedNodeEnvironmentFlags.has("--no-experimental-require-module")
  ? [...process.execArgv, "--no-experimental-require-module"]
  : process.execArgv;

/**
 * Runs the jobs on `threads` worker threads (inline when 1) and returns their results in job
 * order, whatever order they finish in: output is the same for any number of threads.
 */
export async function runJobs(
  jobs: FeatureJob[],
  threads: number,
  onDone: (done: number, total: number) => void = () => {},
): Promise<FeatureValue[][]> {
  const results: FeatureValue[][] = new Array(jobs.length);
  let done = 0;
  if (threads <= 1 || jobs.length <= 1) {
    for (let n = 0; n < jobs.length; n++) {
      results[n] = runFeatureJob(jobs[n]);
      onDone(++done, jobs.length);
    }
    return results;
  }
  const pool = new Piscina({ filename: workerFile(), minThreads: threads, maxThreads: threads, execArgv: WORKER_EXEC_ARGV });
  try {
    await Promise.all(
      jobs.map(async (job, n) => {
        const result = (await pool.run(job).catch((err: unknown) => Promise.reject(workerFailure(err, n, jobs.length)))) as FeatureValue[] | WorkerError;
        if (isWorkerError(result)) throw workerFailure(result, n, jobs.length);
        results[n] = result;
        onDone(++done, jobs.length);
      }),
    );
  } finally {
    await pool.destroy();
  }
  return results;
}
