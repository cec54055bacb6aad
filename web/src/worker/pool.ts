import { DefaceImpactError } from "../../../analysis/core/errors.js";
import type { FeatureJob, FeatureJobResult, JobRunner } from "../../../pipeline/pool/featureJob.js";
import type { BufferRef, FromJobWorker, ToJobWorker, WireJob } from "./protocol.js";

/**
 * The browser's JobRunner: feature jobs on the job workers behind `ports`, each running
 * runFeatureJob as Node's worker threads do (pipeline/pool/worker.ts), one job at a time, results
 * in job order. A buffer (the image, the ROI) crosses to each worker once: shared memory is shared,
 * an ArrayBuffer (no cross-origin isolation, e.g. from file://) is copied, and later jobs name it by id.
 */
export function workerPool(ports: readonly MessagePort[]): JobRunner {
  if (ports.length === 0) throw new Error("workerPool needs at least one job worker");
  const ids = new WeakMap<ArrayBufferLike, number>();
  const sent = ports.map(() => new Set<number>());
  let nextId = 1;
  const ref = (buffer: ArrayBufferLike, worker: number): BufferRef => {
    let id = ids.get(buffer);
    if (id === undefined) ids.set(buffer, (id = nextId++));
    if (sent[worker].has(id)) return { id };
    sent[worker].add(id);
    return { id, buffer };
  };
  const wire = (job: FeatureJob, worker: number): WireJob => ({
    ...job,
    image: { ...job.image, buffer: ref(job.image.buffer, worker) },
    roi: ref(job.roi, worker),
  });

  return (jobs, onDone = () => {}) =>
    new Promise<FeatureJobResult[]>((resolve, reject) => {
      const results: FeatureJobResult[] = new Array(jobs.length);
      let next = 0;
      let done = 0;
      let failed = false;
      const give = (worker: number) => {
        if (failed || next >= jobs.length) return;
        const id = next++;
        const message: ToJobWorker = { type: "job", id, job: wire(jobs[id], worker) };
        ports[worker].postMessage(message);
      };
      ports.forEach((port, worker) => {
        port.onmessage = (event: MessageEvent<FromJobWorker>) => {
          const m = event.data;
          if (failed) return;
          if (m.type === "failure") {
            failed = true;
            reject(new DefaceImpactError(m.kind, m.message));
            return;
          }
          results[m.id] = m.result;
          onDone(++done, jobs.length);
          if (done === jobs.length) resolve(results);
          else give(worker);
        };
        give(worker);
      });
      if (jobs.length === 0) resolve(results);
    });
}
