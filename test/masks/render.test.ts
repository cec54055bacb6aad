import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { renderSagittalOverlayPng, renderSurfaceShades } from "../../masks/render.js";
import { reorient, syntheticHead } from "./syntheticHead.js";

describe("renders", () => {
  const h = syntheticHead();
  const iso = 30;

  it("shows the same picture whatever the voxel order (laid out in world coordinates)", () => {
    const ras = renderSurfaceShades(h.image, { iso, view: "side", size: 64 });
    const lps = reorient(h, ["head"], [0, 1, 2], [true, true, false]);
    const sag = reorient(h, ["head"], [1, 2, 0], [false, true, false]);
    for (const other of [lps, sag]) {
      const r = renderSurfaceShades(other.image, { iso, view: "side", size: 64 });
      let differ = 0;
      for (let p = 0; p < r.shades.length; p++) if (Math.abs(r.shades[p] - ras.shades[p]) > 1e-3) differ++;
      expect(differ).toBe(0);
    }
  });

  it("puts the face on the right in the side view and the top of the head up", () => {
    const { shades, size } = renderSurfaceShades(h.image, { iso, view: "side", size: 64 });
    const hit = (px: number, py: number) => shades[px + size * py] >= 0;
    // 64 px over 110 mm: the head ends at column 58 (A = 46 mm), the nose (A up to 52 mm, S from
    // -22 to 2 mm, i.e. rows 31-44) sticks out to the right below the head's centre
    const noseRows: number[] = [];
    for (let py = 0; py < size; py++) if (hit(61, py)) noseRows.push(py);
    expect(noseRows.length).toBeGreaterThan(5);
    expect(Math.min(...noseRows)).toBeGreaterThanOrEqual(30);
    expect(Math.max(...noseRows)).toBeLessThanOrEqual(45);
    // nothing that far out at the back of the head
    for (const py of noseRows) expect(hit(2, py)).toBe(false);
    // the top rows are above the head: background
    expect(hit(size / 2, 0)).toBe(false);
  });

  it("loses the nose once the face is removed", () => {
    const defaced = { ...h.image, data: h.image.data.map((v, i) => (h.face[i] ? 5 : v)) };
    const before = renderSurfaceShades(h.image, { iso, view: "side", size: 64 });
    const after = renderSurfaceShades(defaced, { iso, view: "side", size: 64 });
    const count = (s: Float32Array) => s.reduce((n, v, p) => n + (v >= 0 && p % 64 >= 60 ? 1 : 0), 0);
    expect(count(before.shades)).toBeGreaterThan(0);
    expect(count(after.shades)).toBe(0);
  });

  it("overlays the mask in red on the mid-sagittal slice", () => {
    const png = PNG.sync.read(Buffer.from(renderSagittalOverlayPng(h.image, { mask: h.face })));
    let red = 0;
    for (let p = 0; p < png.data.length; p += 4) if (png.data[p] > png.data[p + 1] + 60) red++;
    expect(red).toBeGreaterThan(20);
    expect(png.width).toBeGreaterThan(png.height * 0.8); // anterior-posterior across, superior-inferior up
  });

  it("shows an ROI lying off the midline, projected onto the slice in green", () => {
    const roi = new Uint8Array(h.brain.length);
    const [nx, ny] = h.image.dims;
    roi[8 + nx * (20 + ny * 35)] = 1; // x = -31 mm: far from the mid-sagittal plane
    const green = (bytes: Uint8Array) => {
      const png = PNG.sync.read(Buffer.from(bytes));
      let n = 0;
      for (let p = 0; p < png.data.length; p += 4) if (png.data[p + 1] > png.data[p] + 60) n++;
      return n;
    };
    expect(green(renderSagittalOverlayPng(h.image, { roi }))).toBeGreaterThan(0);
    expect(green(renderSagittalOverlayPng(h.image, {}))).toBe(0);
  });
});
