import type { TopLevelSpec } from "vega-lite";
import type { RgbaImage } from "../../masks/pngEncode.js";
import { chartSvg } from "../report/html/charts.js";
import { encodeHere, type PictureEncoder } from "../../masks/render.js";
import { onSharedPool } from "./runJobs.js";

/**
 * A report's pictures and charts drawn on the command's worker threads when it has some (run, once
 * its feature jobs are done, encodes the renders' PNGs and draws the charts there while its main
 * thread still draws the renders), here otherwise. The same functions run in both places, so the
 * bytes are the same. A task lost with its worker (the thread died) is done here instead.
 */
export const pooledPictureEncoder: PictureEncoder = async (picture: RgbaImage) => {
  const png = await onSharedPool<Uint8Array>("png", picture)?.catch(() => undefined);
  // a Buffer crosses threads as a plain Uint8Array
  return png ? Buffer.from(png.buffer, png.byteOffset, png.byteLength) : encodeHere(picture);
};

export async function pooledChartRenderer(spec: TopLevelSpec): Promise<string> {
  return (await onSharedPool<string>("chart", spec)?.catch(() => undefined)) ?? chartSvg(spec);
}

/** Has a worker load the chart renderer now, while the workers wait for their first jobs. */
export function warmPoolForReport(): void {
  onSharedPool("warm", undefined)?.catch(() => {}); // a failure shows again at the first chart
}
