/**
 * `npm run bench`: speed of the feature families and of a whole run. One JSON line per measurement,
 * each with its time in ms and its ratio to a baseline measured in the same run (sorting the ROI's
 * values once), so numbers compare across machines.
 */
import { performance } from "node:perf_hooks";
import { FAMILY_ORDER, FAMILIES } from "../analysis/features/registry.js";
import type { PreparedRoi } from "../analysis/features/types.js";
import { discretiseFixedBinNumber } from "../analysis/processing/discretise.js";

function time(fn: () => unknown, repeats = 3): number {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

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

function benchFamilies() {
  for (const levels of [32, 256]) {
    const roi = syntheticRoi(64, levels, "cube");
    const values = roi.intensity.slice();
    const baseline = time(() => values.slice().sort());
    emit({ bench: "baseline", what: "sort 64^3 values", ms: +baseline.toFixed(2) });
    let total = 0;
    for (const family of FAMILY_ORDER) {
      if (family === "morphology") continue;
      const fn = FAMILIES[family];
      if (!fn) continue;
      const ms = time(() => fn(roi, { aggregations: ["IAZD", "KOBO"] }), 1);
      if (family !== "local_intensity") total += ms; // the target covers statistics, histograms and textures
      emit({ bench: "family", roi: "64^3 cube", levels, family, dimension: "3D", threads: 1, ms: +ms.toFixed(1), ratio: +(ms / baseline).toFixed(2) });
    }
    emit({ bench: "families-total", what: "statistics + histograms + textures", roi: "64^3 cube", levels, threads: 1, ms: +total.toFixed(1), ratio: +(total / baseline).toFixed(2), target_ms: levels === 32 ? 1000 : undefined });
  }
  const fn = FAMILIES.morphology;
  if (fn) {
    const ball = syntheticRoi(64, 32, "ball");
    const baseline = time(() => ball.intensity.slice().sort());
    const ms = time(() => fn(ball, {}), 1);
    emit({ bench: "family", roi: "64^3 ball", family: "morphology", threads: 1, ms: +ms.toFixed(1), ratio: +(ms / baseline).toFixed(2), target_ms: 2000 });
  }
}

benchFamilies();
