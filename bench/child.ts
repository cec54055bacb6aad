import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const here = dirname(fileURLToPath(import.meta.url));

/** Wall and CPU milliseconds of one stage (see analysis/core/stageTimes.ts). */
export interface StageTime {
  wall_ms: number;
  cpu_ms: number;
}

/** A measured child process: the fastest of its repeats, and the most memory any of them used. */
export interface ChildMeasure {
  /** minimum over repeats of the wall time, ms (spawn to exit). */
  wall_ms: number;
  /** minimum over repeats of the CPU time of the child (all its threads), ms. */
  cpu_ms: number;
  /** largest peak resident set size (VmHWM) over repeats, MiB. */
  peak_rss_mib: number;
  /** stage times of the repeat with the least CPU time (when asked for). */
  stages?: Record<string, StageTime>;
  repeats: number;
}

export const round = (x: number, digits = 1): number => +x.toFixed(digits);

/**
 * Runs `node args` `repeats` times in a child process with bench/rusageHook.js loaded (CPU time and
 * peak RSS at exit) and, with `stages`, DEFACE_IMPACT_STAGE_TIMES set (the CLI's stage times).
 * Fails with the child's stderr when it exits non-zero. `stdout`: what the last repeat printed.
 */
export function measureChild(args: string[], options: { repeats: number; scratch: string; stages?: boolean; cwd?: string }): ChildMeasure & { stdout: string } {
  let wall = Infinity;
  let cpu = Infinity;
  let rss = 0;
  let stages: Record<string, StageTime> | undefined;
  let stdout = "";
  const usageFile = join(options.scratch, "rusage.json");
  const stagesFile = join(options.scratch, "stages.json");
  for (let r = 0; r < options.repeats; r++) {
    rmSync(usageFile, { force: true });
    rmSync(stagesFile, { force: true });
    const env: NodeJS.ProcessEnv = { ...process.env, BENCH_RUSAGE_OUT: usageFile };
    if (options.stages) env.DEFACE_IMPACT_STAGE_TIMES = stagesFile;
    else delete env.DEFACE_IMPACT_STAGE_TIMES;
    const t0 = performance.now();
    const res = spawnSync(process.execPath, ["--import", join(here, "rusageHook.js"), ...args], { env, encoding: "utf8", cwd: options.cwd, maxBuffer: 64 << 20 });
    const t1 = performance.now();
    if (res.status !== 0) throw new Error(`bench child failed (exit ${res.status}): node ${args.join(" ")}\n${res.stderr}`);
    const usage = JSON.parse(readFileSync(usageFile, "utf8")) as { cpu_ms: number; peak_rss_mb: number };
    rss = Math.max(rss, usage.peak_rss_mb);
    if (usage.cpu_ms < cpu && options.stages && existsSync(stagesFile)) {
      const recorded = JSON.parse(readFileSync(stagesFile, "utf8")) as { stages: Record<string, StageTime> };
      stages = Object.fromEntries(Object.entries(recorded.stages).map(([k, v]) => [k, { wall_ms: round(v.wall_ms), cpu_ms: round(v.cpu_ms) }]));
    }
    wall = Math.min(wall, t1 - t0);
    cpu = Math.min(cpu, usage.cpu_ms);
    stdout = res.stdout;
  }
  return { wall_ms: round(wall), cpu_ms: round(cpu), peak_rss_mib: round(rss), ...(stages ? { stages } : {}), repeats: options.repeats, stdout };
}

/** Runs `node args` once and returns its stdout (setup steps such as writing a phantom). */
export function runNode(args: string[], cwd?: string): string {
  const res = spawnSync(process.execPath, args, { encoding: "utf8", cwd, maxBuffer: 64 << 20 });
  if (res.status !== 0) throw new Error(`bench setup failed (exit ${res.status}): node ${args.join(" ")}\n${res.stderr}`);
  return res.stdout;
}

/**
 * Runs two copies of `node args` at once (each with its own `--out`), `repeats` times, and returns
 * the fastest wall time for both to finish, ms: with the time of one copy alone, the most any
 * 2-way split of that work can gain on this machine.
 */
export function measurePair(args: (copy: number) => string[], options: { repeats: number }): number {
  let wall = Infinity;
  const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
  const line = (copy: number) => [process.execPath, ...args(copy)].map(quote).join(" ");
  for (let r = 0; r < options.repeats; r++) {
    const t0 = performance.now();
    const res = spawnSync("sh", ["-c", `${line(1)} >/dev/null & a=$!; ${line(2)} >/dev/null; b=$?; wait $a && exit $b`], { encoding: "utf8", maxBuffer: 64 << 20 });
    const t1 = performance.now();
    if (res.status !== 0) throw new Error(`bench pair failed (exit ${res.status}): ${line(1)}\n${res.stderr}`);
    wall = Math.min(wall, t1 - t0);
  }
  return round(wall);
}
