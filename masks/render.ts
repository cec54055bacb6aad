import type { Mask, Volume } from "../analysis/core/volume.js";
import { maskBoundingBox } from "../analysis/processing/crop.js";
import { timeStage } from "../analysis/core/stageTimes.js";
import { dilate } from "./morphology.js";
import { encodeImage, type RgbaImage } from "./pngEncode.js";
import { renderSagittalOverlay } from "./sagittalOverlay.js";
import type { VoxelChange } from "./smoothedField.js";
import { type Cast, castShades, castSize, panelsImage, RENDER_SIZE, shadesRgba, SurfaceScene, upsampleCast, type View } from "./surfaceRender.js";

/**
 * Pictures that let a person judge a defacing: the skin surface ray-cast from the front and from
 * the side before and after (surfaceRender.ts), and a mid-sagittal slice with the face mask and the
 * ROI overlaid (sagittalOverlay.ts).
 */
export { renderSagittalOverlayPng, type SagittalOverlayOptions } from "./sagittalOverlay.js";
export { renderSurfacePng, renderSurfaceShades, type SurfaceRenderOptions, type View } from "./surfaceRender.js";
export type { VoxelChange } from "./smoothedField.js";

/**
 * What a report shows of one defacing: per view, before | after | residual face side by side (one
 * camera: the same framing, iso-value and light), and the mid-sagittal overlay.
 */
export interface ComparisonRenders {
  front: Buffer;
  side: Buffer;
  sagittal_overlay: Buffer;
}

/** The comparison's pictures, in this order in a report. */
export const COMPARISON_VIEWS = ["front", "side", "sagittal_overlay"] as const;

/** The comparison as pixels, not yet encoded (a caller may encode them on another thread). */
export type ComparisonPictures = Record<keyof ComparisonRenders, RgbaImage>;

/** The comparisons and each view before and after on its own (`deface` writes them all). */
export interface DefacingRenders extends ComparisonRenders {
  front_before: Buffer;
  front_after: Buffer;
  side_before: Buffer;
  side_after: Buffer;
}

/** Encodes a picture as PNG: here (encodeHere), or on a worker thread while this one draws the next. */
export type PictureEncoder = (picture: RgbaImage) => Promise<Buffer>;

/** Encodes on this thread (timed with the renders). */
export const encodeHere: PictureEncoder = async (picture) => timeStage("renders", () => encodeImage(picture));

const VIEWS: readonly View[] = ["front", "side"];

/** Colours of the residual-face panel: facial skin left where it was, and every other surface (grey). */
export const RESIDUAL_FACE = [1, 0.3, 0.22];
const OTHER_SURFACE = [0.7, 0.7, 0.7];

/** What every picture of one image shares. */
export interface RenderSubject {
  image: Volume;
  /** skin iso-value (the head mask's threshold). */
  iso: number;
  head: Mask;
  /** the head grown by 5 mm (the region drawn); computed from `head` when not given. */
  headGrown?: Mask;
  roi?: Mask;
  brain?: Mask;
  /** picture size in pixels (default 512). */
  size?: number;
}

/**
 * The standard set of pictures of the defacings of one image: skin renders before and after from the
 * front and the side (the same framing and iso-value, limited to the original head grown by 5 mm so
 * tables and holders do not hide the face), and the mid-sagittal slice with mask, ROI and brain
 * outline. The pictures before, and the overlay of a mask, are drawn once and shared by every
 * defacing (fill) that needs them; an after-picture recomputes only what its changed voxels reach.
 */
export class DefacingRenderer {
  private beforeScene!: SurfaceScene;
  private readonly beforeCasts = new Map<View, { cast: Cast; shown: Cast; rgba: Uint8Array; png?: Buffer }>();
  /** per mask, its mid-sagittal overlay (every fill of one mask shows the same). */
  private readonly overlays = new Map<Mask, RgbaImage>();
  private midR: number | undefined;

  constructor(private readonly subject: RenderSubject) {
    timeStage("renders", () => this.prepare());
  }

  private prepare(): void {
    const subject = this.subject;
    const within = subject.headGrown ?? dilate(subject.head, subject.image, 5);
    this.beforeScene = new SurfaceScene(subject.image, { iso: subject.iso, within });
    const brain = subject.brain;
    this.midR = (brain && meanR(brain, subject.image)) ?? meanR(subject.head, subject.image);
  }

  /**
   * Everything: the comparisons and the four pictures on their own. `faceRegion`: where the face is
   * (the region the residual-face measure counts, masks/privacy.ts); the residual panel shows in red
   * the skin of this region that the defaced image still shows where it was.
   */
  renders(change: VoxelChange, faceRegion?: Mask): DefacingRenders {
    return timeStage("renders", () => {
      const drawn = this.draw(change, faceRegion);
      const png = (view: View) => ({ before: this.beforePng(view), after: this.encodeSquare(shadesRgba(drawn.casts[view])) });
      const [front, side] = [png("front"), png("side")];
      return { ...this.encode(drawn.pictures), front_before: front.before, front_after: front.after, side_before: side.before, side_after: side.after };
    });
  }

