import { performance } from "node:perf_hooks";
import { clearMorphologyCache } from "../analysis/features/morphology.js";
import { FAMILIES, FAMILY_ORDER } from "../analysis/features/registry.js";
import type { FamilyName, PreparedRoi } from "../analysis/features/types.js";
import { discretiseFixedBinNumber } from "../analysis/processing/discretise.js";
import { round } from "./child.js";

/**
 * Feature families on ROIs of growing size, in this process, one thread: how each family's time
 * grows with the ROI (the growth exponent b of time ≈ a·voxels^b, fitted over the sizes).
 */

/** A ball of about `voxels` voxels (1 mm) in its bounding box, with a smooth texture and seeded noise, 32 fixed bins. */
export function ballRoi(voxels: number): PreparedRoi {
  const radius = Math.cbrt((3 * voxels) / (4 * Math.PI));
  const n = 2 * Math.ceil(radius) + 1;
  const c = (n - 1) / 2;
  const size = n * n * n;
  const intensity = new Float64Array(size);
  const mask = new Uint8Array(size);
  let s = 2024;
  for (let k = 0, v = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++, v++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        intensity[v] = 100 * Math.sin(i / 5) * Math.cos(j / 7) + 30 * Math.sin(k / 3) + (s / 2 ** 32) * 40;
        mask[v] = (i - c) ** 2 + (j - c) ** 2 + (k - c) ** 2 <= radius * radius ? 1 : 0;
      }
  const { levels, nLevels } = discretiseFixedBinNumber(intensity, mask, 32);
  return { dims: [n, n, n], spacing: [1, 1, 1], intensity, intensityMask: mask, morphMask: mask, levels, nLevels };
}

export interface FamilyScaling {
  family: FamilyName;
  /** per ROI: its voxels and the family's wall and CPU time per call, ms (see timeCall). */
  points: { voxels: number; wall_ms: number; cpu_ms: number }[];
  /** b in time ≈ a·voxels^b, least squares on log CPU time. */
  growth_exponent: number;
}

/** Least-squares slope of log y against log x. */
export function growthExponent(x: number[], y: number[]): number {
  const lx = x.map(Math.log);
  const ly = y.map((v) => Math.log(Math.max(v, 1e-3)));
  const mx = lx.reduce((a, b) => a + b, 0) / lx.length;
  const my = ly.reduce((a, b) => a + b, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < lx.length; i++) (sxy += (lx[i] - mx) * (ly[i] - my)), (sxx += (lx[i] - mx) ** 2);
  return sxx > 0 ? sxy / sxx : NaN;
}

/**
 * CPU time of one call, ms: after a warm-up call (compilation), calls are repeated until they add up
 * to at least 40 ms (so short families are not lost in timer and scheduler noise), and the best of
 * `repeats` such rounds is kept. CPU time is this process's, all threads (GC and compilation included).
 */
function timeCall(fn: () => void, repeats: number): { wall_ms: number; cpu_ms: number } {
  fn();
  let wall = Infinity;
  let cpu = Infinity;
  for (let rep = 0; rep < repeats; rep++) {
    let calls = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let spent = 0;
    do {
      fn();
      calls++;
      const c = process.cpuUsage(c0);
      spent = (c.user + c.system) / 1000;
    } while (spent < 40);
    wall = Math.min(wall, (performance.now() - t0) / calls);
    cpu = Math.min(cpu, spent / calls);
  }
  return { wall_ms: round(wall, 2), cpu_ms: round(cpu, 2) };
}

export function benchFamilies(sizes: number[], repeats: number, log: (line: string) => void): FamilyScaling[] {
  const rois = sizes.map(ballRoi);
  const voxels = rois.map((r) => r.intensityMask.reduce((n, m) => n + m, 0));
  const out: FamilyScaling[] = [];
  for (const family of FAMILY_ORDER) {
    const fn = FAMILIES[family];
    if (!fn) continue;
    const points = rois.map((roi, r) => {
      // morphology remembers its last ROI: forget it, so every call costs what a new ROI costs
      const t = timeCall(() => {
        clearMorphologyCache();
        fn(roi, { aggregations: ["IAZD", "KOBO"] });
      }, repeats);
      return { voxels: voxels[r], ...t };
    });
    const growth = points.length > 1 ? round(growthExponent(points.map((p) => p.voxels), points.map((p) => p.cpu_ms)), 2) : NaN;
    log(`features ${family}: ${points.map((p) => `${p.voxels} voxels ${p.cpu_ms} ms`).join(", ")}; exponent ${growth}`);
    out.push({ family, points, growth_exponent: growth });
  }
  return out;
}
