import type { Affine, Mask, Vec3, Volume } from "../../analysis/core/volume.js";

/**
 * A small head for tests, until the fixtures' phantoms are used: an ellipsoidal head (skin) with an
 * ellipsoidal brain in its upper back, and a face (a nose box and a chin) at the front-bottom.
 * Built in world RAS mm on a 2 mm grid; `reorient` stores it in another voxel order.
 */
export interface SyntheticHead {
  image: Volume;
  brain: Mask;
  face: Mask;
  head: Mask;
}

export function syntheticHead(ct = false): SyntheticHead {
  const dims: Vec3 = [48, 56, 52];
  const sp = 2;
  const affine: Affine = [sp, 0, 0, -47, 0, sp, 0, -55, 0, 0, sp, -51, 0, 0, 0, 1];
  const n = dims[0] * dims[1] * dims[2];
  const data = new Float32Array(n);
  const brain = new Uint8Array(n);
  const face = new Uint8Array(n);
  const head = new Uint8Array(n);
  const air = ct ? -1000 : 5;
  for (let k = 0, v = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++, v++) {
        const x = sp * i - 47;
        const y = sp * j - 55;
        const z = sp * k - 51;
        const inHead = (x / 38) ** 2 + (y / 46) ** 2 + ((z - 5) / 44) ** 2 <= 1;
        const inBrain = (x / 28) ** 2 + ((y + 4) / 34) ** 2 + ((z - 14) / 28) ** 2 <= 1;
        const inNose = Math.abs(x) <= 6 && y > 30 && y <= 52 && z > -22 && z < 2;
        const inChin = Math.abs(x) <= 16 && y > 20 && y <= 44 && z > -44 && z < -30;
        const inFace = (inHead || inNose || inChin) && y > 24 && z < 4;
        let value = air;
        if (inHead || inNose || inChin) value = ct ? 40 : 60;
        if (inBrain) value = ct ? 35 : 90;
        // deterministic texture, so nothing is exactly uniform
        value += ((i * 7 + j * 13 + k * 29) % 11) - 5;
        data[v] = value;
        brain[v] = inBrain ? 1 : 0;
        head[v] = inHead || inNose || inChin ? 1 : 0;
        face[v] = inFace ? 1 : 0;
      }
  return { image: { data, dims, spacing: [sp, sp, sp], affine }, brain, face, head };
}

/**
 * The same head stored with its array axes permuted and flipped: `perm[a]` is the original axis
 * stored as new axis a, `flip[a]` reverses new axis a. The affine is updated so world positions
 * are unchanged.
 */
export function reorient<T extends { image: Volume }>(h: T, masks: Array<keyof T>, perm: Vec3, flip: [boolean, boolean, boolean]): T {
  const old = h.image;
  const dims = perm.map((p) => old.dims[p]) as Vec3;
  const spacing = perm.map((p) => old.spacing[p]) as Vec3;
  const n = dims[0] * dims[1] * dims[2];
  const oldIndex = new Int32Array(n);
  for (let k = 0, v = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++, v++) {
        const nw = [i, j, k].map((c, a) => (flip[a] ? dims[a] - 1 - c : c));
        const o = [0, 0, 0];
        for (let a = 0; a < 3; a++) o[perm[a]] = nw[a];
        oldIndex[v] = o[0] + old.dims[0] * (o[1] + old.dims[1] * o[2]);
      }
  const take = <A extends Float32Array | Uint8Array>(src: A): A => {
    const out = new (src.constructor as new (n: number) => A)(n);
    for (let v = 0; v < n; v++) out[v] = src[oldIndex[v]];
    return out;
  };
  // new voxel (i,j,k) = old voxel o with o[perm[a]] = flip ? d-1-c : c  -> affine columns
  const A = old.affine;
  const affine = [...A];
  const t = [A[3], A[7], A[11]];
  for (let a = 0; a < 3; a++) {
    const p = perm[a];
    for (let r = 0; r < 3; r++) {
      const col = A[4 * r + p];
      affine[4 * r + a] = flip[a] ? -col : col;
      if (flip[a]) t[r] += col * (dims[a] - 1);
    }
  }
  affine[3] = t[0];
  affine[7] = t[1];
  affine[11] = t[2];
  const out = { ...h, image: { data: take(old.data as Float32Array), dims, spacing, affine } } as T;
  for (const m of masks) (out as Record<keyof T, unknown>)[m] = take(h[m] as unknown as Uint8Array);
  return out;
}
