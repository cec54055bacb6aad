import { readFileSync } from "node:fs";

/**
 * Peak resident set size of this process in MB. On Linux, VmHWM from /proc/self/status: getrusage's
 * maxrss is inherited across fork and exec, so a small child would report its parent's peak.
 */
export function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}
