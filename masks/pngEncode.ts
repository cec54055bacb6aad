import { createRequire } from "node:module";
import type { PNG as PngClass } from "pngjs";

/** pngjs, loaded when the first picture is encoded (commands that draw none never load it). */
let png: typeof PngClass | undefined;
const pngjs = (): typeof PngClass => (png ??= (createRequire(import.meta.url)("pngjs") as { PNG: typeof PngClass }).PNG);

/**
 * Encodes width × height RGBA pixels (4 bytes each, row by row) as a PNG file. One filter (Paeth)
 * for every row instead of trying all five per row: as small for renders and slices, twice as fast.
 */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const PNG = pngjs();
  const image = new PNG({ width, height, filterType: 4 });
  image.data.set(rgba);
  return PNG.sync.write(image, { filterType: 4 });
}
