import type { FeatureValue, PreparedRoi } from "./types.js";
import { NO_AGGREGATION } from "./types.js";
import { DefaceImpactError } from "../core/errors.js";
import * as portable from "../core/portableMath.js";

/** Radius (mm) of a 1 cm^3 sphere: (3/(4 pi))^(1/3) cm, about 6.2 mm. */
export const PEAK_SPHERE_RADIUS_MM = 10 * portable.cbrt(3 / (4 * Math.PI));

/**
 * The 1 cm^3 sphere as runs along x: for each (dj, dk) offset whose row meets the sphere, the voxels
 * di in [-halfWidth, halfWidth] lie within the radius (voxel centres, world mm, anisotropic spacing).
 */
interface SphereRows {
  dj: Int32Array;
  dk: Int32Array;
  halfWidth: Int32Array;
}

function sphereRows(spacing: readonly number[]): SphereRows {
  const [sx, sy, sz] = spacing;
  const r = PEAK_SPHERE_RADIUS_MM;
  const r2 = r * r;
  const ey = Math.floor(r / sy),
    ez = Math.floor(r / sz);
  const dj: number[] = [],
    dk: number[] = [],
    hw: number[] = [];
  for (let k = -ez; k <= ez; k++) {
    for (let j = -ey; j <= ey; j++) {
      const rest = r2 - (j * sy) ** 2 - (k * sz) ** 2;
      if (rest < 0) continue;
      // Largest di with (di*sx)^2 <= rest, checked exactly to avoid sqrt rounding at the rim.
      let h = Math.floor(Math.sqrt(rest) / sx);
      while ((h + 1) * sx * ((h + 1) * sx) <= rest) h++;
      while (h > 0 && h * sx * (h * sx) > rest) h--;
      dj.push(j);
      dk.push(k);
      hw.push(h);
    }
  }
  return { dj: Int32Array.from(dj), dk: Int32Array.from(dk), halfWidth: Int32Array.from(hw) };
}

/**
 * Mean intensity in the sphere around every requested voxel, by prefix sums along x: each sphere is a
 * set of x-runs, each run sum is one subtraction, so a voxel costs one operation per (dj, dk) row
 * (about pi r^2 / (sy sz)), not one per sphere voxel. Voxels outside the box are absent: the mean is
 * over the sphere voxels inside it (the box carries a margin of real image around the ROI).
 */
function sphereMeans(roi: PreparedRoi, centres: Int32Array): Float64Array {
  const [nx, ny, nz] = roi.dims;
  const img = roi.intensity;
  // prefix[(j + ny*k)*(nx+1) + i] = sum of row (j, k) over x < i.
  const prefix = new Float64Array((nx + 1) * ny * nz);
  for (let row = 0; row < ny * nz; row++) {
    let acc = 0;
    const base = row * (nx + 1);
    const src = row * nx;
    for (let i = 0; i < nx; i++) {
      acc += img[src + i];
      prefix[base + i + 1] = acc;
    }
  }
  const { dj, dk, halfWidth } = sphereRows(roi.spacing);
  const nRows = dj.length;
  const out = new Float64Array(centres.length);
  for (let c = 0; c < centres.length; c++) {
    const idx = centres[c];
    const i = idx % nx;
    const j = Math.floor(idx / nx) % ny;
    const k = Math.floor(idx / (nx * ny));
    let sum = 0,
      count = 0;
    for (let r = 0; r < nRows; r++) {
      const y = j + dj[r],
        z = k + dk[r];
      if (y < 0 || y >= ny || z < 0 || z >= nz) continue;
      const lo = Math.max(0, i - halfWidth[r]);
      const hi = Math.min(nx - 1, i + halfWidth[r]);
      const base = (y + ny * z) * (nx + 1);
      sum += prefix[base + hi + 1] - prefix[base + lo];
      count += hi - lo + 1;
    }
    out[c] = sum / count;
  }
  return out;
}

/**
 * IBSI local intensity features (family 9ST6), always 3D (DHQ4). The neighbourhood draws on every
 * voxel of the box, inside the ROI or not; only ROI voxels are centres.
 * - VJGA local intensity peak: the sphere mean around the ROI's maximum-intensity voxel(s), the
 *   highest when several voxels share the maximum;
 * - 0F91 global intensity peak: the highest sphere mean over all ROI voxels.
 */
export function localIntensity(roi: PreparedRoi): FeatureValue[] {
  const mask = roi.intensityMask;
  let n = 0,
    max = -Infinity;
  for (let v = 0; v < mask.length; v++) {
    if (!mask[v]) continue;
    n++;
    if (roi.intensity[v] > max) max = roi.intensity[v];
  }
  if (n === 0) throw new DefaceImpactError("input", "the region of interest is empty after processing");
  const centres = new Int32Array(n);
  for (let v = 0, o = 0; v < mask.length; v++) if (mask[v]) centres[o++] = v;
  const means = sphereMeans(roi, centres);

  let local = -Infinity,
    global = -Infinity;
  for (let c = 0; c < n; c++) {
    const m = means[c];
    if (m > global) global = m;
    if (roi.intensity[centres[c]] === max && m > local) local = m;
  }
  const row = (feature: string, ibsiCode: string, value: number): FeatureValue => ({
    family: "local_intensity",
    feature,
    ibsiCode,
    ...NO_AGGREGATION,
    value,
  });
  return [row("Local intensity peak", "VJGA", local), row("Global intensity peak", "0F91", global)];
}
