import { inputError, usageError } from "../core/errors.js";
import { timeStage } from "../core/stageTimes.js";
import type { Mask, VoxelArray } from "../core/volume.js";
import { maskedMoments, removeVoxels, replaceVoxels, volumeMoments, type RegionMoments } from "./moments.js";
import { percentileWithout, sortedRegionValues, sortedValuesAt } from "./percentileRange.js";
import { zscoreFromMoments, type AffineIntensityMap, type ZScoreOptions } from "./zscore.js";

/**
 * Normalisations, each named by the region its statistics come from:
 * - none: raw intensities;
 * - zscore-global: the whole volume (what PyRadiomics' `normalize` does: carries the defacing effect);
 * - zscore-foreground: the head mask; in a defaced condition the removed face voxels are no longer head;
 * - zscore-brain: the brain mask (defacing changes it only if it intrudes into the brain);
 * - zscore-unmasked: the volume minus every condition's face mask, the same region for original and
 *   defaced images, so defacing cannot move it: the mitigation;
 * - zscore-roi: the ROI itself;
 * - percentile: the head's 1st..99th percentile range mapped to 0..1.
 */
export const NORMALISATION_NAMES = [
  "none",
  "zscore-global",
  "zscore-foreground",
  "zscore-brain",
  "zscore-unmasked",
  "zscore-roi",
  "percentile",
] as const;
export type NormalisationName = (typeof NORMALISATION_NAMES)[number];

export function parseNormalisation(name: string): NormalisationName {
  if ((NORMALISATION_NAMES as readonly string[]).includes(name)) return name as NormalisationName;
  throw usageError(`unknown normalisation "${name}": choose from ${NORMALISATION_NAMES.join(", ")}`);
}

/** The statistics a normalisation drew from its region, for the report. */
export interface NormalisationParameters extends AffineIntensityMap {
  normalisation: NormalisationName;
  /** μ of the region (image units); the 1st percentile for `percentile`. */
  mean?: number;
  /** σ of the region (image units); the 99th − 1st percentile range for `percentile`. */
  sd?: number;
  /** voxels in the region. */
  count?: number;
}

export type NormalisationOptions = ZScoreOptions;

/** One image condition as normalisation sees it: the voxels it replaced (indices increasing) and their new values. */
export interface ReplacedVoxels {
  indices: Uint32Array;
  values: Float64Array;
}

/** The regions the normalisations draw on; a normalisation whose region is missing is an error. */
export interface NormalisationRegions {
  roi: Mask;
  head?: Mask;
  brain?: Mask;
}

/**
 * Normalisation parameters for the original image (conditions[0] must replace nothing) and every
 * defaced condition, as [condition][normalisation]. The volume is read once per region; each
 * defaced condition then costs O(|mask|) (percentile: one walk over the head's sorted values).
 */
export function normalisationParameters(
  data: VoxelArray,
  conditions: ReplacedVoxels[],
  names: readonly NormalisationName[],
  options: NormalisationOptions,
  regions: NormalisationRegions,
): NormalisationParameters[][] {
  return timeStage("normalisation", () => parametersOf(data, conditions, names, options, regions));
}

function parametersOf(
  data: VoxelArray,
  conditions: ReplacedVoxels[],
  names: readonly NormalisationName[],
  options: NormalisationOptions,
  regions: NormalisationRegions,
): NormalisationParameters[][] {
  const cache = new Map<string, unknown>();
  const once = <T>(key: string, make: () => T): T => {
    if (!cache.has(key)) cache.set(key, make());
    return cache.get(key) as T;
  };
  const need = (mask: Mask | undefined, what: string): Mask => {
    if (!mask) throw inputError(`normalisation over the ${what} needs a ${what} mask (see --help)`);
    return mask;
  };
  const zscore = (normalisation: NormalisationName, m: RegionMoments, region: string): NormalisationParameters => ({
    normalisation,
    ...zscoreFromMoments(m, options, region),
  });

  return conditions.map((c) =>
    names.map((normalisation): NormalisationParameters => {
      switch (normalisation) {
        case "none":
          return { normalisation, scale: 1, offset: 0 };
        case "zscore-global": {
          const global = once("global", () => volumeMoments(data));
          return zscore(normalisation, replaceVoxels(global, data, c.indices, c.values), "whole volume");
        }
        case "zscore-foreground": {
          const head = need(regions.head, "head");
          const m = once("head", () => maskedMoments(data, head));
          return zscore(normalisation, removeVoxels(m, data, c.indices, head), "head (foreground) mask");
        }
        case "zscore-brain": {
          const brain = need(regions.brain, "brain");
          const m = once("brain", () => maskedMoments(data, brain));
          return zscore(normalisation, replaceVoxels(m, data, c.indices, c.values, brain), "brain mask");
        }
        case "zscore-unmasked": {
          // The same region for every condition: the volume minus the union of all face masks.
          return once("unmasked", () => {
            const union = unionIndices(conditions);
            const global = once("global", () => volumeMoments(data)); // shared with zscore-global: one pass
            return zscore(normalisation, removeVoxels(global, data, union), "volume outside the face masks");
          });
        }
        case "zscore-roi": {
          const m = once("roi", () => maskedMoments(data, regions.roi));
          return zscore(normalisation, replaceVoxels(m, data, c.indices, c.values, regions.roi), "ROI");
        }
        case "percentile": {
          const head = need(regions.head, "head");
          const sorted = once("headSorted", () => sortedRegionValues(data, head));
          const removed = sortedValuesAt(data, c.indices, head);
          const p1 = percentileWithout(sorted, removed, 1);
          const p99 = percentileWithout(sorted, removed, 99);
          if (!(p99 > p1)) throw inputError("percentile normalisation: the head's 1st and 99th percentiles are equal");
          return {
            normalisation,
            mean: p1,
            sd: p99 - p1,
            count: sorted.length - removed.length,
            scale: 1 / (p99 - p1),
            offset: -p1 / (p99 - p1),
          };
        }
      }
    }),
  );
}

/**
 * Sorted union of every condition's replaced voxel indices (each increasing): the distinct arrays
 * (the fills of one face mask share theirs) merged two at a time.
 */
function unionIndices(conditions: ReplacedVoxels[]): Uint32Array {
  let union: Uint32Array = new Uint32Array(0);
  for (const indices of new Set(conditions.map((c) => c.indices))) union = mergeSorted(union, indices);
  return union;
}

/** The sorted union, without repeats, of two increasing index arrays. */
function mergeSorted(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    if (i < a.length && a[i] === next) i++;
    if (j < b.length && b[j] === next) j++;
    if (n === 0 || out[n - 1] !== next) out[n++] = next;
  }
  return out.slice(0, n);
}
