import { describe, expect, it } from "vitest";
import { boxRuns, find, type RunBox } from "../../masks/runComponents.js";

/** The definition: per row, the maximal stretches of voxels whose (value ? 1 : 0) is `value`, read one by one. */
function runsByVoxel(mask: Uint8Array, box: RunBox, value: 0 | 1): [number, number][][] {
  const rows: [number, number][][] = [];
  for (let c = 0; c < box.nc; c++)
    for (let b = 0; b < box.nb; b++) {
      const row = box.base + b * box.sb + c * box.sc;
      const runs: [number, number][] = [];
      for (let a = 0; a < box.na; a++) {
        if ((mask[row + a * box.sa] ? 1 : 0) !== value) continue;
        if (runs.length && runs[runs.length - 1][1] === a) runs[runs.length - 1][1] = a + 1;
        else runs.push([a, a + 1]);
      }
      rows.push(runs);
    }
  return rows;
}

function runsOf(mask: Uint8Array, box: RunBox, value: 0 | 1): [number, number][][] {
  const r = boxRuns(mask, box, value);
  return Array.from({ length: box.nb * box.nc }, (_, row) =>
    Array.from({ length: r.rowFirst[row + 1] - r.rowFirst[row] }, (_, n) => [r.start[r.rowFirst[row] + n], r.end[r.rowFirst[row] + n]] as [number, number]),
  );
}

describe("boxRuns", () => {
  const [nx, ny, nz] = [37, 9, 5];
  let seed = 5;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  // long stretches of 0 and of 1 (whole words to skip), with bytes other than 1 among the set voxels
  const mask = new Uint8Array(nx * ny * nz);
  for (let v = 0, on = 0; v < mask.length; v++) {
    if (next() % 11 === 0) on = 1 - on;
    mask[v] = on ? (next() % 13 === 0 ? 255 : 1) : 0;
  }

  it("finds the runs a voxel-by-voxel scan finds, along memory and across it, whatever the box and the mask's alignment", () => {
    const boxes: RunBox[] = [
      { base: 0, na: nx, nb: ny, nc: nz, sa: 1, sb: nx, sc: nx * ny },
      { base: 3 + nx * 2 + nx * ny, na: 29, nb: 5, nc: 3, sa: 1, sb: nx, sc: nx * ny }, // starts off a word
      { base: 5, na: ny, nb: nz, nc: 1, sa: nx, sb: nx * ny, sc: 0 }, // a 2-D slice across memory
    ];
    const shifted = new Uint8Array(mask.length + 1).subarray(1); // byteOffset 1: no words
    shifted.set(mask);
    for (const [n, box] of boxes.entries())
      for (const value of [0, 1] as const) {
        expect(runsOf(mask, box, value), `box ${n}, value ${value}`).toEqual(runsByVoxel(mask, box, value));
        expect(runsOf(shifted, box, value), `box ${n}, value ${value}, unaligned`).toEqual(runsByVoxel(mask, box, value));
      }
  });

  it("joins runs that touch in a neighbouring row", () => {
    const m = new Uint8Array(4 * 2).fill(1, 0, 2).fill(1, 5, 7); // row 0: 0..1, row 1: 1..2 (overlap at 1)
    const r = boxRuns(m, { base: 0, na: 4, nb: 2, nc: 1, sa: 1, sb: 4, sc: 0 }, 1);
    expect(r.count).toBe(2);
    expect(find(r.parent, 1)).toBe(find(r.parent, 0));
  });
});
