import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import type { Volume } from "../../analysis/core/volume.js";
import { maskIndices } from "../../masks/uniformFill.js";
import { DefacingRenderer, RESIDUAL_FACE, renderSurfaceShades } from "../../masks/render.js";
import { syntheticHead } from "./syntheticHead.js";

/** A binary ball (1000 inside, 0 outside) of radius r mm centred in a 100 mm cube sampled at 1 × 1 × sz mm. */
function ball(r: number, sz: number): Volume {
  const dims: [number, number, number] = [100, 100, Math.ceil(100 / sz)];
  const data = new Float32Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0, v = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++, v++) data[v] = (i - 50) ** 2 + (j - 50) ** 2 + (sz * k - 50) ** 2 <= r * r ? 1000 : 0;
  return { data, dims, spacing: [1, 1, sz], affine: [1, 0, 0, -50, 0, 1, 0, -50, 0, 0, sz, -50, 0, 0, 0, 1] };
}

describe("skin renders: resolution, shading, one camera", () => {
  it("shade a thick-slice ball smoothly: neighbouring rows differ as a sphere's shading does, without bands at the slices", () => {
    const r = 40;
    // 3 mm slices of a binary ball: its iso-surface steps at every slice (the worst case for banding)
    const { shades, size } = renderSurfaceShades(ball(r, 3), { iso: 500, view: "front" });
    expect(size).toBeGreaterThanOrEqual(512);
    // a pixel spans `pixel` mm; across the cap facing the viewer (within about 58° of the view) a
    // smooth sphere's Lambert shade changes by at most about pixel / r per row
    const pixel = 99 / size;
    const smooth = pixel / r;
    let pairs = 0;
    let steep = 0;
    let largest = 0;
    for (let py = 1; py < size; py++)
      for (let px = 0; px < size; px++) {
        const a = shades[px + size * py];
        const b = shades[px + size * (py - 1)];
        const u = (px + 0.5) * pixel - 49.5;
        const w = (py + 0.5) * pixel - 49.5;
        if (a < 0 || b < 0 || u * u + w * w > (0.85 * r) ** 2) continue;
        const d = Math.abs(a - b);
        pairs++;
        if (d > 4 * smooth) steep++;
        largest = Math.max(largest, d);
      }
    expect(pairs).toBeGreaterThan(90_000);
    // with normals from the light field over ±1 voxel the slice steps show (1.5 % of the pairs)
    expect(steep / pairs).toBeLessThan(0.005);
    expect(largest).toBeLessThan(0.05);
  });

  it("puts before, after and the residual face side by side with one camera", () => {
    const h = syntheticHead();
    const renderer = new DefacingRenderer({ image: h.image, iso: 30, head: h.head });
    const air = (mask: Uint8Array) => {
      const indices = maskIndices(mask);
      return { mask, indices, values: new Float64Array(indices.length).fill(5) };
    };
    // a change nobody can see (one voxel deep inside the brain), and the face removed
    const hidden = new Uint8Array(h.brain.length);
    hidden[h.brain.indexOf(1) + 2 * 48 * 56] = 1;
    const decode = (png: Buffer) => PNG.sync.read(png);
    const unseen = renderer.renders(air(hidden), h.face);
    const defaced = renderer.renders(air(h.face), h.face);
    for (const { front, side, front_before } of [unseen, defaced]) {
      for (const png of [decode(front), decode(side)]) {
        expect(png.height).toBe(512);
        expect(png.width).toBe(3 * 512 + 2 * 8);
      }
      // the left panel is the picture before, pixel for pixel
      const panel = decode(front);
      const before = decode(front_before);
      for (let y = 0; y < 512; y += 7) expect(Buffer.compare(panel.data.subarray(4 * panel.width * y, 4 * (panel.width * y + 512)), before.data.subarray(4 * 512 * y, 4 * 512 * (y + 1)))).toBe(0);
    }
    // same camera: an invisible change leaves the after panel identical to the before panel
    const same = decode(unseen.side);
    for (let y = 0; y < 512; y++) {
      const row = 4 * same.width * y;
      expect(Buffer.compare(same.data.subarray(row, row + 4 * 512), same.data.subarray(row + 4 * 520, row + 4 * 1032))).toBe(0);
    }
    // the residual panel: red where facial skin stays, and none once the face is gone
    const red = (png: PNG) => {
      let n = 0;
      for (let y = 0; y < 512; y++)
        for (let x = 1040; x < 1552; x++) {
          const o = 4 * (png.width * y + x);
          const [r, g, b] = [png.data[o], png.data[o + 1], png.data[o + 2]];
          if (r > 40 && Math.abs(g / r - RESIDUAL_FACE[1]) < 0.05 && Math.abs(b / r - RESIDUAL_FACE[2]) < 0.05) n++;
        }
      return n;
    };
    expect(red(decode(unseen.front))).toBeGreaterThan(2000);
    expect(red(decode(defaced.front))).toBeLessThan(red(decode(unseen.front)) / 20);
  });
});
