import { DefaceImpactError } from "../../../analysis/core/errors.js";
import { runFeatureJob, type FeatureJob } from "../../../pipeline/pool/featureJob.js";
import type { BufferRef, FromJobWorker, ToJobWorker } from "./protocol.js";

/**
 * A job worker: runs the feature jobs that arrive on `port` with runFeatureJob, the function Node's
 * worker threads run. Buffers arrive once and are kept by id (workerPool in pool.ts). A bad-input
 * error goes back as data; anything else is a bug and goes back as an internal error.
 */
export function serveJobs(port: MessagePort): void {
  const buffers = new Map<number, ArrayBufferLike>();
  const buffer = (r: BufferRef): ArrayBufferLike => {
    if (r.buffer) buffers.set(r.id, r.buffer);
    const b = buffers.get(r.id);
    if (!b) throw new Error(`job worker: buffer ${r.id} never arrived`);
    return b;
  };
  port.onmessage = (event: MessageEvent<ToJobWorker>) => {
    const { id, job: wire } = event.data;
    let reply: FromJobWorker;
    try {
      const job = { ...wire, image: { ...wire.image, buffer: buffer(wire.image.buffer) }, roi: buffer(wire.roi) } as FeatureJob;
      reply = { type: "result", id, result: runFeatureJob(job) };
    } catch (err) {
      const known = err instanceof DefaceImpactError;
      reply = { type: "failure", id, kind: known ? err.kind : "internal", message: known ? err.message : `internal error in a feature job: ${(err as Error).message}` };
    }
    port.postMessage(reply);
  };
}
