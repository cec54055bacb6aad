import { createRequire } from "node:module";
import type cliProgressTypes from "cli-progress";

/** cli-progress loads with the first bar drawn on a terminal (about 12 ms): never for --quiet, CI or a pipe. */
const loadCliProgress = (): typeof cliProgressTypes => createRequire(import.meta.url)("cli-progress") as typeof cliProgressTypes;

/** A progress bar on stderr when it is a terminal; silent otherwise (CI logs stay readable). */
export function progressBar(label: string, quiet = false): { update(done: number, total: number): void; stop(): void } {
  if (quiet || !process.stderr.isTTY) return { update() {}, stop() {} };
  const cliProgress = loadCliProgress();
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} jobs | {duration_formatted}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  // Several rounds of jobs (e.g. subjects) may share one bar: a new total, or an update after a
  // stop (to print a line), starts it again.
  let started = false;
  let shownTotal = -1;
  return {
    update(done, total) {
      if (!started || total !== shownTotal) {
        if (started) bar.stop();
        bar.start(total, 0);
        started = true;
        shownTotal = total;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/** Warnings go to stderr, one line each. */
export const warn = (message: string): void => {
  process.stderr.write(`deface-impact: warning: ${message}\n`);
};

/** A folder as the "wrote …/" lines name it: one trailing slash, whether or not the user typed one. */
export const folderName = (dir: string): string => `${dir.replace(/\/+$/, "") || "/"}/`.replace(/^\/\/$/, "/");
