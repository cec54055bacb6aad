import type { Vec3 } from "../core/volume.js";
import { marchingCubes } from "../features/morphology/marchingCubes.js";
import { computeFeatures } from "../features/registry.js";
import type { FeatureSettings, PreparedRoi } from "../features/types.js";
import { maskBoundingBox } from "../processing/crop.js";
import { pyradiomicsDiscretise } from "./pyradiomicsBinning.js";
import { pyradiomicsMcc } from "./pyradiomicsMcc.js";
import { pyradiomicsNgtdm } from "./pyradiomicsNgtdm.js";
import { familiesFor, pyradiomicsFeature, type PyAggregation, type PyExtra, type PyradiomicsClass } from "./pyradiomicsRegistry.js";
import type { PyradiomicsOptions } from "./pyradiomicsSettings.js";
import { planeDiameters } from "./pyradiomicsShape.js";
import { pyradiomicsValues, type PyradiomicsValue } from "./pyradiomicsValues.js";

/**
 * The conventions engine: PyRadiomics' feature values of a prepared ROI (prepareRoi with the
 * settings of pyradiomicsProcessing). It re-bins the intensities with PyRadiomics' edges, picks
 * the IBSI aggregation PyRadiomics' matrices amount to, computes the IBSI families, maps them to
 * PyRadiomics' names and conventions (pyradiomicsValues.ts) and adds the PyRadiomics-only features.
 */

/** IBSI aggregation code of each class aggregation, for PyRadiomics' force2D and weightingNorm. */
export function pyradiomicsAggregations(options: Pick<PyradiomicsOptions, "force2D" | "weightingNorm">): Record<PyAggregation, string> {
  const merged = options.weightingNorm === "no_weighting";
  return options.force2D
    ? // force2D: matrices per slice, summed over slices (2.5D), per direction or merged.
      { none: "DHQ4", directions: merged ? "ZW7Z" : "JJUI", volume: "62GR" }
    : { none: "DHQ4", directions: merged ? "IAZD" : "ITBB", volume: "KOBO" };
}

export function pyradiomicsFeatures(
  roi: PreparedRoi,
  selection: Partial<Record<PyradiomicsClass, readonly string[]>>,
  options: PyradiomicsOptions,
): PyradiomicsValue[] {
  const ordered = shapeFirst(selection);
  const defs = Object.entries(ordered).flatMap(([c, names]) => names!.map((n) => pyradiomicsFeature(c as PyradiomicsClass, n)!));
  const families = familiesFor(ordered);
  const extrasWanted = new Set(defs.flatMap((d) => (d.extra ? [d.extra] : [])));

  const binned = pyradiomicsDiscretise(roi.intensity, roi.intensityMask, options.binning);
  const shapeMask = pyradiomicsShapeMask(roi, options.resegmentShape);
  const prepared: PreparedRoi = { ...roi, morphMask: shapeMask, levels: binned.levels, nLevels: binned.nLevels };

  const aggregationCodes = pyradiomicsAggregations(options);
  const settings: FeatureSettings = {
    aggregations: [aggregationCodes.directions, aggregationCodes.volume],
    distance: 1,
    ngldmCoarseness: options.gldmA,
  };
  // NGTDM with PyRadiomics' neighbourhood convention (pyradiomicsNgtdm.ts); the rest as IBSI computes them.
  const ibsi = computeFeatures(prepared, settings, families.filter((f) => f !== "ngtdm"));
  if (families.includes("ngtdm")) ibsi.push(...pyradiomicsNgtdm(prepared, options.force2D).rows);

  const extras: Partial<Record<PyExtra, number>> = {};
  if (extrasWanted.has("maximum2DDiameterSlice") || extrasWanted.has("maximum2DDiameterColumn") || extrasWanted.has("maximum2DDiameterRow")) {
    const d = planeDiameters(marchingCubes(shapeMask, roi.dims, roi.spacing), roi.spacing);
    Object.assign(extras, { maximum2DDiameterSlice: d.slice, maximum2DDiameterColumn: d.column, maximum2DDiameterRow: d.row });
  }
  if (extrasWanted.has("mcc")) extras.mcc = pyradiomicsMcc(prepared, { force2D: options.force2D, merged: options.weightingNorm === "no_weighting" });

  return pyradiomicsValues(ibsi, ordered, {
    intensityCount: count(roi.intensityMask),
    morphCount: count(shapeMask),
    voxelVolume: roi.spacing[0] * roi.spacing[1] * roi.spacing[2],
    voxelArrayShift: options.voxelArrayShift,
    aggregationCodes,
    extras,
  });
}

/**
 * The mask PyRadiomics' shape class sees (featureextractor.execute): the re-segmented mask with
 * resegmentShape, else the original (resampled) mask cropped to the bounding box of the
 * re-segmented one: PyRadiomics crops the shape's mask with the box it recomputed after
 * re-segmentation, so shape voxels outside that box are dropped. Without re-segmentation the two
 * masks are the same and the crop changes nothing.
 */
export function pyradiomicsShapeMask(roi: Pick<PreparedRoi, "dims" | "morphMask" | "intensityMask">, resegmentShape: boolean): Uint8Array {
  if (resegmentShape) return roi.intensityMask;
  const box = maskBoundingBox(roi.intensityMask, roi.dims);
  const out = new Uint8Array(roi.morphMask.length);
  if (!box) return out;
  const [nx, ny]: Vec3 = roi.dims;
  for (let k = box.lo[2]; k <= box.hi[2]; k++)
    for (let j = box.lo[1]; j <= box.hi[1]; j++)
      for (let i = box.lo[0], p = i + nx * (j + ny * k); i <= box.hi[0]; i++, p++) out[p] = roi.morphMask[p];
  return out;
}

/** PyRadiomics computes shape before the other classes; the rest keep the file's order. */
function shapeFirst<T>(selection: Partial<Record<PyradiomicsClass, T>>): Partial<Record<PyradiomicsClass, T>> {
  const { shape, ...rest } = selection;
  return shape === undefined ? selection : { shape, ...rest };
}

function count(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i] ? 1 : 0;
  return n;
}