  /**
   * What a report shows: per view, before | after | residual face, and the mid-sagittal overlay, as
   * pixels (the caller encodes them, e.g. on worker threads). The overlay is the same object for
   * every change of one mask: encode it once.
   */
  comparison(change: VoxelChange, faceRegion?: Mask): ComparisonPictures {
    return timeStage("renders", () => this.draw(change, faceRegion).pictures);
  }

  /** The comparison's pictures as PNGs. */
  private encode(pictures: ComparisonPictures): ComparisonRenders {
    return { front: encodeImage(pictures.front), side: encodeImage(pictures.side), sagittal_overlay: encodeImage(pictures.sagittal_overlay) };
  }

  /** Draws the pictures before now (they are drawn on first use otherwise): a caller can pause between this and the comparisons. */
  drawBefore(): void {
    timeStage("renders", () => VIEWS.forEach((view) => this.before(view)));
  }

  /** per view: the picture before as cast, as shown (upsampled to the size), and its pixels. */
  private before(view: View): { cast: Cast; shown: Cast; rgba: Uint8Array; png?: Buffer } {
    let b = this.beforeCasts.get(view);
    if (!b) {
      const cast = castShades(this.beforeScene, view, castSize(this.subject.image, view, this.size));
      const shown = upsampleCast(cast, this.size);
      this.beforeCasts.set(view, (b = { cast, shown, rgba: shadesRgba(shown) }));
    }
    return b;
  }

  /** the picture before on its own, as a PNG: encoded once, and only when asked for (`renders`; a report shows the panels). */
  private beforePng(view: View): Buffer {
    const b = this.before(view);
    return (b.png ??= this.encodeSquare(b.rgba));
  }

  /** A picture of this renderer's size as PNG. */
  private encodeSquare(rgba: Uint8Array): Buffer {
    return encodeImage({ width: this.size, height: this.size, rgba });
  }

  private get size(): number {
    return this.subject.size ?? RENDER_SIZE;
  }

  private draw(change: VoxelChange, faceRegion: Mask | undefined): { casts: Record<View, Cast>; pictures: ComparisonPictures } {
    const after = new SurfaceScene(this.subject.image, { iso: this.subject.iso, within: this.beforeScene.within, change, base: this.beforeScene });
    const casts = {} as Record<View, Cast>;
    const panels = (view: View): RgbaImage => {
      const before = this.before(view);
      const cast = (casts[view] = upsampleCast(castShades(after, view, before.cast.size, before.cast), this.size));
      return panelsImage([before.rgba, shadesRgba(cast), shadesRgba(cast, residualTint(before.shown, cast, faceRegion, this.step))], this.size);
    };
    if (!this.overlays.has(change.mask))
      this.overlays.set(
        change.mask,
        renderSagittalOverlay(this.subject.image, { mask: change.mask, roi: this.subject.roi, brain: this.subject.brain, rMm: this.midR }),
      );
    return { casts, pictures: { front: panels("front"), side: panels("side"), sagittal_overlay: this.overlays.get(change.mask)! } };
  }

  /** the rays' sampling step, mm (castShades): two hits this close are the same surface. */
  private get step(): number {
    return Math.min(...this.subject.image.spacing) * 0.8;
  }
}

/**
 * The residual panel's colour per pixel: red where the ray meets the face region's surface where it
 * met it before the defacing (the same skin, still there), grey elsewhere (other skin, and the new
 * surfaces a defacing cuts, which hide no identity).
 */
function residualTint(before: Cast, after: Cast, faceRegion: Mask | undefined, step: number): (p: number) => readonly number[] {
  return (p) => {
    const v = after.hitVoxel[p];
    const same = Math.abs(after.hitT[p] - before.hitT[p]) <= step;
    return faceRegion && v >= 0 && faceRegion[v] && same ? RESIDUAL_FACE : OTHER_SURFACE;
  };
}

/** The pictures of one defacing (see DefacingRenderer). */
export function defacingRenders(subject: RenderSubject, change: VoxelChange, faceRegion?: Mask): DefacingRenders {
  return new DefacingRenderer(subject).renders(change, faceRegion);
}

/** Mean world R of a mask's voxels (summed in raster order over its bounding box): the mid-sagittal plane of the brain (or head). */
function meanR(mask: Mask, grid: Volume): number | undefined {
  const box = maskBoundingBox(mask, grid.dims);
  if (!box) return undefined;
  const [nx, ny] = grid.dims;
  const a = grid.affine;
  let sum = 0;
  let n = 0;
  for (let k = box.lo[2]; k <= box.hi[2]; k++)
    for (let j = box.lo[1]; j <= box.hi[1]; j++)
      for (let i = box.lo[0], v = i + nx * (j + ny * k); i <= box.hi[0]; i++, v++) if (mask[v]) (sum += a[0] * i + a[1] * j + a[2] * k + a[3]), n++;
  return sum / n;
}
