import { join } from "node:path";
import { intensityHistogram } from "../../analysis/features/intensityHistogram.js";
import { intensityStatistics } from "../../analysis/features/intensityStatistics.js";
import { intensityVolumeHistogram } from "../../analysis/features/intensityVolumeHistogram.js";
import { PEAK_SPHERE_RADIUS_MM, localIntensity } from "../../analysis/features/localIntensity.js";
import type { FeatureValue, PreparedRoi } from "../../analysis/features/types.js";
import { matchesReference, roundToSignificant } from "../../analysis/ibsi/referenceMatch.js";
import { boxDims, cropMask, cropValues, marginForMillimetres, padBox, roiBoundingBox } from "../../analysis/processing/crop.js";
import { discretiseFixedBinSize } from "../../analysis/processing/discretise.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { readIbsiReference } from "./ibsiReferenceCsv.js";
import type { CheckResult, ValidationSection } from "./types.js";

/** IBSI configuration A: no resampling, re-segmentation to [-500, 400] HU, FBS 25 HU from -500. */
const RESEG: [number, number] = [-500, 400];
const BIN_WIDTH = 25;

/**
 * The first-order families (intensity statistics, intensity histogram, intensity-volume histogram
 * with raw HU, local intensity) on the IBSI CT phantom under configuration A, which needs no
 * resampling, against the consensus values of ibsi/reference_values.csv.
 */
export const ibsiFirstOrderConfigA: ValidationSection = {
  name: "ibsi-first-order-config-A",
  async run(dataDir, _workDir, log) {
    const base = join(dataDir, "ibsi", "ct_phantom", "nifti");
    const image = readVolume(join(base, "image.nii.gz"));
    const mask = readMask(join(base, "mask.nii.gz"), image);
    // The box carries the 1 cm^3 sphere's radius of real image around the ROI (local intensity).
    const box = padBox(roiBoundingBox(mask, image, "mask.nii.gz"), marginForMillimetres(PEAK_SPHERE_RADIUS_MM, image.spacing), image.dims);
    // IBSI: convert to float and round to the nearest integer HU.
    const intensity = cropValues(image.data, image.dims, box).map(Math.round);
    const morphMask = cropMask(mask, image.dims, box);
    const intensityMask = morphMask.map((m, i) => (m && intensity[i] >= RESEG[0] && intensity[i] <= RESEG[1] ? 1 : 0));
    const { levels, nLevels } = discretiseFixedBinSize(intensity, intensityMask, BIN_WIDTH, RESEG[0], RESEG[1]);
    const roi: PreparedRoi = {
      dims: boxDims(box),
      spacing: [...image.spacing],
      intensity,
      intensityMask,
      morphMask,
      levels,
      nLevels,
      resegRange: RESEG,
    };
    log(`box ${roi.dims.join("x")}, ${intensityMask.reduce((s, v) => s + v, 0)} voxels after re-segmentation, N_g ${nLevels}`);
    const values: FeatureValue[] = [
      ...intensityStatistics(roi),
      ...intensityHistogram(roi),
      ...intensityVolumeHistogram(roi, { ivh: { kind: "none" } }),
      ...localIntensity(roi),
    ];
    const families = new Set(["intensity_statistics", "intensity_histogram", "intensity_volume_histogram", "local_intensity"]);
    const refs = readIbsiReference(join(dataDir, "ibsi", "reference_values.csv")).filter(
      (r) => r.config === "A" && families.has(r.family),
    );
    const checks: CheckResult[] = [];
    for (const ref of refs) {
      const got = values.find((v) => v.ibsiCode === ref.ibsiCode && v.feature === ref.feature);
      const name = `config A ${ref.feature} (${ref.ibsiCode})`;
      if (!got) {
        checks.push({ name, ok: false, detail: "not computed" });
        continue;
      }
      const ok = matchesReference(got.value, ref.value, ref.tolerance);
      checks.push({ name, ok, detail: `${roundToSignificant(got.value)} vs ${ref.value} ± ${ref.tolerance}` });
    }
    return checks;
  },
};
