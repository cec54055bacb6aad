import { DefaceImpactError } from "../../analysis/core/errors.js";
import { runFeatureJob, type FeatureJob } from "./featureJob.js";
import { crashIfAsked, stallIfAsked } from "./faultInjection.js";
import { runSubjectTask, type SubjectTask } from "./subjectTask.js";

/**
 * piscina worker entry: one feature job per call. An error crosses back to the main thread as a
 * plain Error, so a DefaceImpactError (bad input, not a bug) is returned as data and rethrown there.
 */
export default function work(job: FeatureJob) {
  crashIfAsked();
  stallIfAsked();
  try {
    return runFeatureJob(job);
  } catch (err) {
    if (err instanceof DefaceImpactError) return { failure: { kind: err.kind, message: err.message } };
    throw err;
  }
}

/** piscina worker entry `subject`: a whole subject of a cohort (compare with several threads). */
export function subject(task: SubjectTask) {
  crashIfAsked();
  stallIfAsked();
  return runSubjectTask(task);
}
