import AnalysisWorker from "./worker/worker.ts?worker&inline";
import type { FromWorker, RunRequest, ToWorker } from "./worker/protocol.js";

export interface RunHandlers {
  onMessage: (message: FromWorker) => void;
}

/**
 * One analysis: a run worker and `jobs` job workers (the same script, inlined in the page so it
 * also starts from file://), each job worker connected to the run worker by its own MessagePort.
 * The workers live until the next run or stop(): the run worker keeps the inputs for the views.
 */
export class AnalysisRun {
  private readonly workers: Worker[] = [];
  private readonly run: Worker;
  private stopped = false;

  constructor(request: RunRequest, jobs: number, private readonly handlers: RunHandlers) {
    this.run = this.start();
    const jobPorts: MessagePort[] = [];
    for (let n = 0; n < jobs; n++) {
      const channel = new MessageChannel();
      this.send(this.start(), { type: "job-port", port: channel.port2 }, [channel.port2]);
      jobPorts.push(channel.port1);
    }
    this.run.onmessage = (event: MessageEvent<FromWorker>) => {
      if (this.stopped) return;
      const m = event.data;
      // the job workers are done with a finished or failed run; the run worker stays for the views
      if (m.type === "done" || m.type === "error") this.stopJobs();
      handlers.onMessage(m);
    };
    this.send(this.run, { type: "run", request, jobPorts }, jobPorts);
  }

  /** Asks for another condition's views; the answer arrives as a "view" message. */
  requestView(condition: string): void {
    this.send(this.run, { type: "view", condition });
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.workers) w.terminate();
  }

  private start(): Worker {
    const worker = new AnalysisWorker();
    // a worker that dies (out of memory, a bug in a library) must not leave the page waiting
    worker.onerror = (event) => {
      event.preventDefault();
      if (this.stopped) return;
      this.stop();
      this.handlers.onMessage({ type: "error", kind: "internal", message: `the analysis stopped: ${event.message || "a worker failed (out of memory?)"}` });
    };
    this.workers.push(worker);
    return worker;
  }

  private stopJobs(): void {
    for (const w of this.workers) if (w !== this.run) w.terminate();
  }

  private send(worker: Worker, message: ToWorker, transfer: Transferable[] = []): void {
    worker.postMessage(message, transfer);
  }
}
