import { DefaceImpactError } from "../../analysis/core/errors.js";
import { runFeatureJob, type FeatureJob } from "./featureJob.js";
import { crashIfAsked } from "./faultInjection.js";
import type { WorkerError } from "./workerError.js";

/** piscina worker entry: one feature job per call; our own errors go back as data, keeping their kind and file. */
export default function work(job: FeatureJob) {
  crashIfAsked();
  try {
    return runFeatureJob(job);
  } catch (err) {
    if (!(err instanceof DefaceImpactError)) throw err;
    const sent: WorkerError = { workerError: { kind: err.kind, message: err.message, path: err.path } };
    return sent;
  }
}
