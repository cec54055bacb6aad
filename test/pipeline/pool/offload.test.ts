import { afterAll, describe, expect, it } from "vitest";
import type { TopLevelSpec } from "vega-lite";
import { encodeImage } from "../../../masks/pngEncode.js";
import { chartSvg } from "../../../pipeline/report/html/charts.js";
import { pooledChartRenderer, pooledCtBrainMask, pooledPictureEncoder } from "../../../pipeline/pool/offload.js";
import { ctBrainMask } from "../../../masks/brainMaskCt.js";
import { toShared } from "../../../analysis/core/volume.js";
import { makeHeadPhantom } from "../../../fixtures/phantom/makeHeadPhantom.js";
import { closePool, onSharedPool, poolThreads, startPool } from "../../../pipeline/pool/runJobs.js";

describe("a run's brain mask, pictures and charts on its worker threads", () => {
  afterAll(closePool);
  const rgba = new Uint8Array(4 * 40 * 30);
  for (let p = 0; p < rgba.length; p++) rgba[p] = p % 4 === 3 ? 255 : (p * 2654435761) >>> 24;
  const picture = { width: 40, height: 30, rgba };
  const spec: TopLevelSpec = {
    data: { values: [{ x: 1, y: 2 }, { x: 2, y: 5 }, { x: 3, y: 4 }] },
    mark: "line",
    encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
  };

  const ph = makeHeadPhantom({ kind: "ct", seed: 2, dims: [64, 64, 64], spacing: [3, 3, 3] });
  const image = { ...ph.image, data: toShared(ph.image.data) };

  it("are the bytes this thread would make, from a worker when there is a pool, here when there is none", async () => {
    const png = encodeImage(picture);
    const svg = await chartSvg(spec);
    const brain = Buffer.from(ctBrainMask(image));
    expect(brain.includes(1)).toBe(true);
    expect(poolThreads()).toBe(0);
    expect(onSharedPool("png", picture)).toBeUndefined();
    expect((await pooledPictureEncoder(picture)).equals(png)).toBe(true);
    expect(await pooledChartRenderer(spec)).toBe(svg);
    expect(Buffer.from(await pooledCtBrainMask(image)).equals(brain)).toBe(true);

    await startPool(2, 2);
    expect(poolThreads()).toBe(2);
    // straight from a worker (a Buffer crosses as a Uint8Array), then through the encoder
    expect(Buffer.from((await onSharedPool<Uint8Array>("png", picture))!).equals(png)).toBe(true);
    expect(await onSharedPool<string>("chart", spec)).toBe(svg);
    const pooled = await pooledPictureEncoder(picture);
    expect(Buffer.isBuffer(pooled) && pooled.equals(png)).toBe(true);
    expect(await pooledChartRenderer(spec)).toBe(svg);
    const { buffer, byteOffset, byteLength } = image.data;
    const task = { buffer, type: "Int16Array", dims: image.dims, spacing: image.spacing, affine: image.affine };
    expect(image.data).toBeInstanceOf(Int16Array);
    expect([byteOffset, byteLength]).toEqual([0, buffer.byteLength]);
    expect(Buffer.from((await onSharedPool<Uint8Array>("ctBrain", task))!).equals(brain)).toBe(true);
    expect(Buffer.from(await pooledCtBrainMask(image)).equals(brain)).toBe(true);
    // an image outside shared memory is not copied for a worker: its mask is built here
    expect(Buffer.from(await pooledCtBrainMask(ph.image)).equals(brain)).toBe(true);
  });
});
