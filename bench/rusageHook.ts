/**
 * Loaded with `node --import` into a benchmarked child process: at exit, writes the process's CPU time
 * (all threads) and peak resident set size to the file named by BENCH_RUSAGE_OUT, so the parent can
 * report CPU time next to wall time on a loaded machine.
 */
import { writeFileSync } from "node:fs";
import { peakRssMb } from "./peakRss.js";

const out = process.env.BENCH_RUSAGE_OUT;
if (out) {
  process.on("exit", () => {
    const r = process.resourceUsage();
    writeFileSync(out, JSON.stringify({ cpu_ms: (r.userCPUTime + r.systemCPUTime) / 1000, peak_rss_mb: peakRssMb() }));
  });
}
