import { unlinkSync } from "node:fs";

/**
 * Fault injection for the tests of a crashing worker: when DEFACE_IMPACT_CRASH_WORKER names a file
 * that exists, the first worker to find it removes it and exits at once, as a worker killed by a
 * native fault or an out-of-memory abort would. Without the variable (always, outside tests) this
 * does nothing.
 */
export function crashIfAsked(): void {
  const flag = process.env.DEFACE_IMPACT_CRASH_WORKER;
  if (!flag) return;
  try {
    unlinkSync(flag);
  } catch {
    return; // no flag, or another worker took it
  }
  process.exit(70);
}
