import type { Vec3 } from "../../core/volume.js";
import { EDGE_AXIS, EDGE_CORNERS, TRIANGLES } from "./marchingCubesTable.js";

/**
 * A closed triangle mesh of a binary mask's surface. Vertices sit on grid edges between an inside
 * and an outside voxel centre; `grid2` holds them in doubled voxel units (exact integers: 2*index
 * along the other axes, 2*index+1 along the edge's axis, relative to the mask's first voxel), so
 * exact predicates (the convex hull) can work on them. `vertices` are the same points in mm.
 */
export interface SurfaceMesh {
  /** x, y, z per vertex (mm, voxel (0,0,0) at the origin). */
  vertices: Float64Array;
  /** doubled voxel coordinates per vertex (integers). */
  grid2: Int32Array;
  /** vertex indices, three per triangle, normals by the right-hand rule pointing outwards. */
  triangles: Uint32Array;
}

/**
 * Marching cubes on a binary mask padded with a border of zeros, iso-level 0.5 (IBSI WRJH): every
 * vertex lies half-way between a mask voxel centre and a non-mask voxel centre.
 */
export function marchingCubes(mask: Uint8Array, dims: Vec3, spacing: Vec3): SurfaceMesh {
  const [nx, ny, nz] = dims;
  // Padded grid: index (i+1) + px*((j+1) + py*(k+1)) for i in -1..nx.
  const px = nx + 2;
  const py = ny + 2;
  const pz = nz + 2;
  const padded = new Uint8Array(px * py * pz);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const src = nx * (j + ny * k);
      const dst = 1 + px * (j + 1 + py * (k + 1));
      for (let i = 0; i < nx; i++) padded[dst + i] = mask[src + i] ? 1 : 0;
    }
  }
  // Vertex id per (grid point, axis), created on first use. A cell layer touches two grid planes
  // only, so two plane-sized tables (used alternately) suffice: memory O(px*py), not O(volume).
  const plane = px * py;
  const vertexOf = new Int32Array(2 * 3 * plane).fill(-1);
  const grid2: number[] = [];
  const triangles: number[] = [];
  const cornerOffset = [0, 1, px, px + 1, px * py, px * py + 1, px * py + px, px * py + px + 1];

  for (let k = 0; k < pz - 1; k++) {
    // Plane k+1 reuses the table of plane k-1.
    vertexOf.fill(-1, 3 * plane * ((k + 1) % 2), 3 * plane * ((k + 1) % 2 + 1));
    for (let j = 0; j < py - 1; j++) {
      let p = px * (j + py * k);
      for (let i = 0; i < px - 1; i++, p++) {
        let config = 0;
        for (let c = 0; c < 8; c++) config |= padded[p + cornerOffset[c]] << c;
        if (config === 0 || config === 255) continue;
        const tris = TRIANGLES[config];
        for (let t = 0; t < tris.length; t++) {
          const e = tris[t];
          const c0 = EDGE_CORNERS[e][0];
          const axis = EDGE_AXIS[e];
          const zq = k + ((c0 >> 2) & 1); // grid plane of the edge's first corner
          const key = 3 * (p + cornerOffset[c0] - plane * zq + plane * (zq & 1)) + axis;
          let v = vertexOf[key];
          if (v < 0) {
            v = grid2.length / 3;
            vertexOf[key] = v;
            // Doubled coordinates relative to voxel (0,0,0) (padded index minus one).
            grid2.push(
              2 * (i + (c0 & 1) - 1) + (axis === 0 ? 1 : 0),
              2 * (j + ((c0 >> 1) & 1) - 1) + (axis === 1 ? 1 : 0),
              2 * (k + ((c0 >> 2) & 1) - 1) + (axis === 2 ? 1 : 0),
            );
          }
          triangles.push(v);
        }
      }
    }
  }
  const g = Int32Array.from(grid2);
  const vertices = new Float64Array(g.length);
  const half: Vec3 = [spacing[0] / 2, spacing[1] / 2, spacing[2] / 2];
  for (let v = 0; v < g.length; v += 3) {
    vertices[v] = g[v] * half[0];
    vertices[v + 1] = g[v + 1] * half[1];
    vertices[v + 2] = g[v + 2] * half[2];
  }
  return { vertices, grid2: g, triangles: Uint32Array.from(triangles) };
}
