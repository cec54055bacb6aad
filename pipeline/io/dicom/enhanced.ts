import { inputError } from "../../../analysis/core/errors.js";
import type { Vec3 } from "../../../analysis/core/volume.js";
import type { PlaneGeometry } from "./geometry.js";

/** One frame's geometry and value scaling. */
export interface FrameInfo {
  plane: PlaneGeometry;
  slope: number;
  intercept: number;
  /** SliceThickness / SpacingBetweenSlices when given (used for a single frame). */
  thickness: number;
}

/** dcmjs gives a sequence as an array of items; some single-item sequences come as the item itself. */
const item = (seq: any): Record<string, any> | undefined => (Array.isArray(seq) ? seq[0] : seq ?? undefined);

/** Numbers of a multi-valued attribute; an empty or non-numeric value (dcmjs gives null) is NaN, never 0. */
const nums = (v: any): number[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => (x === null || x === "" ? NaN : Number(x)));

function planeFrom(src: Record<string, any>, path: string, what: string): PlaneGeometry {
  const ipp = nums(src.ImagePositionPatient);
  const iop = nums(src.ImageOrientationPatient);
  const ps = nums(src.PixelSpacing);
  if (ipp.length !== 3 || iop.length !== 6 || ps.length !== 2 || [...ipp, ...iop, ...ps].some((x) => !Number.isFinite(x))) {
    throw inputError(
      `${what}: missing or invalid ImagePositionPatient, ImageOrientationPatient or PixelSpacing; cannot place the image in space`,
      path,
    );
  }
  if (!(ps[0] > 0 && ps[1] > 0)) throw inputError(`${what}: PixelSpacing ${ps.join("\\")} mm is not positive`, path);
  const row = iop.slice(0, 3);
  const col = iop.slice(3, 6);
  const unit = (v: number[]) => Math.abs(Math.hypot(v[0], v[1], v[2]) - 1) < 0.01;
  if (!unit(row) || !unit(col) || Math.abs(row[0] * col[0] + row[1] * col[1] + row[2] * col[2]) > 0.01) {
    throw inputError(`${what}: ImageOrientationPatient ${iop.join("\\")} is not two orthogonal unit vectors; cannot place the image in space`, path);
  }
  const instanceNumber = src.InstanceNumber === undefined ? undefined : Number(src.InstanceNumber);
  return { ipp: ipp as Vec3, iop, pixelSpacing: [ps[0], ps[1]], instanceNumber };
}

function rescaleOf(src: Record<string, any> | undefined, path: string) {
  // absent: identity; present without a numeric value (dcmjs gives null): an error, not a silent 0
  const value = (v: unknown, absent: number) => (v === undefined || v === "" ? absent : v === null ? NaN : Number(v));
  const slope = value(src?.RescaleSlope, 1);
  const intercept = value(src?.RescaleIntercept, 0);
  if (!Number.isFinite(slope) || slope === 0 || !Number.isFinite(intercept)) {
    throw inputError(`invalid RescaleSlope/RescaleIntercept (${src?.RescaleSlope}, ${src?.RescaleIntercept}): the slope must be a non-zero finite number, the intercept finite`, path);
  }
  return { slope, intercept };
}

/** Geometry and scaling of a classic single-frame image (attributes at the top level). */
export function singleFrameInfo(ds: Record<string, any>, path: string): FrameInfo {
  const { slope, intercept } = rescaleOf(ds, path);
  return {
    plane: planeFrom(ds, path, "image"),
    slope,
    intercept,
    thickness: Number(ds.SpacingBetweenSlices ?? ds.SliceThickness ?? 0),
  };
}

export const isEnhancedMultiFrame = (ds: Record<string, any>): boolean => ds.PerFrameFunctionalGroupsSequence !== undefined;

/**
 * Per-frame geometry of an enhanced multi-frame image: each functional group (Plane Position,
 * Plane Orientation, Pixel Measures, Pixel Value Transformation) is taken from the frame's item of
 * the Per-Frame Functional Groups Sequence, else from the Shared Functional Groups Sequence.
 */
export function enhancedFrameInfo(ds: Record<string, any>, path: string): FrameInfo[] {
  const frames = Number(ds.NumberOfFrames ?? 1);
  if (!Number.isInteger(frames) || frames < 1) throw inputError(`invalid NumberOfFrames ${ds.NumberOfFrames}`, path);
  const perFrame: any[] = Array.isArray(ds.PerFrameFunctionalGroupsSequence) ? ds.PerFrameFunctionalGroupsSequence : [ds.PerFrameFunctionalGroupsSequence];
  const shared = item(ds.SharedFunctionalGroupsSequence) ?? {};
  if (perFrame.length !== frames) {
    throw inputError(`NumberOfFrames is ${frames} but the Per-Frame Functional Groups Sequence has ${perFrame.length} items`, path);
  }
  const group = (f: number, name: string): Record<string, any> | undefined => item(perFrame[f]?.[name]) ?? item(shared[name]);
  const out: FrameInfo[] = [];
  for (let f = 0; f < frames; f++) {
    const measures = group(f, "PixelMeasuresSequence") ?? {};
    const merged = {
      ImagePositionPatient: group(f, "PlanePositionSequence")?.ImagePositionPatient,
      ImageOrientationPatient: group(f, "PlaneOrientationSequence")?.ImageOrientationPatient,
      PixelSpacing: measures.PixelSpacing,
      InstanceNumber: group(f, "FrameContentSequence")?.InStackPositionNumber,
    };
    const transform = group(f, "PixelValueTransformationSequence") ?? (ds.RescaleSlope !== undefined ? ds : undefined);
    out.push({
      plane: planeFrom(merged, path, `frame ${f + 1}`),
      ...rescaleOf(transform, path),
      thickness: Number(measures.SpacingBetweenSlices ?? measures.SliceThickness ?? 0),
    });
  }
  return out;
}
