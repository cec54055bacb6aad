/**
 * 3D convex hull of integer points (incremental, quickhull-style conflict lists) with exact
 * predicates: for integer coordinates below 2^16 in magnitude every orientation test is an exact
 * double computation, so the many coplanar and collinear points of a voxel grid need no epsilon.
 * Points on the hull's faces or edges that are not extreme are dropped, which changes neither the
 * hull's volume, its area nor its diameter.
 */
export interface ConvexHull {
  /** indices (into the input) of the hull's vertices. */
  vertices: Uint32Array;
  /** input point indices, three per face, right-hand-rule normals pointing outwards. */
  faces: Uint32Array;
}

interface Face {
  a: number;
  b: number;
  c: number;
  /** outward normal (integer) and offset: point p is above the face when n·p > d. */
  nx: number;
  ny: number;
  nz: number;
  d: number;
  outside: number[];
  alive: boolean;
  /** neighbours across edges a→b, b→c, c→a. */
  nb: Face[];
  /** iteration in which the face was found visible. */
  seen: number;
}

const edgeStart = (f: Face, e: number) => (e === 0 ? f.a : e === 1 ? f.b : f.c);
const edgeEnd = (f: Face, e: number) => (e === 0 ? f.b : e === 1 ? f.c : f.a);

/**
 * Returns undefined when the points do not span 3D (fewer than 4 points, or all coplanar):
 * the caller decides what a flat hull means (a closed surface mesh is never flat).
 */
export function convexHull(points: Int32Array | Float64Array): ConvexHull | undefined {
  const n = points.length / 3;
  const P = points;
  const all: Face[] = [];
  const makeFace = (a: number, b: number, c: number): Face => {
    const ux = P[3 * b] - P[3 * a], uy = P[3 * b + 1] - P[3 * a + 1], uz = P[3 * b + 2] - P[3 * a + 2];
    const vx = P[3 * c] - P[3 * a], vy = P[3 * c + 1] - P[3 * a + 1], vz = P[3 * c + 2] - P[3 * a + 2];
    const nx = uy * vz - uz * vy, ny = uz * vx - ux * vz, nz = ux * vy - uy * vx;
    const d = nx * P[3 * a] + ny * P[3 * a + 1] + nz * P[3 * a + 2];
    const f: Face = { a, b, c, nx, ny, nz, d, outside: [], alive: true, nb: [], seen: -1 };
    all.push(f);
    return f;
  };
  const height = (f: Face, p: number) => f.nx * P[3 * p] + f.ny * P[3 * p + 1] + f.nz * P[3 * p + 2] - f.d;

  const initial = initialTetrahedron(P, n);
  if (!initial) return undefined;
  const [i0, i1, i2, i3] = initial;
  // Orient the tetrahedron so that every face normal points away from the fourth vertex.
  const flip = height(makeFace(i0, i1, i2), i3) > 0;
  all.length = 0;
  const faces = flip
    ? [makeFace(i0, i2, i1), makeFace(i0, i1, i3), makeFace(i1, i2, i3), makeFace(i2, i0, i3)]
    : [makeFace(i0, i1, i2), makeFace(i0, i3, i1), makeFace(i1, i3, i2), makeFace(i2, i3, i0)];
  const byEdge = new Map<number, Face>();
  for (const f of faces) for (let e = 0; e < 3; e++) byEdge.set(edgeStart(f, e) * n + edgeEnd(f, e), f);
  for (const f of faces) for (let e = 0; e < 3; e++) f.nb[e] = byEdge.get(edgeEnd(f, e) * n + edgeStart(f, e))!;

  const assign = (p: number, candidates: Face[]): void => {
    for (const f of candidates) {
      if (height(f, p) > 0) {
        f.outside.push(p);
        return;
      }
    }
  };
  for (let p = 0; p < n; p++) if (p !== i0 && p !== i1 && p !== i2 && p !== i3) assign(p, faces);

  const stack = faces.slice();
  for (let iteration = 0; stack.length; iteration++) {
    const face = stack.pop()!;
    if (!face.alive || face.outside.length === 0) continue;
    // Farthest outside point (by normalised height) makes the hull grow fastest.
    const norm = Math.hypot(face.nx, face.ny, face.nz);
    let apex = face.outside[0];
    let best = -Infinity;
    for (const p of face.outside) {
      const h = height(face, p) / norm;
      if (h > best) {
        best = h;
        apex = p;
      }
    }
    // Visible faces (strictly above: exact, so coplanar faces stay) form a connected region:
    // grow it from `face` across neighbours; edges to faces that stay form the horizon.
    face.seen = iteration;
    const visible = [face];
    const horizon: { face: Face; edge: number }[] = [];
    for (let q = 0; q < visible.length; q++) {
      const f = visible[q];
      for (let e = 0; e < 3; e++) {
        const g = f.nb[e];
        if (g.seen === iteration) continue;
        if (height(g, apex) > 0) {
          g.seen = iteration;
          visible.push(g);
        } else horizon.push({ face: f, edge: e });
      }
    }
    // A new face (u, v, apex) per horizon edge u→v, linked to the face that stays and to the new
    // faces on either side (the one starting at v and the one ending at u).
    const created: Face[] = [];
    const startingAt = new Map<number, Face>();
    const endingAt = new Map<number, Face>();
    for (const { face: f, edge: e } of horizon) {
      const u = edgeStart(f, e);
      const v = edgeEnd(f, e);
      const g = f.nb[e];
      const nf = makeFace(u, v, apex);
      nf.nb[0] = g;
      for (let k = 0; k < 3; k++) if (edgeStart(g, k) === v && edgeEnd(g, k) === u) g.nb[k] = nf;
      startingAt.set(u, nf);
      endingAt.set(v, nf);
      created.push(nf);
    }
    for (const nf of created) {
      nf.nb[1] = startingAt.get(nf.b)!;
      nf.nb[2] = endingAt.get(nf.a)!;
    }
    for (const f of visible) {
      f.alive = false;
      for (const p of f.outside) if (p !== apex) assign(p, created);
      f.outside = [];
    }
    for (const f of created) stack.push(f);
  }

  const out: number[] = [];
  const isVertex = new Uint8Array(n);
  for (const f of all) {
    if (!f.alive) continue;
    out.push(f.a, f.b, f.c);
    isVertex[f.a] = isVertex[f.b] = isVertex[f.c] = 1;
  }
  const vertices: number[] = [];
  for (let p = 0; p < n; p++) if (isVertex[p]) vertices.push(p);
  return { vertices: Uint32Array.from(vertices), faces: Uint32Array.from(out) };
}

