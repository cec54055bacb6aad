/**
 * `npm run bench` (full: the 160³ and 256³ phantoms, the real heads of ../shared/data, ROIs up to
 * 125k voxels, cohorts of 8 subjects at 128³ and 4 at 256³; about half an hour on a shared 2-core machine) or
 * `npm run bench -- --quick` (small sizes, a minute or two, for a smoke test). Options:
 * `--data DIR` (default ../shared/data: real heads, PyRadiomics' brain1, the IBSI CT phantom, each
 * used when present), `--no-readme`.
 *
 * Every `run` is compared with a floor measured in the same run (reading its inputs and one
 * statistics pass), with its time per stage (--threads 1) and its peak memory. Writes
 * bench/results.json (quick: bench/results-quick.json), prints the tables, and (full runs)
 * regenerates the README's benchmark section.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { projectRoot } from "../pipeline/version.js";
import { measureChild, measurePair, round } from "./child.js";
import { benchFamilies } from "./families.js";
import { phantomCohort, phantomInput, realHeads, type BenchInput } from "./inputs.js";
import { currentLoad, describeMachine } from "./machine.js";
import { replaceReadmeSection, resultsMarkdown } from "./report.js";
import type { BenchResults, CohortResult, CommandResult, Floor, Goal, InputResult, RunResult } from "./results.js";

const argv = process.argv.slice(2);
const quick = argv.includes("--quick");
const dataIndex = argv.indexOf("--data");
const root = projectRoot();
const dataDir = resolve(dataIndex >= 0 ? argv[dataIndex + 1] : join(root, "..", "shared", "data"));
const writeReadme = !quick && !argv.includes("--no-readme");
const cli = join(root, "dist", "pipeline", "cli", "main.js");
const readInputs = join(root, "dist", "bench", "readInputs.js");
const repeats = quick ? 1 : 2;
/** Repeats of the commands that take well under a second (`--help`, `features` on brain1): a burst of noise on this shared machine lasts as long as they do. */
const SHORT_REPEATS = quick ? 3 : 7;
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

function commit(): string {
  const r = spawnSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : "unknown";
}

/** The floor of a run: its input files read by a child process, and one pass over the image. */
function floor(files: string[], scratch: string): { floor: Floor; image: { voxel_bytes: number; dims: number[]; voxel_type: string } } {
  const { stdout, ...m } = measureChild([readInputs, ...files], { repeats: 3, scratch });
  const parts = JSON.parse(stdout) as { read_ms: number; statistics_ms: number; voxel_bytes: number; dims: number[]; voxel_type: string };
  return {
    floor: { ...m, read_ms: round(parts.read_ms), statistics_ms: round(parts.statistics_ms) },
    image: { voxel_bytes: parts.voxel_bytes, dims: parts.dims, voxel_type: parts.voxel_type },
  };
}

function benchInput(input: BenchInput, scratch: string, withThreads2: boolean): InputResult {
  const variants: { variant: string; files: string[]; args: string[]; threads: number }[] = [];
  if (input.faceMask)
    variants.push({ variant: "face mask, fills zero + min", files: [input.image, input.roi, input.faceMask], args: ["--face-mask", input.faceMask, "--fill", "zero", "--fill", "min"], threads: 1 });
  variants.push({ variant: "shear, automatic brain mask, fill min", files: [input.image, input.roi], args: ["--defacer", "shear", "--fill", "min"], threads: 1 });
  if (withThreads2 && input.faceMask) variants.push({ ...variants[0], variant: `${variants[0].variant}, --threads 2`, threads: 2 });
  const floors = new Map<string, ReturnType<typeof floor>>();
  const runs: RunResult[] = [];
  for (const v of variants) {
    const key = v.files.join("\n");
    if (!floors.has(key)) floors.set(key, floor(v.files, scratch));
    const { floor: f, image } = floors.get(key)!;
    const out = join(scratch, "run-out");
    const args = [cli, "run", "--image", input.image, "--roi", input.roi, ...v.args, "--threads", String(v.threads), "--quiet", "--out", out];
    log(`${input.name}: run, ${v.variant} (floor ${(f.wall_ms / 1000).toFixed(2)} s)`);
    const { stdout: _, ...measure } = measureChild(args, { repeats, scratch, stages: v.threads === 1 });
    rmSync(out, { recursive: true, force: true });
    runs.push({
      variant: v.variant,
      args: args.slice(1).map((a) => a.replace(scratch, "$SCRATCH")),
      floor: f,
      measure,
      ratio_wall: round(measure.wall_ms / f.wall_ms, 2),
      ratio_cpu: round(measure.cpu_ms / f.cpu_ms, 2),
      rss_over_voxels: round((measure.peak_rss_mib * 2 ** 20) / image.voxel_bytes, 2),
    });
    log(`  ${(measure.wall_ms / 1000).toFixed(2)} s wall, ${(measure.cpu_ms / 1000).toFixed(2)} s CPU: ${runs.at(-1)!.ratio_wall}× the floor, peak ${measure.peak_rss_mib} MiB`);
  }
  const { image } = [...floors.values()][0];
  return { input: input.name, ...image, runs };
}

