import type { Mask, Volume } from "../analysis/core/volume.js";
import { erode } from "./morphology.js";
import { worldBounds, worldRow } from "./worldGeometry.js";

/**
 * Brain estimate for an MRI without a brain mask, from head geometry alone: the cranial vault is
 * the top of the head, and an adult brain sits about 12 mm (scalp and skull) inside it. The vault's
 * cross-section a few centimetres below the vertex gives the centre and the half-widths; the brain
 * is taken as an ellipsoid of those half-widths less the scalp, its height a fixed share of its
 * length, intersected with the head mask eroded by the scalp thickness. A real brain mask
 * (skull-stripping) is better: the caller reports `FALLBACK_WARNING`.
 */
export const FALLBACK_WARNING =
  "no brain mask given: the brain was estimated from head geometry (an ellipsoid inside the cranial vault); " +
  "pass a real brain mask (--brain-mask, e.g. from a skull-stripping tool) for a reliable shear plane and brain-intrusion check";

export interface FallbackBrainOptions {
  /** scalp + skull thickness, mm (default 12). */
  scalpMm?: number;
  /** brain height / brain length (semi-axes S / A; default 0.75). */
  heightRatio?: number;
}

export function fallbackBrainMask(volume: Volume, head: Mask, options: FallbackBrainOptions = {}): Mask {
  const scalp = options.scalpMm ?? 12;
  const ratio = options.heightRatio ?? 0.75;
  const [nx, ny, nz] = volume.dims;
  const top = worldBounds(head, volume).max[2];
  const rr = worldRow(volume.affine, 0);
  const ra = worldRow(volume.affine, 1);
  const rs = worldRow(volume.affine, 2);
  // The vault's cross-section between 30 and 75 mm below the vertex: above the face and the ears.
  let rMin = Infinity, rMax = -Infinity, aMin = Infinity, aMax = -Infinity;
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) {
        if (!head[v]) continue;
        const s = rs[0] * i + rs[1] * j + rs[2] * k + rs[3];
        if (s > top - 30 || s < top - 75) continue;
        const r = rr[0] * i + rr[1] * j + rr[2] * k + rr[3];
        const a = ra[0] * i + ra[1] * j + ra[2] * k + ra[3];
        if (r < rMin) rMin = r;
        if (r > rMax) rMax = r;
        if (a < aMin) aMin = a;
        if (a > aMax) aMax = a;
      }
  const out = new Uint8Array(head.length);
  if (!(rMax > rMin && aMax > aMin)) return out;
  const hR = (rMax - rMin) / 2 - scalp;
  const hA = (aMax - aMin) / 2 - scalp;
  const hS = ratio * hA;
  const c = [(rMin + rMax) / 2, (aMin + aMax) / 2, top - scalp - hS];
  const inner = erode(head, volume, scalp);
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) {
        if (!inner[v]) continue;
        const x = (rr[0] * i + rr[1] * j + rr[2] * k + rr[3] - c[0]) / hR;
        const y = (ra[0] * i + ra[1] * j + ra[2] * k + ra[3] - c[1]) / hA;
        const z = (rs[0] * i + rs[1] * j + rs[2] * k + rs[3] - c[2]) / hS;
        if (x * x + y * y + z * z <= 1) out[v] = 1;
      }
  return out;
}
