// First: Node's Buffer, which some readers use, before any of them loads.
import "../platform/buffer.js";
import { serveJobs } from "./jobTask.js";
import type { FromWorker, ToWorker } from "./protocol.js";
import { RunTask } from "./runTask.js";

/**
 * The one worker script: a "run" message makes it the run worker, a "job-port" message a job
 * worker (see protocol.ts). Anything thrown outside a task reaches the page as an error message.
 */
const scope = self as unknown as { postMessage(message: FromWorker, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };
const task = new RunTask((message, transfer) => scope.postMessage(message, transfer ?? []));

scope.onmessage = (event) => {
  const m = event.data;
  if (m.type === "job-port") serveJobs(m.port);
  else if (m.type === "run") void task.run(m.request, m.jobPorts);
  else if (m.type === "view") task.view(m.condition);
};
