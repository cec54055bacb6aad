import { afterAll, describe, expect, it } from "vitest";
import type { TopLevelSpec } from "vega-lite";
import { encodeImage } from "../../../masks/pngEncode.js";
import { chartSvg } from "../../../pipeline/report/html/charts.js";
import { pooledChartRenderer, pooledPictureEncoder } from "../../../pipeline/pool/pooledReport.js";
import { closePool, onSharedPool, poolThreads, startPool } from "../../../pipeline/pool/runJobs.js";

describe("a run's pictures and charts on its worker threads", () => {
  afterAll(closePool);
  const rgba = new Uint8Array(4 * 40 * 30);
  for (let p = 0; p < rgba.length; p++) rgba[p] = p % 4 === 3 ? 255 : (p * 2654435761) >>> 24;
  const picture = { width: 40, height: 30, rgba };
  const spec: TopLevelSpec = {
    data: { values: [{ x: 1, y: 2 }, { x: 2, y: 5 }, { x: 3, y: 4 }] },
    mark: "line",
    encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
  };

  it("are the bytes this thread would make, from a worker when there is a pool, here when there is none", async () => {
    const png = encodeImage(picture);
    const svg = await chartSvg(spec);
    expect(poolThreads()).toBe(0);
    expect(onSharedPool("png", picture)).toBeUndefined();
    expect((await pooledPictureEncoder(picture)).equals(png)).toBe(true);
    expect(await pooledChartRenderer(spec)).toBe(svg);

    await startPool(2, 2);
    expect(poolThreads()).toBe(2);
    // straight from a worker (a Buffer crosses as a Uint8Array), then through the encoder
    expect(Buffer.from((await onSharedPool<Uint8Array>("png", picture))!).equals(png)).toBe(true);
    expect(await onSharedPool<string>("chart", spec)).toBe(svg);
    const pooled = await pooledPictureEncoder(picture);
    expect(Buffer.isBuffer(pooled) && pooled.equals(png)).toBe(true);
    expect(await pooledChartRenderer(spec)).toBe(svg);
  });
});
