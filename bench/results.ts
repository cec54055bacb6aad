import type { ChildMeasure } from "./child.js";
import type { FamilyScaling } from "./families.js";
import type { Machine } from "./machine.js";

/** Everything one `npm run bench` measured: written to bench/results.json and summarised in the README. */
export interface BenchResults {
  generated: string;
  mode: "full" | "quick";
  commit: string;
  machine: Machine;
  /** one entry per input image: its floor and the `run` variants on it. */
  inputs: InputResult[];
  families: FamilyScaling[];
  /** whole commands, start-up included (`--help`, `features` on small and large ROIs). */
  commands: CommandResult[];
  cohorts: CohortResult[];
  goals: Goal[];
}

/** The floor: reading the run's inputs (gunzip and parse) and one statistics pass over the image. */
export interface Floor extends ChildMeasure {
  read_ms: number;
  statistics_ms: number;
}

export interface InputResult {
  input: string;
  dims: number[];
  voxel_type: string;
  /** bytes of the image's voxels as stored. */
  voxel_bytes: number;
  runs: RunResult[];
}

export interface RunResult {
  variant: string;
  args: string[];
  floor: Floor;
  measure: ChildMeasure;
  /** wall and CPU time of the run over its floor's. */
  ratio_wall: number;
  ratio_cpu: number;
  /** peak resident memory over the image's voxel bytes. */
  rss_over_voxels: number;
}

export interface CommandResult extends ChildMeasure {
  name: string;
  args: string[];
}

export interface CohortResult {
  subjects: number;
  phantom: string;
  tools: string[];
  threads1: ChildMeasure;
  threads2: ChildMeasure;
  /** wall time at 1 thread over wall time at 2 (2 = perfect on two cores). */
  speedup_wall: number;
  /** CPU time at 2 threads over CPU time at 1 (1 = no overhead). */
  cpu_overhead: number;
  /**
   * Two `compare --threads 1` processes of the whole cohort at once: their wall time, and twice the
   * 1-thread time over it (the most a 2-way split of this work gains on this machine: one process
   * already keeps part of the second core busy with V8's compiler and collector threads, its CPU over wall).
   */
  pair: { wall_ms: number; ceiling: number; cores_busy_at_1_thread: number };
}

export interface Goal {
  goal: string;
  target: string;
  measured: string;
  met: boolean;
}
