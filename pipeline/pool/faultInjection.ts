import { unlinkSync, writeFileSync } from "node:fs";

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

/**
 * Fault injection for the tests of a run killed mid-way: when DEFACE_IMPACT_STALL_WORKER names a
 * file, a worker writes it on its first job (the test's sign that features are being computed)
 * and then holds the job for a minute, as a long computation would. Without the variable it does nothing.
 */
export function stallIfAsked(): void {
  const flag = process.env.DEFACE_IMPACT_STALL_WORKER;
  if (!flag) return;
  writeFileSync(flag, "computing\n");
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
}
