import { inputError } from "../../../analysis/core/errors.js";
import type { Affine, Vec3 } from "../../../analysis/core/volume.js";
import * as portable from "../../../analysis/core/portableMath.js";

/** Where one image plane lies, in DICOM patient coordinates (LPS, mm). */
export interface PlaneGeometry {
  /** ImagePositionPatient: centre of the first transmitted pixel. */
  ipp: Vec3;
  /** ImageOrientationPatient: row direction (along a row, i.e. increasing column) then column direction. */
  iop: number[];
  /** PixelSpacing: [between rows (along a column), between columns (along a row)], mm. */
  pixelSpacing: [number, number];
  instanceNumber?: number;
}

export const dot = (a: readonly number[], b: readonly number[]): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const sub = (a: readonly number[], b: readonly number[]): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const scale = (a: readonly number[], s: number): Vec3 => [a[0] * s, a[1] * s, a[2] * s];

export const rowDirection = (iop: number[]): Vec3 => [iop[0], iop[1], iop[2]];
export const columnDirection = (iop: number[]): Vec3 => [iop[3], iop[4], iop[5]];

/** Unit normal of the image plane: row × column direction (slices are sorted along it). */
export function sliceNormal(iop: number[]): Vec3 {
  const r = rowDirection(iop);
  const c = columnDirection(iop);
  const n: Vec3 = [r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]];
  const len = Math.hypot(...n);
  return [n[0] / len, n[1] / len, n[2] / len];
}

/** Checks that every plane of a series shares orientation and pixel spacing; names the series folder otherwise. */
export function assertConsistentPlanes(planes: PlaneGeometry[], where: string): void {
  const ref = planes[0];
  for (const p of planes) {
    if (p.iop.some((v, i) => Math.abs(v - ref.iop[i]) > 1e-4)) {
      throw inputError(
        `the series mixes image orientations (${ref.iop.join("\\")} vs ${p.iop.join("\\")}); it is not one volume (localizer or multi-stack series?)`,
        where,
      );
    }
    if (p.pixelSpacing.some((v, i) => Math.abs(v - ref.pixelSpacing[i]) > 1e-4)) {
      throw inputError(`the series mixes pixel spacings (${ref.pixelSpacing.join("\\")} vs ${p.pixelSpacing.join("\\")})`, where);
    }
  }
}

/** Order of planes along the slice normal (never by file name), and each plane's position along it. */
export function sortAlongNormal(planes: PlaneGeometry[], where: string): { order: number[]; positions: number[] } {
  const n = sliceNormal(planes[0].iop);
  const t = planes.map((p) => dot(p.ipp, n));
  const order = planes.map((_, i) => i).sort((a, b) => t[a] - t[b]);
  const positions = order.map((i) => t[i]);
  for (let k = 1; k < positions.length; k++) {
    if (positions[k] - positions[k - 1] < 1e-3) {
      throw inputError(
        `two images lie at the same position ${positions[k].toFixed(3)} mm along the slice normal ` +
          "(several echoes, time points or duplicate files in one series?); split them into separate folders",
        where,
      );
    }
  }
  return { order, positions };
}

/** What the slice positions say about the stack. */
export interface StackGeometry {
  /** "regular": evenly spaced and stacked along the normal; otherwise it must be resampled. */
  kind: "regular" | "uneven" | "tilted" | "uneven+tilted";
  /** mean step between consecutive slice centres (LPS mm vector); the affine's third column when regular. */
  step: Vec3;
  /** spacing along the normal of the regular grid to use, mm. */
  spacing: number;
  /** in-plane drift of the last slice relative to the first, mm (gantry tilt / sheared stack). */
  drift: number;
  /** angle between the stacking direction and the slice normal, degrees. */
  tiltDegrees: number;
  gaps: number[];
}

/**
 * Spacing analysis of planes already sorted along the normal. A gap that is a whole multiple of
 * the others while instance numbers skip is a missing slice (an error: the volume has a hole).
 * `fallbackSpacing` (SpacingBetweenSlices or SliceThickness) is used for a single slice.
 */
