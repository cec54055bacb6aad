import cliProgress from "cli-progress";

/** A progress bar on stderr when it is a terminal; silent otherwise (CI logs stay readable). */
export function progressBar(label: string, quiet = false): { update(done: number, total: number): void; stop(): void } {
  if (quiet || !process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total} jobs | {duration_formatted}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** Warnings go to stderr, one line each. */
export const warn = (message: string): void => {
  process.stderr.write(`deface-impact: warning: ${message}\n`);
};
