/**
 * `npm run bench` (full, a few minutes) or `npm run bench -- --quick` (small sizes, seconds): speed and memory
 * of the feature families, the phantom generator and a whole `run`. One JSON line per measurement, units in
 * the key names (wall_ms, cpu_ms, peak_rss_mb). Every measurement is the minimum over repeats (the machine may
 * be shared: CPU time is less sensitive to load than wall time) and carries its ratio to a baseline measured
 * in the same run (sorting the values of a 64³ box once), so numbers compare across machines.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { clearMorphologyCache } from "../analysis/features/morphology.js";
import { FAMILY_ORDER, FAMILIES } from "../analysis/features/registry.js";
import type { PreparedRoi } from "../analysis/features/types.js";
import { discretiseFixedBinNumber } from "../analysis/processing/discretise.js";
import { peakRssMb } from "./peakRss.js";

const quick = process.argv.includes("--quick");
const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, "..", "pipeline", "cli", "main.js");

interface Timing {
  wall_ms: number;
  cpu_ms: number;
}

/** Minimum wall and CPU time (this process, all threads) over `repeats` calls. */
function time(fn: () => unknown, repeats: number, before?: () => void): Timing {
  let wall = Infinity, cpu = Infinity;
  for (let r = 0; r < repeats; r++) {
    before?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const t1 = performance.now();
    const c = process.cpuUsage(c0);
    wall = Math.min(wall, t1 - t0);
    cpu = Math.min(cpu, (c.user + c.system) / 1000);
  }
  return { wall_ms: round(wall), cpu_ms: round(cpu) };
}

const round = (x: number) => +x.toFixed(1);

/** A seeded, smoothly varying texture in an n³ box; `shape` cube fills the box, ball is inscribed. */
function syntheticRoi(n: number, levels: number, shape: "cube" | "ball"): PreparedRoi {
  const size = n * n * n;
  const intensity = new Float64Array(size);
  const mask = new Uint8Array(size);
  let s = 2024;
  const c = (n - 1) / 2;
  for (let k = 0, idx = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++, idx++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        intensity[idx] = 100 * Math.sin(i / 5) * Math.cos(j / 7) + 30 * Math.sin(k / 3) + (s / 2 ** 32) * 40;
        mask[idx] = shape === "cube" || (i - c) ** 2 + (j - c) ** 2 + (k - c) ** 2 <= (n / 2) ** 2 ? 1 : 0;
      }
  const { levels: lv, nLevels } = discretiseFixedBinNumber(intensity, mask, levels);
  return { dims: [n, n, n], spacing: [1, 1, 1], intensity, intensityMask: mask, morphMask: mask, levels: lv, nLevels };
}

function emit(record: Record<string, unknown>) {
  process.stdout.write(JSON.stringify(record) + "\n");
}

/** Ratios of a timing to the baseline's, wall to wall and CPU to CPU. */
const ratios = (t: Timing, base: Timing) => ({ ratio_wall: +(t.wall_ms / base.wall_ms).toFixed(2), ratio_cpu: +(t.cpu_ms / base.cpu_ms).toFixed(2) });

function measureBaseline(): Timing {
  const roi = syntheticRoi(64, 32, "cube");
  const values = roi.intensity;
  const t = time(() => values.slice().sort(), 5);
  emit({ bench: "baseline", what: "sort 64^3 float64 values", ...t });
  return t;
}

function benchFamilies(base: Timing): void {
  const n = quick ? 24 : 64;
  const repeats = quick ? 2 : 3;
  for (const levels of [32, 256]) {
    const roi = syntheticRoi(n, levels, "cube");
    const total = { wall_ms: 0, cpu_ms: 0 };
    const all = { wall_ms: 0, cpu_ms: 0 };
    for (const family of FAMILY_ORDER) {
      if (family === "morphology") continue;
      const fn = FAMILIES[family];
      if (!fn) continue;
      const t = time(() => fn(roi, { aggregations: ["IAZD", "KOBO"] }), repeats);
      all.wall_ms += t.wall_ms;
      all.cpu_ms += t.cpu_ms;
      if (family !== "local_intensity") {
        // the issue-3 target covers statistics, histograms and textures
        total.wall_ms += t.wall_ms;
        total.cpu_ms += t.cpu_ms;
      }
      emit({ bench: "family", roi: `${n}^3 cube`, levels, family, dimension: "3D", threads: 1, ...t, ...ratios(t, base) });
    }
    const target = levels === 32 && n === 64 ? { target_wall_ms: 1000 } : {};
    emit({ bench: "families-total", what: "statistics + histograms + textures", roi: `${n}^3 cube`, levels, threads: 1, wall_ms: round(total.wall_ms), cpu_ms: round(total.cpu_ms), ...ratios(total, base), ...target });
    emit({ bench: "families-total", what: "every family but morphology", roi: `${n}^3 cube`, levels, threads: 1, wall_ms: round(all.wall_ms), cpu_ms: round(all.cpu_ms), ...ratios(all, base) });
  }
  const fn = FAMILIES.morphology;
  if (fn) {
    const ball = syntheticRoi(n, 32, "ball");
    const t = time(() => fn(ball, {}), repeats, clearMorphologyCache); // the cost of a new ROI
    const target = n === 64 ? { target_wall_ms: 2000 } : {};
    emit({ bench: "family", roi: `${n}^3 ball`, family: "morphology", what: "incl. Moran's I and Geary's C", threads: 1, ...t, ...ratios(t, base), ...target });
  }
  emit({ bench: "memory", what: "bench process after the families", peak_rss_mb: round(peakRssMb()) });
}

