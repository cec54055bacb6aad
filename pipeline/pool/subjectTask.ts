import type { MessagePort } from "node:worker_threads";
import { DefaceImpactError, type ErrorKind } from "../../analysis/core/errors.js";
import type { CompareSubjectEvents, CompareSubjectJob, CompareSubjectOutcome } from "../compare/compareSubject.js";
import { inlineJobs } from "./featureJob.js";

/** A whole `compare` subject as a worker task: the job, and the port its log lines and progress go back through. */
export interface SubjectTask {
  job: CompareSubjectJob;
  port: MessagePort;
}

/** What the port carries, worker to main thread. */
export type SubjectMessage = { log: string } | { done: number; total: number };

/** A bad-input error crosses back as data (a thrown error would arrive as a plain Error, its kind lost). */
export type SubjectTaskResult = CompareSubjectOutcome | { failure: { kind: ErrorKind; message: string } };

/** The events of a subject, posted to the main thread. */
export const portEvents = (port: MessagePort): Required<CompareSubjectEvents> => ({
  log: (line) => port.postMessage({ log: line } satisfies SubjectMessage),
  onProgress: (done, total) => port.postMessage({ done, total } satisfies SubjectMessage),
});

/**
 * The worker side: the subject's feature jobs run inline, on this worker (the other workers hold
 * the cohort's other subjects). The compare modules load on the first subject, not with the worker.
 */
export async function runSubjectTask(task: SubjectTask): Promise<SubjectTaskResult> {
  try {
    const { compareSubject } = await import("../compare/compareSubject.js");
    return await compareSubject(task.job, inlineJobs, portEvents(task.port));
  } catch (err) {
    if (err instanceof DefaceImpactError) return { failure: { kind: err.kind, message: err.message } };
    throw err;
  } finally {
    task.port.close();
  }
}
