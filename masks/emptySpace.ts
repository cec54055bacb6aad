import type { Mask, Vec3, VoxelArray } from "../analysis/core/volume.js";
import { maskBoundingBox } from "../analysis/processing/crop.js";
import type { VoxelChange } from "./smoothedField.js";

/**
 * Where a ray cast through an image can meet the iso-surface: the blocks holding a raw value at or
 * above the iso-value, and from them the blocks that may hold a sample at or above it. Everything
 * else is empty space a ray steps over without sampling.
 */

/** Edge of the fine blocks of the empty-space map, and of the coarse ones (powers of two). */
export const FINE_SHIFT = 1;
export const COARSE_SHIFT = 3;
/** and of the coarsest (32³): a ray that misses the head crosses the box in a few jumps. */
export const COARSEST_SHIFT = 5;

const blockCounts = (dims: Vec3, shift: number): Vec3 => dims.map((n) => ((n - 1) >> shift) + 1) as Vec3;

/** Values at or above this may be the surface (a relative margin below `iso` covers rounding). */
const reachThreshold = (iso: number) => iso - 1e-9 * (Math.abs(iso) + 1);

/**
 * Which fine (2³) blocks hold a voxel inside `within` (anywhere without it) whose value may reach
 * the iso-surface (NaN counts: sample it). A changed image adds the blocks its new values reach to
 * its base's (the old values stay: a larger set only makes a ray sample more, never less).
 */
export function reachingBlocks(data: VoxelArray, dims: Vec3, within: Mask | undefined, iso: number, change?: VoxelChange, base?: Uint8Array): Uint8Array {
  const [nx, ny, nz] = dims;
  const [bx, by, bz] = blockCounts(dims, FINE_SHIFT);
  const threshold = reachThreshold(iso);
  let reach: Uint8Array;
  if (base) reach = base.slice();
  else {
    reach = new Uint8Array(bx * by * bz);
    const box = within ? maskBoundingBox(within, dims) : { lo: [0, 0, 0], hi: [nx - 1, ny - 1, nz - 1] };
    if (box)
      for (let k = box.lo[2]; k <= box.hi[2]; k++)
        for (let j = box.lo[1]; j <= box.hi[1]; j++) {
          const rowBlock = bx * ((j >> FINE_SHIFT) + by * (k >> FINE_SHIFT));
          const row = nx * (j + ny * k);
          for (let i = box.lo[0]; i <= box.hi[0]; i++)
            if ((!within || within[row + i]) && !(data[row + i] < threshold)) reach[rowBlock + (i >> FINE_SHIFT)] = 1;
        }
  }
  if (change)
    for (let n = 0; n < change.indices.length; n++) {
      const v = change.indices[n];
      if ((within && !within[v]) || change.values[n] < threshold) continue;
      const i = v % nx;
      const j = Math.floor(v / nx) % ny;
      const k = Math.floor(v / (nx * ny));
      reach[(i >> FINE_SHIFT) + bx * ((j >> FINE_SHIFT) + by * (k >> FINE_SHIFT))] = 1;
    }
  return reach;
}

/**
 * Where a ray must sample. A fine (2³) block is empty when no voxel of it or of its 26 neighbour
 * blocks reaches `iso` and the region outside `within` (valued `outside`) stays below it too: a
 * trilinear sample whose corner voxel lies in the block reads smoothed values of voxels at most two
 * away, each an average of raw values at most one further, and never exceeds the largest of them
 * (a relative margin covers rounding). A coarse (8³) block is empty when all its fine blocks are, a
 * coarsest (32³) one when all its coarse blocks are.
 * Skipping empty blocks changes no sample. With `everywhere`, every block is sampled.
 */
export function hitMaps(
  reach: Uint8Array,
  dims: Vec3,
  outside: number,
  iso: number,
  everywhere = false,
): { fine: Uint8Array; coarse: Uint8Array; coarsest: Uint8Array } {
  const [bx, by, bz] = blockCounts(dims, FINE_SHIFT);
  const [cx, cy, cz] = blockCounts(dims, COARSE_SHIFT);
  const [dx, dy, dz] = blockCounts(dims, COARSEST_SHIFT);
  let fine = reach;
  const coarse = new Uint8Array(cx * cy * cz);
  const coarsest = new Uint8Array(dx * dy * dz);
  if (everywhere || !(outside < reachThreshold(iso)))
    return { fine: new Uint8Array(reach.length).fill(1), coarse: coarse.fill(1), coarsest: coarsest.fill(1) };
  // grow by one block along each axis in turn (separable)
  for (const [stride, n] of [[1, bx], [bx, by], [bx * by, bz]] as const) {
    const grown = fine.slice();
    for (let b = 0; b < fine.length; b++) {
      if (!fine[b]) continue;
      const p = Math.floor(b / stride) % n;
      if (p > 0) grown[b - stride] = 1;
      if (p < n - 1) grown[b + stride] = 1;
    }
    fine = grown;
  }
  const ratio = COARSE_SHIFT - FINE_SHIFT;
  for (let k = 0, b = 0; k < bz; k++)
    for (let j = 0; j < by; j++)
      for (let i = 0; i < bx; i++, b++) if (fine[b]) coarse[(i >> ratio) + cx * ((j >> ratio) + cy * (k >> ratio))] = 1;
  const up = COARSEST_SHIFT - COARSE_SHIFT;
  for (let k = 0, b = 0; k < cz; k++)
    for (let j = 0; j < cy; j++)
      for (let i = 0; i < cx; i++, b++) if (coarse[b]) coarsest[(i >> up) + dx * ((j >> up) + dy * (k >> up))] = 1;
  return { fine, coarse, coarsest };
}