/** Four affinely independent points, or undefined when all points are coplanar. */
function initialTetrahedron(P: ArrayLike<number>, n: number): [number, number, number, number] | undefined {
  if (n < 4) return undefined;
  // Extreme points along x, y, z give a well-spread start.
  let i0 = 0;
  let i1 = 0;
  for (let axis = 0; axis < 3 && i0 === i1; axis++) {
    i0 = 0;
    i1 = 0;
    for (let p = 1; p < n; p++) {
      if (P[3 * p + axis] < P[3 * i0 + axis]) i0 = p;
      if (P[3 * p + axis] > P[3 * i1 + axis]) i1 = p;
    }
    if (P[3 * i0 + axis] === P[3 * i1 + axis]) i1 = i0;
  }
  if (i0 === i1) return undefined; // all points identical
  const ux = P[3 * i1] - P[3 * i0], uy = P[3 * i1 + 1] - P[3 * i0 + 1], uz = P[3 * i1 + 2] - P[3 * i0 + 2];
  // Third point: largest cross product with the first edge.
  let i2 = -1;
  let best = 0;
  let cx = 0, cy = 0, cz = 0;
  for (let p = 0; p < n; p++) {
    const vx = P[3 * p] - P[3 * i0], vy = P[3 * p + 1] - P[3 * i0 + 1], vz = P[3 * p + 2] - P[3 * i0 + 2];
    const x = uy * vz - uz * vy, y = uz * vx - ux * vz, z = ux * vy - uy * vx;
    const m = x * x + y * y + z * z;
    if (m > best) {
      best = m;
      i2 = p;
      cx = x;
      cy = y;
      cz = z;
    }
  }
  if (i2 < 0) return undefined; // collinear
  let i3 = -1;
  best = 0;
  for (let p = 0; p < n; p++) {
    const h = Math.abs(cx * (P[3 * p] - P[3 * i0]) + cy * (P[3 * p + 1] - P[3 * i0 + 1]) + cz * (P[3 * p + 2] - P[3 * i0 + 2]));
    if (h > best) {
      best = h;
      i3 = p;
    }
  }
  if (i3 < 0) return undefined; // coplanar
  return [i0, i1, i2, i3];
}

/**
 * Indices of the points of an integer lattice point set that can be hull vertices: a point lying
 * strictly between two others on an axis-parallel line is not extreme, so only the first and last
 * point of every x, y and z line are kept. Cuts a voxel surface's vertices to a small fraction.
 */
export function latticeHullCandidates(points: Int32Array): Uint32Array {
  const n = points.length / 3;
  if (n === 0) return new Uint32Array(0);
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let p = 0; p < n; p++) {
    for (let d = 0; d < 3; d++) {
      lo[d] = Math.min(lo[d], points[3 * p + d]);
      hi[d] = Math.max(hi[d], points[3 * p + d]);
    }
  }
  const size = [hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1];
  const keep = new Uint8Array(n).fill(1);
  for (let axis = 0; axis < 3; axis++) {
    const u = (axis + 1) % 3;
    const v = (axis + 2) % 3;
    const lines = size[u] * size[v];
    const minAt = new Int32Array(lines).fill(-1);
    const maxAt = new Int32Array(lines).fill(-1);
    for (let p = 0; p < n; p++) {
      const line = points[3 * p + u] - lo[u] + size[u] * (points[3 * p + v] - lo[v]);
      const x = points[3 * p + axis];
      if (minAt[line] < 0 || x < points[3 * minAt[line] + axis]) minAt[line] = p;
      if (maxAt[line] < 0 || x > points[3 * maxAt[line] + axis]) maxAt[line] = p;
    }
    for (let p = 0; p < n; p++) {
      const line = points[3 * p + u] - lo[u] + size[u] * (points[3 * p + v] - lo[v]);
      if (minAt[line] !== p && maxAt[line] !== p) keep[p] = 0;
    }
  }
  const out: number[] = [];
  for (let p = 0; p < n; p++) if (keep[p]) out.push(p);
  return Uint32Array.from(out);
}
