import { inputError } from "../core/errors.js";
import type { Grid, Vec3 } from "../core/volume.js";
import { boxDims, maskBoundingBox, type BoundingBox } from "../processing/crop.js";
import type { ProcessingSettings } from "../settings.js";
import type { PyradiomicsSettings } from "./pyradiomicsSettings.js";

/**
 * The processing settings PyRadiomics applies to one image and ROI (imageoperations.resampleImage):
 * a requested spacing of 0 keeps that axis's spacing, an axis along which the ROI is one voxel thick
 * is not resampled, and nothing is resampled when the new spacing equals the old one (numpy's
 * allclose). The grid is PyRadiomics' (corner-aligned, see processing/gridAlignment.ts), the mask
 * is interpolated by nearest neighbour, the image's edge is handled and interpolated intensities are
 * stored in the image's voxel type as SimpleITK does (imageEdge.ts, castToVoxelType.ts).
 */
export function pyradiomicsProcessing(settings: PyradiomicsSettings, image: Grid, roiBox: BoundingBox): ProcessingSettings {
  const rs = settings.options.resampling;
  if (!rs) return settings.processing;
  const size = boxDims(roiBox);
  const target = rs.spacing.map((s, a) => (s === 0 || size[a] === 1 ? image.spacing[a] : s)) as Vec3;
  const same = target.every((t, a) => Math.abs(image.spacing[a] - t) <= 1e-8 + 1e-5 * Math.abs(t));
  if (same) return settings.processing;
  return {
    ...settings.processing,
    resampling: {
      spacing: target,
      inPlane: false,
      interpolation: rs.interpolation,
      roundIntensities: false,
      maskInterpolation: "nearest",
      maskThreshold: 0.5,
      gridAlignment: "corner",
      castToInputType: true,
      imageEdge: "simpleitk",
    },
  };
}

/**
 * PyRadiomics' checkMask: the ROI must span more than one voxel along at least
 * `minimumROIDimensions` axes (never a single voxel) and hold more than `minimumROISize` voxels.
 * `stage` says which mask failed (e.g. "after resampling"); `file` names the mask file.
 */
export function checkPyradiomicsRoi(
  mask: Uint8Array,
  dims: Vec3,
  options: Pick<PyradiomicsSettings["options"], "minimumROIDimensions" | "minimumROISize">,
  stage: string,
  file: string,
): void {
  const box = maskBoundingBox(mask, dims);
  if (!box) throw inputError(`the ROI is empty ${stage}`, file);
  const extent = boxDims(box);
  const spanned = extent.filter((n) => n > 1).length;
  if (spanned === 0) throw inputError(`the ROI is a single voxel ${stage}: PyRadiomics extracts no features from it`, file);
  if (spanned < options.minimumROIDimensions) {
    throw inputError(`the ROI spans ${spanned} dimension(s) ${stage} (${extent.join("x")} voxels); minimumROIDimensions is ${options.minimumROIDimensions}`, file);
  }
  if (options.minimumROISize !== null) {
    let count = 0;
    for (let i = 0; i < mask.length; i++) count += mask[i] ? 1 : 0;
    if (count <= options.minimumROISize) {
      throw inputError(`the ROI holds ${count} voxels ${stage}; minimumROISize is ${options.minimumROISize} (more are needed)`, file);
    }
  }
}
