/**
 * How the CLI ends the shared worker pool when its command is done. runJobs registers its closer
 * when it is loaded, so a command that never started a pool (--help, a usage error, `phantom`)
 * does not load the pool and, with it, the feature engine just to close nothing.
 */
let closeSharedPool: (() => Promise<void>) | undefined;

export function registerPoolCloser(close: () => Promise<void>): void {
  closeSharedPool = close;
}

/** Ends the shared pool's threads, if a pool module was ever loaded. */
export async function closeStartedPool(): Promise<void> {
  await closeSharedPool?.();
}
