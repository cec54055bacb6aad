import * as portable from "../../core/portableMath.js";

/**
 * Marching-cubes case table, generated at load time instead of typed in (the classic 256-case
 * tables are error-prone to transcribe). For each of the 256 corner configurations it lists the
 * triangles as triples of local cube-edge indices.
 *
 * Construction: on each cube face the iso-contour is a set of segments joining edge crossings.
 * Ambiguous faces (two diagonal inside corners) always separate the inside corners, the same rule
 * on both sides of every face, so neighbouring cubes agree and the mesh is closed (the surface of
 * the 6-connected foreground). Segments are oriented so that, seen from outside the cube, the
 * inside corners lie on their right; chaining them gives polygons whose right-hand-rule normals
 * point from inside (mask = 1) to outside, so every triangle is consistently oriented (IBSI WRJH).
 * Each polygon is cut into its largest-area fan (see fanWithLargestArea).
 *
 * Corner c has offset (c & 1, (c >> 1) & 1, (c >> 2) & 1). Edge e joins EDGE_CORNERS[e][0] (the
 * corner with the lower coordinate) to EDGE_CORNERS[e][1] along axis EDGE_AXIS[e].
 */
export const EDGE_CORNERS: readonly (readonly [number, number])[] = buildEdges();
export const EDGE_AXIS: readonly number[] = EDGE_CORNERS.map(([a, b]) => portable.log2(b - a));

/** TRIANGLES[config] = flat list of local edge indices, three per triangle. */
export const TRIANGLES: readonly Int8Array[] = buildTable();

function buildEdges(): [number, number][] {
  const edges: [number, number][] = [];
  for (let axis = 0; axis < 3; axis++) {
    for (let c = 0; c < 8; c++) if (!(c & (1 << axis))) edges.push([c, c | (1 << axis)]);
  }
  return edges;
}

function edgeIndex(c0: number, c1: number): number {
  const lo = Math.min(c0, c1);
  const hi = Math.max(c0, c1);
  const e = EDGE_CORNERS.findIndex(([a, b]) => a === lo && b === hi);
  if (e < 0) throw new Error(`corners ${c0} and ${c1} do not share an edge`);
  return e;
}

/** The 6 faces as corner cycles, counter-clockwise seen from outside the cube. */
function faceCycles(): number[][] {
  const faces: number[][] = [];
  for (let a = 0; a < 3; a++) {
    const u = (a + 1) % 3;
    const v = (a + 2) % 3;
    for (const s of [0, 1]) {
      // (u, v) square traversed CCW around +e_a (e_u x e_v = e_a); reversed for the face at s = 0.
      const uv = [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
      ];
      const cycle = uv.map(([bu, bv]) => (s << a) | (bu << u) | (bv << v));
      faces.push(s === 1 ? cycle : cycle.reverse());
    }
  }
  return faces;
}

function buildTable(): Int8Array[] {
  const faces = faceCycles();
  const table: Int8Array[] = [];
  for (let config = 0; config < 256; config++) {
    const inside = (c: number) => (config >> c) & 1;
    // next[edge] = the edge the contour goes to after crossing `edge`.
    const next = new Int8Array(12).fill(-1);
    for (const q of faces) {
      for (let t = 0; t < 4; t++) {
        if (inside(q[t]) || !inside(q[(t + 1) % 4])) continue;
        // An in-run starts after corner t; it ends at the first outside corner.
        let s = (t + 1) % 4;
        while (inside(q[(s + 1) % 4])) s = (s + 1) % 4;
        next[edgeIndex(q[t], q[(t + 1) % 4])] = edgeIndex(q[s], q[(s + 1) % 4]);
      }
    }
    const tris: number[] = [];
    const seen = new Uint8Array(12);
    for (let e = 0; e < 12; e++) {
      if (next[e] < 0 || seen[e]) continue;
      const polygon: number[] = [];
      for (let cur = e; !seen[cur]; cur = next[cur]) {
        seen[cur] = 1;
        polygon.push(cur);
      }
      tris.push(...fanWithLargestArea(polygon));
    }
    table.push(Int8Array.from(tris));
  }
  return table;
}

/** Midpoint of a cube edge in cube coordinates (0..1): where an iso-level of 0.5 crosses it. */
function edgeMidpoint(e: number): [number, number, number] {
  const [c0, c1] = EDGE_CORNERS[e];
  const m = (d: number) => (((c0 >> d) & 1) + ((c1 >> d) & 1)) / 2;
  return [m(0), m(1), m(2)];
}

/**
 * Triangulates a (possibly non-planar) contour polygon as the fan, among those from each vertex,
 * with the largest area. Fan choice changes the mesh volume and area of non-planar polygons (three
 * or five inside corners around a face, ...), enough to move compactness and asphericity outside
 * the IBSI tolerances. Checked against the IBSI consensus values: the largest-area fan matches the
 * digital phantom and CT configurations A-E; the first-vertex fan fails the digital phantom and A,
 * the largest-volume fan fails B-E, the smallest-area and smallest-volume fans fail several.
 */
function fanWithLargestArea(polygon: number[]): number[] {
  let best: number[] = [];
  let bestArea = -Infinity;
  for (let r = 0; r < polygon.length; r++) {
    const pg = polygon.slice(r).concat(polygon.slice(0, r));
    const tris: number[] = [];
    let area = 0;
    for (let i = 1; i + 1 < pg.length; i++) {
      tris.push(pg[0], pg[i], pg[i + 1]);
      const [a, b, c] = [edgeMidpoint(pg[0]), edgeMidpoint(pg[i]), edgeMidpoint(pg[i + 1])];
      const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
      const v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
      area += Math.hypot(u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]);
    }
    // Strictly larger (beyond rounding) so that ties keep the earliest vertex: deterministic.
    if (area > bestArea + 1e-12) {
      bestArea = area;
      best = tris;
    }
  }
  return best;
}
