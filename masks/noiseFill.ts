import type { Mask, Volume } from "../analysis/core/volume.js";
import { mulberry32 } from "../analysis/core/random.js";

/**
 * Noise fill: every removed voxel gets a value drawn (with replacement, seeded) from the image's
 * own background, i.e. the voxels outside the head and outside the removed region. The removed
 * region then looks like air with the scan's own noise: the background's distribution is matched
 * exactly, not through a parametric model (MRI background noise is Rician, not Gaussian).
 */
export function noiseFillValues(volume: Volume, indices: Uint32Array, head: Mask, removed: Mask, seed: number): Float64Array {
  const d = volume.data;
  let n = 0;
  for (let i = 0; i < d.length; i++) if (!head[i] && !removed[i]) n++;
  const pool = new Float64Array(n);
  for (let i = 0, o = 0; i < d.length; i++) if (!head[i] && !removed[i]) pool[o++] = d[i];
  const out = new Float64Array(indices.length);
  if (n === 0) return out; // no background at all: nothing to imitate, zero
  const random = mulberry32(seed);
  for (let m = 0; m < out.length; m++) out[m] = pool[Math.floor(random() * n)];
  return out;
}
