import type { Mask, Volume } from "../analysis/core/volume.js";
import { maskBoundingBox } from "../analysis/processing/crop.js";
import { gridCorners } from "./surfaceRender.js";
import { encodeImage, type RgbaImage } from "./pngEncode.js";
import { invertAffine } from "./worldGeometry.js";

export interface SagittalOverlayOptions {
  /** world R coordinate (mm) of the slice; default: the centre of the grid. */
  rMm?: number;
  /** overlaid in red: the face mask. */
  mask?: Mask;
  /** overlaid in green: the ROI, projected along R onto the slice (it usually lies off the midline). */
  roi?: Mask;
  /** outlined in blue: the brain mask. */
  brain?: Mask;
  /** pixel size in mm (default: the smallest voxel size). */
  pixelMm?: number;
}

/**
 * Mid-sagittal slice (anterior to the right, superior up) resampled in world coordinates with
 * nearest-neighbour lookup, windowed on the 1st–99th percentile, masks blended on top. Reads one
 * voxel per pixel, and the ROI's bounding box for its shadow.
 */
export function renderSagittalOverlayPng(volume: Volume, options: SagittalOverlayOptions = {}): Buffer {
  return encodeImage(renderSagittalOverlay(volume, options));
}

/** The same picture as pixels (a caller may encode them elsewhere, e.g. on a worker thread). */
export function renderSagittalOverlay(volume: Volume, options: SagittalOverlayOptions = {}): RgbaImage {
  const cs = gridCorners(volume);
  const ext = (c: number) => [Math.min(...cs.map((p) => p[c])), Math.max(...cs.map((p) => p[c]))];
  const [rLo, rHi] = ext(0);
  const [aLo, aHi] = ext(1);
  const [sLo, sHi] = ext(2);
  const r = options.rMm ?? (rLo + rHi) / 2;
  const pixel = options.pixelMm ?? Math.min(...volume.spacing);
  const width = Math.max(1, Math.round((aHi - aLo) / pixel) + 1);
  const height = Math.max(1, Math.round((sHi - sLo) / pixel) + 1);
  const inv = invertAffine(volume.affine);
  const [nx, ny, nz] = volume.dims;
  const index = new Int32Array(width * height).fill(-1);
  let inside = 0;
  for (let py = 0; py < height; py++)
    for (let px = 0; px < width; px++) {
      const a = aLo + px * pixel;
      const s = sHi - py * pixel;
      const i = Math.round(inv[0] * r + inv[1] * a + inv[2] * s + inv[3]);
      const j = Math.round(inv[4] * r + inv[5] * a + inv[6] * s + inv[7]);
      const k = Math.round(inv[8] * r + inv[9] * a + inv[10] * s + inv[11]);
      if (i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz) (index[px + width * py] = i + nx * (j + ny * k)), inside++;
    }
  const values = new Float64Array(inside);
  for (let p = 0, n = 0; p < index.length; p++) if (index[p] >= 0) values[n++] = volume.data[index[p]];
  values.sort();
  const lo = values.length ? values[Math.floor(values.length * 0.01)] : 0;
  const hi = values.length ? values[Math.floor(values.length * 0.99)] : 1;
  const roiShadow = options.roi ? shadowOnSlice(options.roi, volume, aLo, sHi, pixel, width, height) : undefined;
  const brain = options.brain;
  const rgba = new Uint8Array(4 * width * height);
  for (let py = 0, p = 0; py < height; py++)
    for (let px = 0; px < width; px++, p++) {
      const v = index[p];
      const o = 4 * p;
      const g = v >= 0 ? Math.max(0, Math.min(1, (volume.data[v] - lo) / (hi - lo || 1))) : 0;
      let red = g;
      let green = g;
      let blue = g;
      const blend = (cr: number, cg: number, cb: number, alpha: number) => {
        red = red * (1 - alpha) + cr * alpha;
        green = green * (1 - alpha) + cg * alpha;
        blue = blue * (1 - alpha) + cb * alpha;
      };
      // the brain's outline only: a brain voxel with a non-brain neighbour in the picture
      if (v >= 0 && brain?.[v]) {
        const outside = (q: number) => index[q] < 0 || !brain[index[q]];
        if ((px > 0 && outside(p - 1)) || (px < width - 1 && outside(p + 1)) || (py > 0 && outside(p - width)) || (py < height - 1 && outside(p + width)))
          blend(0.2, 0.5, 1, 1);
      }
      if (v >= 0 && options.mask?.[v]) blend(1, 0.1, 0.1, 0.45);
      if (roiShadow?.[p]) blend(0.1, 1, 0.2, 0.6);
      rgba[o] = Math.round(255 * red);
      rgba[o + 1] = Math.round(255 * green);
      rgba[o + 2] = Math.round(255 * blue);
      rgba[o + 3] = 255;
    }
  return { width, height, rgba };
}

/** The ROI's shadow on the sagittal plane: every ROI voxel centre, whatever its R, marks its pixel. */
function shadowOnSlice(roi: Mask, volume: Volume, aLo: number, sHi: number, pixel: number, width: number, height: number): Uint8Array {
  const shadow = new Uint8Array(width * height);
  const box = maskBoundingBox(roi, volume.dims);
  if (!box) return shadow;
  const [nx, ny] = volume.dims;
  const m = volume.affine;
  for (let k = box.lo[2]; k <= box.hi[2]; k++)
    for (let j = box.lo[1]; j <= box.hi[1]; j++)
      for (let i = box.lo[0]; i <= box.hi[0]; i++) {
        if (!roi[i + nx * (j + ny * k)]) continue;
        const a = m[4] * i + m[5] * j + m[6] * k + m[7];
        const s = m[8] * i + m[9] * j + m[10] * k + m[11];
        const px = Math.round((a - aLo) / pixel);
        const py = Math.round((sHi - s) / pixel);
        if (px >= 0 && py >= 0 && px < width && py < height) shadow[px + width * py] = 1;
      }
  return shadow;
}
