import type { Mask, Volume } from "../analysis/core/volume.js";
import { maskBoundingBox } from "../analysis/processing/crop.js";
import { timeStage } from "../analysis/core/stageTimes.js";
import { dilate } from "./morphology.js";
import { renderSagittalOverlayPng } from "./sagittalOverlay.js";
import type { VoxelChange } from "./smoothedField.js";
import { type Cast, castShades, shadesPng, SurfaceScene, type View } from "./surfaceRender.js";

/**
 * Pictures that let a person judge a defacing: the skin surface ray-cast from the front and from
 * the side before and after (surfaceRender.ts), and a mid-sagittal slice with the face mask and the
 * ROI overlaid (sagittalOverlay.ts).
 */
export { renderSagittalOverlayPng, type SagittalOverlayOptions } from "./sagittalOverlay.js";
export { renderSurfacePng, renderSurfaceShades, type SurfaceRenderOptions, type View } from "./surfaceRender.js";
export type { VoxelChange } from "./smoothedField.js";

export interface DefacingRenders {
  front_before: Buffer;
  front_after: Buffer;
  side_before: Buffer;
  side_after: Buffer;
  sagittal_overlay: Buffer;
}

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
  /** picture size in pixels (default 256). */
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
  private before!: SurfaceScene;
  private readonly beforeCasts = new Map<View, { cast: Cast; png: Buffer }>();
  private readonly overlays = new Map<Mask, Buffer>();
  private midR: number | undefined;

  constructor(private readonly subject: RenderSubject) {
    timeStage("renders", () => this.prepare());
  }

  private prepare(): void {
    const subject = this.subject;
    const within = subject.headGrown ?? dilate(subject.head, subject.image, 5);
    this.before = new SurfaceScene(subject.image, { iso: subject.iso, within });
    const brain = subject.brain;
    this.midR = (brain && meanR(brain, subject.image)) ?? meanR(subject.head, subject.image);
  }

  renders(change: VoxelChange): DefacingRenders {
    return timeStage("renders", () => this.draw(change));
  }

  private draw(change: VoxelChange): DefacingRenders {
    const after = new SurfaceScene(this.subject.image, { iso: this.subject.iso, within: this.before.within, change, base: this.before });
    const before = (view: View) => {
      let b = this.beforeCasts.get(view);
      if (!b) {
        const cast = castShades(this.before, view, this.subject.size);
        this.beforeCasts.set(view, (b = { cast, png: shadesPng(cast) }));
      }
      return b;
    };
    const afterPng = (view: View) => shadesPng(castShades(after, view, this.subject.size, before(view).cast));
    if (!this.overlays.has(change.mask))
      this.overlays.set(
        change.mask,
        renderSagittalOverlayPng(this.subject.image, { mask: change.mask, roi: this.subject.roi, brain: this.subject.brain, rMm: this.midR }),
      );
    return {
      front_before: before("front").png,
      front_after: afterPng("front"),
      side_before: before("side").png,
      side_after: afterPng("side"),
      sagittal_overlay: this.overlays.get(change.mask)!,
    };
  }
}

/** The pictures of one defacing (see DefacingRenderer). */
export function defacingRenders(subject: RenderSubject, change: VoxelChange): DefacingRenders {
  return new DefacingRenderer(subject).renders(change);
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
