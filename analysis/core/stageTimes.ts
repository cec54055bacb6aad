/**
 * Optional accounting of where a command's time goes, by stage (read, masks, defacing, renders,
 * normalisation, ROI preparation, each feature family, shifts, report), for `npm run bench`.
 * Off unless a caller turns it on (the CLI does when DEFACE_IMPACT_STAGE_TIMES names a file); off,
 * a stage costs one boolean test. Times are exclusive: while a stage runs inside another, the outer
 * one's clock stops, so the stages add up to at most the whole. Only this thread's work is seen
 * (feature jobs on worker threads are not): measure with one thread.
 */

let enabled = false;
/** per stage: wall and CPU milliseconds (CPU: this process, all threads; steadier on a loaded machine). */
const totals = new Map<string, { wall: number; cpu: number }>();
const active: { stage: string; wall: number; cpu: number }[] = [];

export function enableStageTimes(): void {
  enabled = true;
}

/** Wall and CPU milliseconds spent in each stage so far (exclusive of the stages nested in it). */
export function stageTimes(): Record<string, { wall_ms: number; cpu_ms: number }> {
  return Object.fromEntries([...totals].map(([stage, t]) => [stage, { wall_ms: t.wall, cpu_ms: t.cpu }]));
}

const cpuNow = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

function charge(entry: { stage: string; wall: number; cpu: number }, wall: number, cpu: number): void {
  const t = totals.get(entry.stage) ?? { wall: 0, cpu: 0 };
  t.wall += wall - entry.wall;
  t.cpu += cpu - entry.cpu;
  totals.set(entry.stage, t);
}

function enter(stage: string): void {
  const wall = performance.now();
  const cpu = cpuNow();
  const outer = active[active.length - 1];
  if (outer) charge(outer, wall, cpu);
  active.push({ stage, wall, cpu });
}

function leave(): void {
  const wall = performance.now();
  const cpu = cpuNow();
  charge(active.pop()!, wall, cpu);
  const outer = active[active.length - 1];
  if (outer) (outer.wall = wall), (outer.cpu = cpu);
}
/** Runs fn as part of `stage`. */
export function timeStage<T>(stage: string, fn: () => T): T {
  if (!enabled) return fn();
  enter(stage);
  try {
    return fn();
  } finally {
    leave();
  }
}

/** Awaits fn as part of `stage` (nothing else may run on this thread meanwhile for the time to be its own). */
export async function timeStageAsync<T>(stage: string, fn: () => Promise<T>): Promise<T> {
  if (!enabled) return fn();
  enter(stage);
  try {
    return await fn();
  } finally {
    leave();
  }
}
