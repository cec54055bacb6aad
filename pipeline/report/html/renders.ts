import { DefaceImpactError } from "../../../analysis/core/errors.js";
import { escapeHtml, section } from "./format.js";
import type { ReportRender } from "./types.js";

const MAX_HEIGHT = 320;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR chunk; fails on anything that is not a PNG. */
export function pngSize(png: Uint8Array, name: string): { width: number; height: number } {
  if (png.length < 24 || PNG_SIGNATURE.some((b, i) => png[i] !== b)) throw new DefaceImpactError("internal", `HTML report: render "${name}" is not a PNG`);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Section 6: the defacing step's pictures, inline as data: URIs. */
export function rendersSection(renders: readonly ReportRender[] | undefined): string {
  if (!renders?.length) return "";
  const figures = renders.map((r) => {
    const { width, height } = pngSize(r.png, r.name);
    const src = `data:image/png;base64,${Buffer.from(r.png.buffer, r.png.byteOffset, r.png.byteLength).toString("base64")}`;
    const caption = r.caption ?? r.name.replace(/_/g, " ");
    // Shown at most MAX_HEIGHT px high; the figure takes the picture's width so the caption wraps under it.
    const shown = Math.round(width * Math.min(1, MAX_HEIGHT / height));
    return `<figure class="render" style="width:${shown}px"><img src="${src}" width="${width}" height="${height}" alt="${escapeHtml(caption)}"><figcaption>${escapeHtml(caption)}</figcaption></figure>`;
  });
  return section("renders", "Defacing renders", `<div class="renders">\n${figures.join("\n")}\n</div>`);
}
