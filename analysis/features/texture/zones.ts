import type { TextureGrid } from "./grid.js";

/**
 * Finds every zone (connected group of equal grey level: 26-connected in 3D, 8-connected within a
 * slice when `planar`) by flood fill, O(voxels x neighbours), and reports its grey level, size,
 * smallest value of `distance` over its voxels (0 when no map is given) and the slice k of its
 * first voxel. In planar mode zones are reported slice by slice, in increasing k.
 */
export function forEachZone(
  g: TextureGrid,
  planar: boolean,
  distance: Int32Array | null,
  onZone: (level: number, size: number, minDistance: number, k: number) => void,
): void {
  const { levels, nx, ny, nz } = g;
  const nxy = nx * ny;
  const n = nxy * nz;
  const visited = new Uint8Array(n);
  const stack = new Int32Array(n);
  const dz = planar ? 0 : 1;
  const di: number[] = [], dj: number[] = [], dk: number[] = [], dp: number[] = [];
  for (let k = -dz; k <= dz; k++)
    for (let j = -1; j <= 1; j++)
      for (let i = -1; i <= 1; i++)
        if (i || j || k) {
          di.push(i);
          dj.push(j);
          dk.push(k);
          dp.push(i + nx * (j + ny * k));
        }
  const nb = dp.length;
  const offI = Int32Array.from(di), offJ = Int32Array.from(dj), offK = Int32Array.from(dk), offP = Int32Array.from(dp);

  // Voxels whose neighbourhood leaves the box need bounds checks; the others (most) do not.
  const onBorder = new Uint8Array(n);
  for (let k = 0, p = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, p++)
        onBorder[p] = i === 0 || i === nx - 1 || j === 0 || j === ny - 1 || (!planar && (k === 0 || k === nz - 1)) ? 1 : 0;

  for (let start = 0; start < n; start++) {
    const level = levels[start];
    if (level === 0 || visited[start]) continue;
    visited[start] = 1;
    let top = 0;
    stack[top++] = start;
    let size = 0;
    let minDistance = 0x7fffffff;
    while (top > 0) {
      const p = stack[--top];
      size++;
      if (distance !== null && distance[p] < minDistance) minDistance = distance[p];
      if (onBorder[p] === 0) {
        for (let o = 0; o < nb; o++) {
          const q = p + offP[o];
          if (visited[q] === 0 && levels[q] === level) {
            visited[q] = 1;
            stack[top++] = q;
          }
        }
        continue;
      }
      const k = (p / nxy) | 0;
      const r = p - k * nxy;
      const j = (r / nx) | 0;
      const i = r - j * nx;
      for (let o = 0; o < nb; o++) {
        const ni = i + offI[o], nj = j + offJ[o], nk = k + offK[o];
        if (ni < 0 || ni >= nx || nj < 0 || nj >= ny || nk < 0 || nk >= nz) continue;
        const q = p + offP[o];
        if (visited[q] === 0 && levels[q] === level) {
          visited[q] = 1;
          stack[top++] = q;
        }
      }
    }
    onZone(level, size, distance !== null ? minDistance : 0, (start / nxy) | 0);
  }
}
