/**
 * Volume enclosed by a closed, consistently oriented triangle mesh: sum of signed tetrahedra
 * a·(b×c)/6 (IBSI RNU0). Coordinates are taken relative to the first vertex: the sum does not
 * depend on the apex for a closed mesh, and small coordinates keep rounding low.
 */
export function meshVolume(vertices: Float64Array, triangles: Uint32Array): number {
  if (triangles.length === 0) return 0;
  const ox = vertices[0];
  const oy = vertices[1];
  const oz = vertices[2];
  let sum = 0;
  for (let t = 0; t < triangles.length; t += 3) {
    const a = 3 * triangles[t];
    const b = 3 * triangles[t + 1];
    const c = 3 * triangles[t + 2];
    const ax = vertices[a] - ox, ay = vertices[a + 1] - oy, az = vertices[a + 2] - oz;
    const bx = vertices[b] - ox, by = vertices[b + 1] - oy, bz = vertices[b + 2] - oz;
    const cx = vertices[c] - ox, cy = vertices[c + 1] - oy, cz = vertices[c + 2] - oz;
    sum += ax * (by * cz - bz * cy) + ay * (bz * cx - bx * cz) + az * (bx * cy - by * cx);
  }
  return sum / 6;
}

/** Surface area: sum of triangle areas |ab × ac|/2 (IBSI C0JK). */
export function meshArea(vertices: Float64Array, triangles: Uint32Array): number {
  let sum = 0;
  for (let t = 0; t < triangles.length; t += 3) {
    const a = 3 * triangles[t];
    const b = 3 * triangles[t + 1];
    const c = 3 * triangles[t + 2];
    const ux = vertices[b] - vertices[a], uy = vertices[b + 1] - vertices[a + 1], uz = vertices[b + 2] - vertices[a + 2];
    const vx = vertices[c] - vertices[a], vy = vertices[c + 1] - vertices[a + 1], vz = vertices[c + 2] - vertices[a + 2];
    const cx = uy * vz - uz * vy, cy = uz * vx - ux * vz, cz = ux * vy - uy * vx;
    sum += Math.sqrt(cx * cx + cy * cy + cz * cz);
  }
  return sum / 2;
}

/** Edge lengths of the axis-aligned bounding box of a point set (mm). */
export function boundingBoxExtent(vertices: Float64Array): [number, number, number] {
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (let v = 0; v < vertices.length; v += 3) {
    for (let d = 0; d < 3; d++) {
      const x = vertices[v + d];
      if (x < lo[d]) lo[d] = x;
      if (x > hi[d]) hi[d] = x;
    }
  }
  return vertices.length ? [hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]] : [0, 0, 0];
}