export function analyseStack(sorted: PlaneGeometry[], positions: number[], fallbackSpacing: number, where: string): StackGeometry {
  const normal = sliceNormal(sorted[0].iop);
  if (sorted.length === 1) {
    const s = fallbackSpacing > 0 ? fallbackSpacing : 1;
    return { kind: "regular", step: scale(normal, s), spacing: s, drift: 0, tiltDegrees: 0, gaps: [] };
  }
  const gaps = positions.slice(1).map((t, k) => t - positions[k]);
  const sortedGaps = [...gaps].sort((a, b) => a - b);
  const median = sortedGaps[Math.floor(sortedGaps.length / 2)];
  const minGap = sortedGaps[0];
  // IPP is often rounded to 0.1 mm, so gaps jitter by ~1-2 % without the stack being uneven.
  const tol = Math.max(0.05, 0.02 * median);
  const uneven = gaps.some((g) => Math.abs(g - median) > tol);

  const last = sorted[sorted.length - 1];
  const total = sub(last.ipp, sorted[0].ipp);
  const along = dot(total, normal);
  const drift = Math.hypot(...sub(total, scale(normal, along)));
  const tiltDegrees = (portable.atan2(drift, along) * 180) / Math.PI;
  const tilted = drift > 0.1 * Math.min(...sorted[0].pixelSpacing);

  if (uneven) {
    const multiples = gaps.map((g) => Math.round(g / minGap));
    const wholeMultiples = gaps.every((g, k) => Math.abs(g - multiples[k] * minGap) <= tol);
    const numbers = sorted.map((p) => p.instanceNumber);
    const consecutive =
      numbers.every((x) => x !== undefined) &&
      numbers.slice(1).every((x, k) => Math.abs((x as number) - (numbers[k] as number)) === 1);
    if (wholeMultiples && !consecutive) {
      const k = multiples.findIndex((m) => m >= 2);
      throw inputError(
        `missing slice: the gap between slices at ${positions[k].toFixed(2)} and ${positions[k + 1].toFixed(2)} mm ` +
          `along the normal is ${gaps[k].toFixed(3)} mm, ${multiples[k]} times the usual ${minGap.toFixed(3)} mm; ` +
          "copy the complete series",
        where,
      );
    }
  }
  const kind = uneven && tilted ? "uneven+tilted" : uneven ? "uneven" : tilted ? "tilted" : "regular";
  return {
    kind,
    step: scale(total, 1 / (sorted.length - 1)),
    // Uneven stacks are resampled at their smallest gap so no acquired detail is lost.
    spacing: uneven ? minGap : along / (sorted.length - 1),
    drift,
    tiltDegrees,
    gaps,
  };
}

/**
 * Voxel -> RAS+ affine (row-major 4x4). Voxel i runs along a row (column index, spacing
 * PixelSpacing[1]), j down a column (row index, PixelSpacing[0]), k along `sliceStep`.
 * DICOM patient space is LPS: negating x and y gives RAS.
 */
export function rasAffine(origin: Vec3, iop: number[], pixelSpacing: [number, number], sliceStep: Vec3): Affine {
  const r = scale(rowDirection(iop), pixelSpacing[1]);
  const c = scale(columnDirection(iop), pixelSpacing[0]);
  const lps = [
    [r[0], c[0], sliceStep[0], origin[0]],
    [r[1], c[1], sliceStep[1], origin[1]],
    [r[2], c[2], sliceStep[2], origin[2]],
  ];
  const flip = [-1, -1, 1];
  const a: number[] = [];
  for (let row = 0; row < 3; row++) for (let col = 0; col < 4; col++) a.push(flip[row] * lps[row][col] + 0);
  a.push(0, 0, 0, 1);
  return a;
}

/** DICOM ImagePositionPatient (LPS) of slice k of a grid described by a RAS affine. */
export function lpsPositionOfSlice(affine: Affine, k: number): Vec3 {
  return [-(affine[2] * k + affine[3]) + 0, -(affine[6] * k + affine[7]) + 0, affine[10] * k + affine[11]];
}
