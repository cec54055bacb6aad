import { describe, expect, it } from "vitest";
import { buildFaceMask } from "../../../masks/faceMask.js";
import { defaceFillValues } from "../../../masks/defaceFill.js";
import { encodeImage, type RgbaImage } from "../../../masks/pngEncode.js";
import { DefacingRenderer } from "../../../masks/render.js";
import { drawDefacingRenders, type ConditionToRender } from "../../../pipeline/run/defacingConditions.js";
import { syntheticHead } from "../../masks/syntheticHead.js";

describe("drawDefacingRenders", () => {
  const h = syntheticHead();
  const roi = new Uint8Array(h.brain.length);
  roi[h.brain.indexOf(1) + 10 * 48 * 56 + 10 * 48 + 8] = 1;
  const result = buildFaceMask(h.image, {
    source: { kind: "mask", mask: h.face, name: "face" },
    fill: { kind: "min" },
    brain: { mask: h.brain, name: "brain" },
    roi,
    roiName: "roi",
    modality: "mr",
  });
  // two fills of one mask (air, and skin-dense tissue the face stays visible in): they share the mid-sagittal overlay
  const skin = defaceFillValues({ kind: "constant", value: 60 }, h.image, result.indices, { mask: result.mask, head: result.head, seed: 1 });
  const toRender: ConditionToRender[] = [
    { condition: "defaced-min", change: { mask: result.mask, indices: result.indices, values: result.fillValues }, result },
    { condition: "defaced-skin", change: { mask: result.mask, indices: result.indices, values: skin }, result },
  ];

  it("encodes elsewhere the same bytes it encodes here, a shared overlay once, and the last picture here", async () => {
    const here = await drawDefacingRenders(h.image, toRender, roi);
    const sent: RgbaImage[] = [];
    const elsewhere = await drawDefacingRenders(h.image, toRender, roi, undefined, undefined, async (picture) => {
      sent.push(picture);
      return encodeImage(picture);
    });
    expect(elsewhere.map((c) => c.condition)).toEqual(["defaced-min", "defaced-skin"]);
    for (const [n, c] of elsewhere.entries()) {
      expect(Object.keys(c.renders)).toEqual(["front", "side", "sagittal_overlay"]);
      for (const view of ["front", "side", "sagittal_overlay"] as const) expect(c.renders[view].equals(here[n].renders[view]), `${c.condition} ${view}`).toBe(true);
    }
    // front, side and the overlay of the first fill; the second fill's front (its overlay is the
    // first's, its side is encoded here while the worker encodes its front)
    expect(sent).toHaveLength(4);
    expect(new Set(sent).size).toBe(4);
    expect(here[1].renders.sagittal_overlay.equals(here[0].renders.sagittal_overlay)).toBe(true);
    expect(here[1].renders.front.equals(here[0].renders.front)).toBe(false);
  });

  it("gives the pictures a renderer draws on its own (deface's renders)", async () => {
    const [drawn] = await drawDefacingRenders(h.image, toRender.slice(0, 1), roi);
    const renderer = new DefacingRenderer({ image: h.image, iso: result.headThreshold, head: result.head, headGrown: result.headGrown, roi, brain: result.brain });
    const alone = renderer.renders(toRender[0].change, result.faceRegion);
    for (const view of ["front", "side", "sagittal_overlay"] as const) expect(drawn.renders[view].equals(alone[view]), view).toBe(true);
  });
});
