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
  const n = nx * ny * nz;
  const visited = new Uint8Array(n);
  const stack = new Int32Array(n);
  const dz = planar ? 0 : 1;
  const neighbours: [number, number, number][] = [];
  for (let k = -dz; k <= dz; k++)
    for (let j = -1; j <= 1; j++) for (let i = -1; i <= 1; i++) if (i || j || k) neighbours.push([i, j, k]);
  const nxy = nx * ny;

  for (let start = 0; start < n; start++) {
    const level = levels[start];
    if (level === 0 || visited[start]) continue;
    visited[start] = 1;
    let top = 0;
    stack[top++] = start;
    let size = 0;
    let minDistance = Infinity;
    while (top > 0) {
      const p = stack[--top];
      size++;
      if (distance && distance[p] < minDistance) minDistance = distance[p];
      const k = Math.floor(p / nxy);
      const r = p - k * nxy;
      const j = Math.floor(r / nx);
      const i = r - j * nx;
      for (const [di, dj, dk] of neighbours) {
        const ni = i + di, nj = j + dj, nk = k + dk;
        if (ni < 0 || ni >= nx || nj < 0 || nj >= ny || nk < 0 || nk >= nz) continue;
        const q = ni + nx * (nj + ny * nk);
        if (visited[q] || levels[q] !== level) continue;
        visited[q] = 1;
        stack[top++] = q;
      }
    }
    onZone(level, size, distance ? minDistance : 0, Math.floor(start / nxy));
  }
}
