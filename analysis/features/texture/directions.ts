/** A voxel offset (di, dj, dk) on the i + nx*(j + ny*k) grid; k is the axial (slice) axis. */
export type Offset = readonly [number, number, number];

/** The 13 unique 3D directions of the 26-neighbourhood (IBSI GLCM section); -m is implied. */
export const DIRECTIONS_3D: readonly Offset[] = [
  [0, 0, 1], [0, 1, 0], [1, 0, 0],
  [0, 1, 1], [0, 1, -1], [1, 0, 1], [1, 0, -1], [1, 1, 0], [1, -1, 0],
  [1, 1, 1], [1, 1, -1], [1, -1, 1], [1, -1, -1],
];

/** The 4 unique in-slice directions of the 8-neighbourhood; -m is implied. */
export const DIRECTIONS_2D: readonly Offset[] = [
  [1, 0, 0], [1, 1, 0], [0, 1, 0], [-1, 1, 0],
];

/** A direction multiplied by the Chebyshev distance delta (IBSI: (δ,0,0), (δ,δ,0), ...). */
export function scaled(o: Offset, delta: number): Offset {
  return [o[0] * delta, o[1] * delta, o[2] * delta];
}

/** Every offset m != 0 with Chebyshev norm <= delta: the 3D neighbourhood, or the in-slice one. */
export function chebyshevNeighbourhood(delta: number, planar: boolean): Offset[] {
  const out: Offset[] = [];
  const dz = planar ? 0 : delta;
  for (let k = -dz; k <= dz; k++)
    for (let j = -delta; j <= delta; j++)
      for (let i = -delta; i <= delta; i++) if (i !== 0 || j !== 0 || k !== 0) out.push([i, j, k]);
  return out;
}

/** Face neighbours: 6 in 3D, 4 in a slice (the IBSI distance-to-edge connectivity). */
export function faceNeighbours(planar: boolean): Offset[] {
  const out: Offset[] = [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0]];
  if (!planar) out.push([0, 0, 1], [0, 0, -1]);
  return out;
}
