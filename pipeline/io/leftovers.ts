import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/**
 * Removes what a killed process (SIGKILL, out of memory, a power cut: no handler runs) left in
 * `parent` while it wrote: entries named `<prefix><pid><rest>` ending in `suffix` whose process no
 * longer runs. Those of a process that still runs (another command writing the same output) stay.
 */
export function removeLeftoversOfDeadProcesses(parent: string, prefix: string, suffix = ""): void {
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return; // no folder yet: nothing left over
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith(suffix)) continue;
    const pid = /^\d+/.exec(entry.slice(prefix.length))?.[0];
    if (pid && !processRuns(Number(pid))) rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // it runs, as another user
  }
}
