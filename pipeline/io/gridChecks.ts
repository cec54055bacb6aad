import { inputError } from "../../analysis/core/errors.js";
import type { Affine, Vec3 } from "../../analysis/core/volume.js";

/** Largest size of one axis any reader accepts (NIfTI-1 itself stops at 32767). */
export const MAX_AXIS_VOXELS = 2 ** 31 - 1;

/** Every axis a whole number of voxels in 1..MAX_AXIS_VOXELS; otherwise an input error naming the field. */
export function assertAxisSizes(dims: readonly number[], path: string, field: string): void {
  dims.forEach((d, n) => {
    if (!Number.isInteger(d) || d < 1 || d > MAX_AXIS_VOXELS) {
      throw inputError(`invalid ${field}: axis ${n + 1} has ${d} voxels (expected a whole number from 1 to ${MAX_AXIS_VOXELS})`, path);
    }
  });
}

/** Voxel sizes any reader accepts, in mm: from a micrometre (microscopy) to a kilometre (a header in the wrong unit). */
export const SPACING_RANGE_MM = [1e-3, 1e6] as const;

/**
 * Voxel sizes must be finite and positive, within SPACING_RANGE_MM: a spacing of 0, NaN or infinity
 * (or 1e-30) is an input error, never replaced by a guess.
 */
export function assertSpacing(spacing: readonly number[], path: string, field: string): void {
  spacing.forEach((s, n) => {
    if (!(Number.isFinite(s) && s >= SPACING_RANGE_MM[0] && s <= SPACING_RANGE_MM[1])) {
      throw inputError(
        `invalid voxel size: ${field} gives ${s} mm along axis ${n + 1} (must be a finite number from ${SPACING_RANGE_MM[0]} to ${SPACING_RANGE_MM[1]} mm); fix the header`,
        path,
      );
    }
  });
}

/**
 * The voxel-to-world matrix must be finite and invertible: its three columns (the voxel axes in mm)
 * may not be zero or (nearly) parallel. `field` names where it came from (sform, qform, space
 * directions, ImageOrientationPatient), so the message points at the faulty header field of this file.
 */
export function assertAffine(affine: Affine, path: string, field: string): void {
  if (affine.length !== 16 || affine.some((x) => !Number.isFinite(x))) {
    throw inputError(`invalid ${field}: the voxel-to-world matrix holds a non-finite number (${affine.slice(0, 12).map(short).join(" ")})`, path);
  }
  const col = (c: number): Vec3 => [affine[c], affine[4 + c], affine[8 + c]];
  const [a, b, c] = [col(0), col(1), col(2)];
  const det =
    a[0] * (b[1] * c[2] - b[2] * c[1]) - b[0] * (a[1] * c[2] - a[2] * c[1]) + c[0] * (a[1] * b[2] - a[2] * b[1]);
  const scale = Math.hypot(...a) * Math.hypot(...b) * Math.hypot(...c);
  // |det| / product of the column lengths is the volume of the unit cell relative to a cube: ~0 when singular
  if (!(scale > 0) || !(Math.abs(det) / scale > 1e-6)) {
    throw inputError(
      `invalid ${field}: the voxel-to-world matrix is singular (voxel axes zero or parallel: ${affine.slice(0, 12).map(short).join(" ")}), so voxels have no position in space`,
      path,
    );
  }
}

const short = (x: number): string => (Number.isFinite(x) ? String(+x.toPrecision(4)) : String(x));
