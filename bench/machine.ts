import { availableParallelism, cpus, loadavg, platform, release, totalmem } from "node:os";

/** The machine a benchmark ran on: numbers mean little without it (and its load). */
export interface Machine {
  cpu: string;
  cores: number;
  memory_gib: number;
  os: string;
  node: string;
  /** 1, 5 and 15 minute load averages when the bench started and when it ended. */
  load_start: number[];
  load_end?: number[];
}

export function describeMachine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: availableParallelism(),
    memory_gib: +(totalmem() / 2 ** 30).toFixed(1),
    os: `${platform()} ${release()}`,
    node: process.version,
    load_start: loadavg().map((x) => +x.toFixed(2)),
  };
}

export const currentLoad = (): number[] => loadavg().map((x) => +x.toFixed(2));
