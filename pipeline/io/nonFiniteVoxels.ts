import { inputError } from "../../analysis/core/errors.js";
import type { Mask, Volume, VoxelArray } from "../../analysis/core/volume.js";

/**
 * The rule for NaN and ±infinity in an image (float NIfTI/NRRD files hold them, e.g. as the
 * background of a registered or skull-stripped scan):
 *
 * - They are not data. When an image is read, each one is replaced by the image's lowest finite
 *   value (its background), so whole-image statistics (normalisation, head mask, modality, fills)
 *   stay finite, and a warning gives their count.
 * - A ROI or a brain/head mask may not cover one: features or region statistics over a voxel
 *   without a value would be wrong, so that is an input error naming the image file.
 * - `deface` puts them back in its defaced image wherever the face mask did not replace them,
 *   so the output differs from the input only in the face.
 *
 * Where they were is remembered per voxel array (not copied into the Volume, which stays plain).
 */
interface NonFiniteRecord {
  path: string;
  indices: Uint32Array;
  values: Float64Array;
}

const records = new WeakMap<VoxelArray, NonFiniteRecord>();

/**
 * Replaces the non-finite voxels of a float image by its lowest finite value (in place) and returns
 * the warning to show, or undefined when every voxel is finite. An image without any finite voxel
 * is an input error.
 */
export function replaceNonFinite(volume: Volume, path: string): string | undefined {
  const data = volume.data;
  if (!(data instanceof Float32Array || data instanceof Float64Array)) return undefined;
  let count = 0;
  let min = Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) count++; // NaN and ±Infinity: v - v is NaN
    else if (v < min) min = v;
  }
  if (count === 0) return undefined;
  if (count === data.length) throw inputError("every voxel is NaN or infinite: the image holds no values", path);
  const indices = new Uint32Array(count);
  const values = new Float64Array(count);
  let n = 0;
  let nan = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v - v !== 0) {
      indices[n] = i;
      values[n++] = v;
      if (v !== v) nan++;
      data[i] = min;
    }
  }
  records.set(data, { path, indices, values });
  const kinds = [nan ? `${nan} NaN` : "", count - nan ? `${count - nan} infinite` : ""].filter(Boolean).join(", ");
  return (
    `${path}: ${count} of ${data.length} voxels hold no finite value (${kinds}); they are treated as background ` +
    `(set to the image's lowest value, ${min}) and may not lie inside the ROI or a mask`
  );
}

/** Fails, naming the image, when `mask` covers a voxel that was NaN or infinite in it. */
export function assertMaskAvoidsNonFinite(image: Volume, mask: Mask, maskPath: string): void {
  const record = records.get(image.data);
  if (!record) return;
  let inside = 0;
  let first = -1;
  for (const i of record.indices) {
    if (mask[i]) {
      inside++;
      if (first < 0) first = i;
    }
  }
  if (inside === 0) return;
  const [nx, ny] = image.dims;
  const at = [first % nx, Math.floor(first / nx) % ny, Math.floor(first / (nx * ny))];
  throw inputError(
    `${inside} voxel(s) inside ${maskPath} hold NaN or infinity (the first at voxel ${at.join(", ")}): a region needs finite values; ` +
      "fix the image or exclude those voxels from the mask",
    record.path,
  );
}

/**
 * Puts the original non-finite values of `image` back into `defaced` (a copy of it on the same grid)
 * wherever `removed` is 0, so a defaced image keeps the input's NaN/infinity outside the face.
 */
export function restoreNonFinite(image: Volume, defaced: Volume, removed: Mask): void {
  const record = records.get(image.data);
  if (!record || !(defaced.data instanceof Float32Array || defaced.data instanceof Float64Array)) return;
  for (let n = 0; n < record.indices.length; n++) {
    const i = record.indices[n];
    if (!removed[i]) defaced.data[i] = record.values[n];
  }
}