function command(name: string, args: string[], scratch: string, times = repeats): CommandResult {
  log(`command: ${name}`);
  const { stdout: _, ...m } = measureChild(args, { repeats: times, scratch });
  return { name, args: args.slice(1).map((a) => a.replace(scratch, "$SCRATCH").replace(dataDir, "$DATA")), ...m };
}

function benchCommands(scratch: string, smallRoi: BenchInput): CommandResult[] {
  const out: CommandResult[] = [command("`deface-impact --help`", [cli, "--help"], scratch, SHORT_REPEATS)];
  const csv = join(scratch, "features.csv");
  const brain1 = join(dataDir, "pyradiomics", "brain1_image.nrrd");
  if (existsSync(brain1))
    out.push(
      command(
        "`features` on PyRadiomics' brain1 (ROI of 4 137 voxels), default configs",
        [cli, "features", "--image", brain1, "--roi", join(dataDir, "pyradiomics", "brain1_label.nrrd"), "--out", csv, "--threads", "1", "--quiet"],
        scratch,
        SHORT_REPEATS,
      ),
    );
  out.push(command(`\`features\` on the ${smallRoi.name}'s lesion, default configs`, [cli, "features", "--image", smallRoi.image, "--roi", smallRoi.roi, "--out", csv, "--threads", "1", "--quiet"], scratch));
  const ibsi = join(dataDir, "ibsi", "ct_phantom", "nifti");
  if (existsSync(join(ibsi, "image.nii.gz")))
    out.push(
      command(
        "`features --preset ibsi-C` on the IBSI CT phantom (ROI of 125 256 voxels, Moran's I and Geary's C exact)",
        [cli, "features", "--preset", "ibsi-C", "--image", join(ibsi, "image.nii.gz"), "--roi", join(ibsi, "mask.nii.gz"), "--out", csv, "--threads", "1", "--quiet"],
        scratch,
      ),
    );
  rmSync(csv, { force: true });
  return out;
}

/** A cohort through `compare` at 1 and 2 threads, and two 1-thread processes of it at once (the machine's ceiling). */
function benchCohort(scratch: string, subjects: number, size: string, spacing: string): CohortResult {
  const name = `cohort-${subjects}x${size}`;
  log(`${name}: writing ${subjects} CT phantoms ${size}³`);
  const manifest = phantomCohort(cli, join(scratch, name), subjects, size, spacing);
  const run = (threads: number) => {
    const out = join(scratch, `${name}-out-${threads}`);
    log(`${name}: compare --threads ${threads}`);
    const { stdout: _, ...m } = measureChild([cli, "compare", "--manifest", manifest, "--threads", String(threads), "--quiet", "--out", out], { repeats, scratch });
    rmSync(out, { recursive: true, force: true });
    return m;
  };
  const threads1 = run(1);
  const threads2 = run(2);
  log(`${name}: two compare --threads 1 processes at once (the machine's ceiling)`);
  const outs = [1, 2].map((copy) => join(scratch, `${name}-pair-${copy}`));
  const pairWall = measurePair((copy) => [cli, "compare", "--manifest", manifest, "--threads", "1", "--quiet", "--out", outs[copy - 1], "--force"], { repeats });
  for (const out of outs) rmSync(out, { recursive: true, force: true });
  return {
    subjects,
    phantom: `CT phantoms ${size}³ at ${spacing} mm`,
    tools: ["mask-zero", "mask-min", "shear-min"],
    threads1,
    threads2,
    speedup_wall: round(threads1.wall_ms / threads2.wall_ms, 2),
    cpu_overhead: round(threads2.cpu_ms / threads1.cpu_ms, 2),
    pair: { wall_ms: pairWall, ceiling: round((2 * threads1.wall_ms) / pairWall, 2), cores_busy_at_1_thread: round(threads1.cpu_ms / threads1.wall_ms, 2) },
  };
}

/** PyRadiomics 3.1's whole-process wall time on brain1, seconds, as issue 15 measured it on this kind of machine. */
const PYRADIOMICS_BRAIN1_S = 0.9;

