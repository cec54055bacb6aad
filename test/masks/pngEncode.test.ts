import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { encodePng } from "../../masks/pngEncode.js";

describe("encodePng", () => {
  it("round-trips through an independent decoder (pngjs checks the chunk CRCs and the zlib stream)", () => {
    const width = 37;
    const height = 23;
    const rgba = new Uint8Array(4 * width * height);
    for (let p = 0; p < width * height; p++) {
      rgba[4 * p] = (p * 7) & 255;
      rgba[4 * p + 1] = (p * 13 + 5) & 255;
      rgba[4 * p + 2] = 255 - (p & 255);
      rgba[4 * p + 3] = p % 3 === 0 ? 255 : 128;
    }
    const png = PNG.sync.read(Buffer.from(encodePng(width, height, rgba)));
    expect([png.width, png.height]).toEqual([width, height]);
    expect(Buffer.compare(png.data, Buffer.from(rgba))).toBe(0);
  });

  it("writes opaque pixels as RGB (colour type 2), and they decode to the same pixels", () => {
    const width = 19;
    const height = 11;
    const rgba = new Uint8Array(4 * width * height);
    for (let p = 0; p < width * height; p++) rgba.set([(p * 11) & 255, (p * 3 + 7) & 255, (p * p) & 255, 255], 4 * p);
    const bytes = Buffer.from(encodePng(width, height, rgba));
    expect(bytes[8 + 8 + 9]).toBe(2); // IHDR's colour type: signature, length and type, then 9 bytes in
    const png = PNG.sync.read(bytes);
    expect(Buffer.compare(png.data, Buffer.from(rgba))).toBe(0);
    // one translucent pixel: RGBA
    rgba[4 * 5 + 3] = 254;
    expect(Buffer.from(encodePng(width, height, rgba))[8 + 8 + 9]).toBe(6);
    expect(Buffer.compare(PNG.sync.read(Buffer.from(encodePng(width, height, rgba))).data, Buffer.from(rgba))).toBe(0);
  });

  it("gives the same bytes for the same pixels and refuses a size that does not match", () => {
    const rgba = new Uint8Array(4 * 4 * 2).fill(200);
    expect(Buffer.from(encodePng(4, 2, rgba)).equals(Buffer.from(encodePng(4, 2, rgba.slice())))).toBe(true);
    expect(() => encodePng(3, 2, rgba)).toThrow(/32 bytes for 3x2/);
  });
});