interface ChildResult extends Timing {
  peak_rss_mb: number;
}

/** Runs `node args` `repeats` times; minimum wall and CPU (all threads of the child), maximum peak RSS. */
function child(args: string[], repeats: number, scratch: string): ChildResult {
  let wall = Infinity, cpu = Infinity, rss = 0;
  const hook = join(here, "rusageHook.js");
  for (let r = 0; r < repeats; r++) {
    const out = join(scratch, "rusage.json");
    rmSync(out, { force: true });
    const t0 = performance.now();
    const res = spawnSync(process.execPath, ["--import", hook, ...args], { env: { ...process.env, BENCH_RUSAGE_OUT: out }, encoding: "utf8" });
    const t1 = performance.now();
    if (res.status !== 0) throw new Error(`bench child failed (${res.status}): node ${args.join(" ")}\n${res.stderr}`);
    const usage = JSON.parse(readFileSync(out, "utf8")) as { cpu_ms: number; peak_rss_mb: number };
    wall = Math.min(wall, t1 - t0);
    cpu = Math.min(cpu, usage.cpu_ms);
    rss = Math.max(rss, usage.peak_rss_mb);
  }
  return { wall_ms: round(wall), cpu_ms: round(cpu), peak_rss_mb: round(rss) };
}

function benchPipeline(base: Timing): void {
  const scratch = mkdtempSync(join(tmpdir(), "deface-impact-bench-"));
  try {
    const repeats = quick ? 1 : 2;
    // Start-up: the cost every command pays.
    const help = child([cli, "--help"], 3, scratch);
    emit({ bench: "cli", what: "deface-impact --help", ...help, ...ratios(help, base) });

    // Phantom generator: time and memory at clinical sizes.
    // (the head keeps its size in mm: small grids need coarse voxels to hold it, 192 mm at least)
    const gens = quick ? [["96x96x64", "2x2x3"]] : [["256", "1.2"], ["512x512x300", "0.5x0.5x1"]];
    for (const [size, spacing] of gens) {
      const gen = child([cli, "phantom", "--kind", "ct", "--size", size, "--spacing", spacing, "--out", join(scratch, `gen-${size}`)], 1, scratch);
      emit({ bench: "phantom", kind: "ct", size, spacing_mm: spacing, ...gen, ...ratios(gen, base) });
      rmSync(join(scratch, `gen-${size}`), { recursive: true, force: true });
    }

    // End-to-end run on the CT phantom vs reading its inputs alone.
    const [size, spacing] = quick ? ["64", "3"] : ["160", "1.2"];
    const ph = join(scratch, "phantom");
    const made = spawnSync(process.execPath, [cli, "phantom", "--kind", "ct", "--size", size, "--spacing", spacing, "--out", ph], { encoding: "utf8" });
    if (made.status !== 0) throw new Error(`phantom failed: ${made.stderr}`);
    const inputs = [join(ph, "image.nii.gz"), join(ph, "roi.nii.gz"), join(ph, "face_mask.nii.gz")];
    const read = child([join(here, "readInputs.js"), ...inputs], 3, scratch);
    emit({ bench: "read-inputs", what: "read + decompress image, ROI and face mask", phantom: `ct ${size}^3`, ...read, ...ratios(read, base) });
    const runs: Record<number, ChildResult> = {};
    for (const threads of [1, 2]) {
      const args = [cli, "run", "--image", inputs[0], "--roi", inputs[1], "--face-mask", inputs[2], "--no-renders", "--quiet", "--threads", String(threads), "--out", join(scratch, `run-${threads}`)];
      const r = child(args, repeats, scratch);
      runs[threads] = r;
      emit({
        bench: "run",
        what: "end-to-end run, default configs, no renders",
        phantom: `ct ${size}^3`,
        threads,
        ...r,
        ...ratios(r, base),
        run_over_read_wall: +(r.wall_ms / read.wall_ms).toFixed(1),
        run_over_read_cpu: +(r.cpu_ms / read.cpu_ms).toFixed(1),
      });
    }
    emit({
      bench: "run-scaling",
      what: "wall time of --threads 1 over --threads 2 (2 = perfect on 2 cores)",
      phantom: `ct ${size}^3`,
      speedup_wall: +(runs[1].wall_ms / runs[2].wall_ms).toFixed(2),
      cpu_overhead: +(runs[2].cpu_ms / runs[1].cpu_ms).toFixed(2),
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const base = measureBaseline();
benchFamilies(base);
benchPipeline(base);
