import { runFeatureJob, type FeatureJob } from "./featureJob.js";

/** piscina worker entry: one feature job per call. */
export default function work(job: FeatureJob) {
  return runFeatureJob(job);
}
