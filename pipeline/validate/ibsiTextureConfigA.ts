import { join } from "node:path";
import { FAMILIES } from "../../analysis/features/registry.js";
import type { FamilyName, FeatureValue, PreparedRoi } from "../../analysis/features/types.js";
import { matchesReference, roundToSignificant } from "../../analysis/ibsi/referenceMatch.js";
import { boxDims, cropMask, cropValues, roiBoundingBox } from "../../analysis/processing/crop.js";
import { discretiseFixedBinSize } from "../../analysis/processing/discretise.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { readIbsiReference } from "./ibsiReferenceCsv.js";
import type { CheckResult, ValidationSection } from "./types.js";

/** IBSI configuration A: no resampling, re-segmentation to [-500, 400] HU, FBS 25 HU from -500, 2D texture. */
const RESEG: [number, number] = [-500, 400];
const BIN_WIDTH = 25;
const TEXTURE: readonly FamilyName[] = ["glcm", "glrlm", "glszm", "gldzm", "ngtdm", "ngldm"];

/**
 * The six texture families on the IBSI CT phantom under configuration A (2D and 2.5D
 * aggregations; GLDZM distances on the morphological mask, zones on the re-segmented one),
 * against the consensus values of ibsi/reference_values.csv.
 */
export const ibsiTextureConfigA: ValidationSection = {
  name: "ibsi-texture-config-A",
  async run(dataDir, _workDir, log) {
    const base = join(dataDir, "ibsi", "ct_phantom", "nifti");
    const image = readVolume(join(base, "image.nii.gz"));
    const mask = readMask(join(base, "mask.nii.gz"), image);
    const box = roiBoundingBox(mask, image, "mask.nii.gz");
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
    const values: FeatureValue[] = [];
    for (const family of TEXTURE) {
      const start = performance.now();
      values.push(...FAMILIES[family]!(roi, {}));
      log(`${family}: ${(performance.now() - start).toFixed(0)} ms`);
    }
    const families = new Set<string>(TEXTURE);
    const refs = readIbsiReference(join(dataDir, "ibsi", "reference_values.csv")).filter(
      (r) => r.config === "A" && families.has(r.family),
    );
    return refs.map((ref): CheckResult => {
      const got = values.find((v) => v.family === ref.family && v.ibsiCode === ref.ibsiCode && v.aggregationCode === ref.aggregationCode);
      const name = `config A ${ref.family} ${ref.feature} (${ref.ibsiCode}, ${ref.aggregationCode})`;
      if (!got) return { name, ok: false, detail: "not computed" };
      const ok = matchesReference(got.value, ref.value, ref.tolerance);
      return { name, ok, detail: `${roundToSignificant(got.value)} vs ${ref.value} ± ${ref.tolerance}${got.note ? ` (${got.note})` : ""}` };
    });
  },
};
