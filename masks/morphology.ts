import type { Grid, Mask, Vec3 } from "../analysis/core/volume.js";
import { squaredDistanceTransform } from "./distanceTransform.js";

/**
 * Binary morphology on masks: connected components, hole filling, dilation and erosion by a ball
 * of radius in mm (exact, through the Euclidean distance transform, so anisotropic voxels are fine).
 * Connectivity is 6 (face neighbours) throughout: the most conservative choice for "connected".
 */

/**
 * Labels the 6-connected components of `mask`: labels[i] = 1..n inside, 0 outside. Returns the
 * labels and the voxel count of each label (sizes[0] unused).
 */
export function connectedComponents(mask: Mask, dims: Vec3): { labels: Int32Array; sizes: number[] } {
  const [nx, ny, nz] = dims;
  const nxy = nx * ny;
  const labels = new Int32Array(mask.length);
  const sizes = [0];
  const stack = new Int32Array(mask.length);
  for (let seed = 0; seed < mask.length; seed++) {
    if (!mask[seed] || labels[seed]) continue;
    const label = sizes.length;
    let size = 0;
    let top = 0;
    stack[top++] = seed;
    labels[seed] = label;
    while (top > 0) {
      const v = stack[--top];
      size++;
      const i = v % nx;
      const j = ((v / nx) | 0) % ny;
      const k = (v / nxy) | 0;
      if (i > 0 && mask[v - 1] && !labels[v - 1]) (labels[v - 1] = label), (stack[top++] = v - 1);
      if (i < nx - 1 && mask[v + 1] && !labels[v + 1]) (labels[v + 1] = label), (stack[top++] = v + 1);
      if (j > 0 && mask[v - nx] && !labels[v - nx]) (labels[v - nx] = label), (stack[top++] = v - nx);
      if (j < ny - 1 && mask[v + nx] && !labels[v + nx]) (labels[v + nx] = label), (stack[top++] = v + nx);
      if (k > 0 && mask[v - nxy] && !labels[v - nxy]) (labels[v - nxy] = label), (stack[top++] = v - nxy);
      if (k < nz - 1 && mask[v + nxy] && !labels[v + nxy]) (labels[v + nxy] = label), (stack[top++] = v + nxy);
    }
    sizes.push(size);
  }
  return { labels, sizes };
}

/** The largest 6-connected component (an empty mask stays empty). */
export function largestComponent(mask: Mask, dims: Vec3): Mask {
  const { labels, sizes } = connectedComponents(mask, dims);
  let best = 0;
  for (let l = 1; l < sizes.length; l++) if (best === 0 || sizes[l] > sizes[best]) best = l;
  const out = new Uint8Array(mask.length);
  if (best === 0) return out;
  for (let i = 0; i < out.length; i++) out[i] = labels[i] === best ? 1 : 0;
  return out;
}

/**
 * Fills holes in 3-D: background voxels not 6-connected to the volume's border become foreground.
 */
export function fillHoles(mask: Mask, dims: Vec3): Mask {
  const [nx, ny, nz] = dims;
  const nxy = nx * ny;
  // out: 1 = foreground or hole (not reached), 0 = background reached from the border
  const out = new Uint8Array(mask.length).fill(1);
  const stack = new Int32Array(mask.length);
  let top = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        if (i !== 0 && j !== 0 && k !== 0 && i !== nx - 1 && j !== ny - 1 && k !== nz - 1) continue;
        const v = i + nx * (j + ny * k);
        if (!mask[v] && out[v]) (out[v] = 0), (stack[top++] = v);
      }
  while (top > 0) {
    const v = stack[--top];
    const i = v % nx;
    const j = ((v / nx) | 0) % ny;
    const k = (v / nxy) | 0;
    let w = v - 1;
    if (i > 0 && out[w] && !mask[w]) (out[w] = 0), (stack[top++] = w);
    w = v + 1;
    if (i < nx - 1 && out[w] && !mask[w]) (out[w] = 0), (stack[top++] = w);
    w = v - nx;
    if (j > 0 && out[w] && !mask[w]) (out[w] = 0), (stack[top++] = w);
    w = v + nx;
    if (j < ny - 1 && out[w] && !mask[w]) (out[w] = 0), (stack[top++] = w);
    w = v - nxy;
    if (k > 0 && out[w] && !mask[w]) (out[w] = 0), (stack[top++] = w);
    w = v + nxy;
    if (k < nz - 1 && out[w] && !mask[w]) (out[w] = 0), (stack[top++] = w);
  }
  return out;
}

