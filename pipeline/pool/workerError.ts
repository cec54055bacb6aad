import type { ErrorKind } from "../../analysis/core/errors.js";

/** What a worker sends back instead of throwing our own errors (a thrown error loses its kind and path on the way). */
export interface WorkerError {
  workerError: { kind: ErrorKind; message: string; path?: string };
}

export const isWorkerError = (x: unknown): x is WorkerError => typeof x === "object" && x !== null && "workerError" in x;