function goals(inputs: InputResult[], cohorts: CohortResult[], commands: CommandResult[]): Goal[] {
  const ct = inputs.filter((i) => i.input.startsWith("CT phantom")).at(-1);
  const run = (variant: string) => ct?.runs.find((r) => r.variant === variant);
  const out: Goal[] = [];
  const mask = run("face mask, fills zero + min");
  const shear = run("shear, automatic brain mask, fill min");
  if (mask) out.push({ goal: `\`run\` end to end, ${ct!.input}`, target: "≤ 3× the floor", measured: `${mask.ratio_wall}× (CPU ${mask.ratio_cpu}×)`, met: mask.ratio_wall <= 3 });
  if (shear) out.push({ goal: `\`run --defacer shear\`, automatic brain mask, ${ct!.input}`, target: "≤ 5× the floor", measured: `${shear.ratio_wall}× (CPU ${shear.ratio_cpu}×)`, met: shear.ratio_wall <= 5 });
  if (mask) out.push({ goal: `peak memory of that run`, target: "≤ 3× the image's voxel bytes", measured: `${mask.rss_over_voxels}×`, met: mask.rss_over_voxels <= 3 });
  for (const cohort of cohorts)
    out.push({
      goal: `cohort of ${cohort.subjects} (${cohort.phantom}) through \`compare\`, 2 threads against 1`,
      target: "≥ 1.8× faster",
      measured: `${cohort.speedup_wall}× (this machine's ceiling: ${cohort.pair.ceiling}×)`,
      met: cohort.speedup_wall >= 1.8,
    });
  const brain1 = commands.find((c) => c.name.includes("brain1"));
  if (brain1) {
    const ratio = round(brain1.wall_ms / 1000 / PYRADIOMICS_BRAIN1_S, 2);
    out.push({
      goal: "`features` on PyRadiomics' brain1, whole process",
      target: `≤ 0.5× PyRadiomics (its ${PYRADIOMICS_BRAIN1_S} s in the issue's side-by-side run: PyPI is out of reach here, so it cannot run beside us)`,
      measured: `${(brain1.wall_ms / 1000).toFixed(2)} s = ${ratio}×`,
      met: ratio <= 0.5,
    });
  }
  const ibsiC = commands.find((c) => c.name.includes("ibsi-C"));
  if (ibsiC) out.push({ goal: "IBSI configuration C on the CT phantom, whole process", target: "< 5 s", measured: `${(ibsiC.wall_ms / 1000).toFixed(2)} s`, met: ibsiC.wall_ms < 5000 });
  return out;
}

async function main(): Promise<void> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" (npm run bench does)`);
  const machine = describeMachine();
  const scratch = mkdtempSync(join(tmpdir(), "deface-impact-bench-"));
  try {
    const phantoms: [string, string][] = quick ? [["96", "2"]] : [["160", "1.2"], ["256", "1.2"]];
    const inputs: BenchInput[] = [];
    for (const kind of ["ct", "mr"] as const)
      for (const [size, spacing] of phantoms) {
        log(`writing the ${kind.toUpperCase()} phantom ${size}³`);
        inputs.push(phantomInput(cli, join(scratch, `${kind}-${size}`), kind, size, spacing));
      }
    if (!quick && existsSync(join(dataDir, "heads"))) inputs.push(...realHeads(join(dataDir, "heads"), scratch));
    const largestCt = inputs.filter((i) => i.name.startsWith("CT phantom")).at(-1);
    const inputResults = inputs.map((input) => benchInput(input, scratch, input === largestCt));

    log("feature families against ROI size");
    const families = benchFamilies(quick ? [4000, 30000] : [4000, 30000, 125000], repeats, log);
    const commands = benchCommands(scratch, inputs[0]);
    // the 8 subjects, small enough to be quick; and fewer at a real head's size, where the
    // workers' start-up (loading, compiling) weighs less against the work
    const cohorts = quick ? [benchCohort(scratch, 8, "64", "3")] : [benchCohort(scratch, 8, "128", "1.5"), benchCohort(scratch, 4, "256", "1")];

    machine.load_end = currentLoad();
    const results: BenchResults = {
      generated: new Date().toISOString(),
      mode: quick ? "quick" : "full",
      commit: commit(),
      machine,
      inputs: inputResults,
      families,
      commands,
      cohorts,
      goals: goals(inputResults, cohorts, commands),
    };
    const file = join(root, "bench", quick ? "results-quick.json" : "results.json");
    mkdirSync(join(root, "bench"), { recursive: true });
    writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
    const markdown = resultsMarkdown(results);
    process.stdout.write(markdown + "\n");
    log(`wrote ${file}`);
    if (writeReadme) {
      const readme = join(root, "README.md");
      writeFileSync(readme, replaceReadmeSection(readFileSync(readme, "utf8"), markdown));
      log(`regenerated the benchmark section of ${readme}`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