/**
 * Fills holes slice by slice (2-D, 4-connected background) in the slices perpendicular to array
 * axis `axis`: closes cavities that open to the outside in 3-D but are enclosed within each slice
 * (the skull's foramina, the nostrils).
 */
export function fillHolesInSlices(mask: Mask, dims: Vec3, axis: 0 | 1 | 2): Mask {
  const [nx, ny] = dims;
  const strides = [1, nx, nx * ny];
  const [a, b] = ([0, 1, 2] as const).filter((d) => d !== axis) as [0 | 1 | 2, 0 | 1 | 2];
  const na = dims[a];
  const nb = dims[b];
  const sa = strides[a];
  const sb = strides[b];
  const out = mask.slice();
  const outside = new Uint8Array(na * nb);
  const stack = new Int32Array(na * nb);
  for (let s = 0; s < dims[axis]; s++) {
    const base = s * strides[axis];
    outside.fill(0);
    let top = 0;
    const push = (u: number, w: number) => {
      const p = u + na * w;
      if (!outside[p] && !mask[base + u * sa + w * sb]) {
        outside[p] = 1;
        stack[top++] = p;
      }
    };
    for (let u = 0; u < na; u++) push(u, 0), push(u, nb - 1);
    for (let w = 0; w < nb; w++) push(0, w), push(na - 1, w);
    while (top > 0) {
      const p = stack[--top];
      const u = p % na;
      const w = (p - u) / na;
      if (u > 0) push(u - 1, w);
      if (u < na - 1) push(u + 1, w);
      if (w > 0) push(u, w - 1);
      if (w < nb - 1) push(u, w + 1);
    }
    for (let w = 0; w < nb; w++) for (let u = 0; u < na; u++) if (!outside[u + na * w]) out[base + u * sa + w * sb] = 1;
  }
  return out;
}

/** Dilation by a ball of `radiusMm`: voxels within that distance of the mask. */
export function dilate(mask: Mask, grid: Pick<Grid, "dims" | "spacing">, radiusMm: number): Mask {
  const d2 = squaredDistanceTransform(mask, grid.dims, grid.spacing);
  const r2 = radiusMm * radiusMm;
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < out.length; i++) out[i] = d2[i] <= r2 ? 1 : 0;
  return out;
}

/** Erosion by a ball of `radiusMm`: voxels farther than that from the background. */
export function erode(mask: Mask, grid: Pick<Grid, "dims" | "spacing">, radiusMm: number): Mask {
  const inverse = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) inverse[i] = mask[i] ? 0 : 1;
  const d2 = squaredDistanceTransform(inverse, grid.dims, grid.spacing);
  const r2 = radiusMm * radiusMm;
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < out.length; i++) out[i] = d2[i] > r2 ? 1 : 0;
  return out;
}

/** Opening (erosion then dilation): cuts bridges thinner than 2·radius between regions. */
export function open(mask: Mask, grid: Pick<Grid, "dims" | "spacing">, radiusMm: number): Mask {
  return dilate(erode(mask, grid, radiusMm), grid, radiusMm);
}

/** Closing (dilation then erosion): bridges gaps narrower than 2·radius. */
export function close(mask: Mask, grid: Pick<Grid, "dims" | "spacing">, radiusMm: number): Mask {
  return erode(dilate(mask, grid, radiusMm), grid, radiusMm);
}
