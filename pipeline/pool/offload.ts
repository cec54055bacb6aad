import type { TopLevelSpec } from "vega-lite";
import type { Volume } from "../../analysis/core/volume.js";
import { ctBrainMask } from "../../masks/brainMaskCt.js";
import type { RgbaImage } from "../../masks/pngEncode.js";
import { encodeHere, type PictureEncoder } from "../../masks/render.js";
import { chartSvg } from "../report/html/charts.js";
import type { CtBrainMaskBuilder } from "../run/premadeMasks.js";
import { shareVolume } from "./featureJob.js";
import { onSharedPool } from "./runJobs.js";

/**
 * What `run` hands its worker threads besides the feature jobs, when it has some (worker.ts runs
 * them): a CT image's brain mask, the renders' PNGs, the report's charts. Each is done here when
 * there is no pool, or when its worker is lost (the thread died). The same functions run in both
 * places, so the bytes are the same.
 */

/**
 * A CT image's automatic brain mask, built on a worker while the main thread builds the head's masks
 * (pipeline/run/premadeMasks.ts) when the image is in shared memory (as run reads it): never copied.
 */
export const pooledCtBrainMask: CtBrainMaskBuilder = async (image: Volume) => {
  const { data } = image;
  const shared = data.buffer instanceof SharedArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  const task = shared ? onSharedPool<Uint8Array>("ctBrain", { ...shareVolume(data, image.dims, image.spacing), affine: image.affine }) : undefined;
  return (await task?.catch(() => undefined)) ?? ctBrainMask(image);
};

/** A picture's PNG, encoded on a worker (once its feature jobs are done) while the main thread draws the next. */
export const pooledPictureEncoder: PictureEncoder = async (picture: RgbaImage) => {
  const png = await onSharedPool<Uint8Array>("png", picture)?.catch(() => undefined);
  // a Buffer crosses threads as a plain Uint8Array
  return png ? Buffer.from(png.buffer, png.byteOffset, png.byteLength) : encodeHere(picture);
};

/** A report chart's SVG, drawn on a worker while the main thread still draws the renders. */
export async function pooledChartRenderer(spec: TopLevelSpec): Promise<string> {
  return (await onSharedPool<string>("chart", spec)?.catch(() => undefined)) ?? chartSvg(spec);
}

/** Has a worker load the chart renderer now, while the workers wait for their first jobs. */
export function warmPoolForReport(): void {
  onSharedPool("warm", undefined)?.catch(() => {}); // a failure shows again at the first chart
}
