/**
 * Benchmark child: the floor a command is compared with. Reads (decompresses and parses) each file
 * named on the command line once, then makes one statistics pass over the first (the image: count,
 * sum, sum of squares, minimum, maximum), and nothing else. Prints, as JSON, the milliseconds of
 * each part and the image's voxel bytes. Usage: node readInputs.js IMAGE [MASK ...]
 */
import { performance } from "node:perf_hooks";
import { readVolume } from "../pipeline/io/readVolume.js";

const files = process.argv.slice(2);
const t0 = performance.now();
const volumes = files.map((f) => readVolume(f));
const t1 = performance.now();
const data = volumes[0].data;
let sum = 0;
let sum2 = 0;
let min = Infinity;
let max = -Infinity;
for (let i = 0; i < data.length; i++) {
  const v = data[i];
  sum += v;
  sum2 += v * v;
  if (v < min) min = v;
  if (v > max) max = v;
}
const t2 = performance.now();
process.stdout.write(
  JSON.stringify({
    read_ms: t1 - t0,
    statistics_ms: t2 - t1,
    voxel_bytes: data.byteLength,
    dims: volumes[0].dims,
    voxel_type: data.constructor.name,
    // printed so the pass cannot be optimised away
    mean: sum / data.length,
    sd: Math.sqrt(Math.max(0, sum2 / data.length - (sum / data.length) ** 2)),
    range: [min, max],
  }) + "\n",
);
