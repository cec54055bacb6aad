import type { Grid, Mask, Vec3 } from "../../../analysis/core/volume.js";

/**
 * The plain full-volume morphology this project used before the bounding-box versions in masks/:
 * every call transforms or floods the whole grid. Kept only as the reference the fast versions are
 * compared with, bit for bit, on random inputs.
 */

/** Squared Euclidean distance transform of the whole grid (Felzenszwalb & Huttenlocher), mm². */
export function plainSquaredDistanceTransform(features: Mask, dims: Vec3, spacing: Vec3): Float64Array {
  const [nx, ny, nz] = dims;
  const f = new Float64Array(nx * ny * nz);
  const line = new Float64Array(Math.max(nx, ny, nz));
  const v = new Int32Array(line.length);
  const z = new Float64Array(line.length + 1);
  const sx2 = spacing[0] * spacing[0];
  for (let row = 0; row < ny * nz; row++) {
    const base = row * nx;
    let last = -1;
    for (let i = 0; i < nx; i++) {
      if (features[base + i]) last = i;
      f[base + i] = last < 0 ? Infinity : (i - last) * (i - last) * sx2;
    }
    last = -1;
    for (let i = nx - 1; i >= 0; i--) {
      if (features[base + i]) last = i;
      if (last >= 0) {
        const d = (last - i) * (last - i) * sx2;
        if (d < f[base + i]) f[base + i] = d;
      }
    }
  }
  const pass = (start: number, stride: number, n: number, s: number) => {
    let any = false;
    for (let q = 0; q < n; q++) {
      line[q] = f[start + q * stride];
      if (line[q] !== Infinity) any = true;
    }
    if (!any) return;
    const s2 = s * s;
    let k = -1;
    for (let q = 0; q < n; q++) {
      if (line[q] === Infinity) continue;
      if (k < 0) {
        k = 0;
        v[0] = q;
        z[0] = -Infinity;
        z[1] = Infinity;
        continue;
      }
      let x = 0;
      for (;;) {
        const p = v[k];
        x = (line[q] + s2 * q * q - (line[p] + s2 * p * p)) / (2 * s2 * (q - p));
        if (x <= z[k] && k > 0) k--;
        else break;
      }
      if (x <= z[k]) {
        v[0] = q;
        z[0] = -Infinity;
        z[1] = Infinity;
        continue;
      }
      k++;
      v[k] = q;
      z[k] = x;
      z[k + 1] = Infinity;
    }
    let j = 0;
    for (let q = 0; q < n; q++) {
      while (z[j + 1] < q) j++;
      const d = (q - v[j]) * s;
      f[start + q * stride] = d * d + line[v[j]];
    }
  };
  for (let k = 0; k < nz; k++) for (let i = 0; i < nx; i++) pass(i + nx * ny * k, nx, ny, spacing[1]);
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) pass(i + nx * j, nx * ny, nz, spacing[2]);
  return f;
}

export function plainDilate(mask: Mask, grid: Pick<Grid, "dims" | "spacing">, radiusMm: number): Mask {
  const d2 = plainSquaredDistanceTransform(mask, grid.dims, grid.spacing);
  const r2 = radiusMm * radiusMm;
  return Uint8Array.from(d2, (d) => (d <= r2 ? 1 : 0));
}

export function plainErode(mask: Mask, grid: Pick<Grid, "dims" | "spacing">, radiusMm: number): Mask {
  const inverse = Uint8Array.from(mask, (m) => (m ? 0 : 1));
  const d2 = plainSquaredDistanceTransform(inverse, grid.dims, grid.spacing);
  const r2 = radiusMm * radiusMm;
  return Uint8Array.from(d2, (d) => (d > r2 ? 1 : 0));
}

/** 6-connected components by flood fill over the whole grid, labels in raster order of their first voxel. */
export function plainConnectedComponents(mask: Mask, dims: Vec3): { labels: Int32Array; sizes: number[] } {
  const [nx, ny, nz] = dims;
  const nxy = nx * ny;
  const labels = new Int32Array(mask.length);
  const sizes = [0];
  const stack: number[] = [];
  for (let seed = 0; seed < mask.length; seed++) {
    if (!mask[seed] || labels[seed]) continue;
    const label = sizes.length;
    let size = 0;
    stack.push(seed);
    labels[seed] = label;
    while (stack.length) {
      const v = stack.pop()!;
      size++;
      const i = v % nx;
      const j = ((v / nx) | 0) % ny;
      const k = (v / nxy) | 0;
      const visit = (ok: boolean, w: number) => {
        if (ok && mask[w] && !labels[w]) (labels[w] = label), stack.push(w);
      };
      visit(i > 0, v - 1), visit(i < nx - 1, v + 1), visit(j > 0, v - nx), visit(j < ny - 1, v + nx), visit(k > 0, v - nxy), visit(k < nz - 1, v + nxy);
    }
    sizes.push(size);
  }
  return { labels, sizes };
}

export function plainLargestComponent(mask: Mask, dims: Vec3): Mask {
  const { labels, sizes } = plainConnectedComponents(mask, dims);
  let best = 0;
  for (let l = 1; l < sizes.length; l++) if (best === 0 || sizes[l] > sizes[best]) best = l;
  return Uint8Array.from(labels, (l) => (best && l === best ? 1 : 0));
}

/** Background voxels not 6-connected to the grid's border become foreground. */
export function plainFillHoles(mask: Mask, dims: Vec3): Mask {
  const [nx, ny, nz] = dims;
  const nxy = nx * ny;
  const out = new Uint8Array(mask.length).fill(1);
  const stack: number[] = [];
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++)
        if ((i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1) && !mask[v] && out[v]) (out[v] = 0), stack.push(v);
  while (stack.length) {
    const v = stack.pop()!;
    const i = v % nx;
    const j = ((v / nx) | 0) % ny;
    const k = (v / nxy) | 0;
    const visit = (ok: boolean, w: number) => {
      if (ok && out[w] && !mask[w]) (out[w] = 0), stack.push(w);
    };
    visit(i > 0, v - 1), visit(i < nx - 1, v + 1), visit(j > 0, v - nx), visit(j < ny - 1, v + nx), visit(k > 0, v - nxy), visit(k < nz - 1, v + nxy);
  }
  return out;
}

/** Holes filled within each slice perpendicular to `axis` (4-connected background from the slice's edge). */
export function plainFillHolesInSlices(mask: Mask, dims: Vec3, axis: 0 | 1 | 2): Mask {
  const strides = [1, dims[0], dims[0] * dims[1]];
  const [a, b] = ([0, 1, 2] as const).filter((d) => d !== axis);
  const [na, nb, sa, sb] = [dims[a], dims[b], strides[a], strides[b]];
  const out = mask.slice();
  for (let s = 0; s < dims[axis]; s++) {
    const base = s * strides[axis];
    const outside = new Uint8Array(na * nb);
    const stack: number[] = [];
    const push = (u: number, w: number) => {
      const p = u + na * w;
      if (!outside[p] && !mask[base + u * sa + w * sb]) (outside[p] = 1), stack.push(p);
    };
    for (let u = 0; u < na; u++) push(u, 0), push(u, nb - 1);
    for (let w = 0; w < nb; w++) push(0, w), push(na - 1, w);
    while (stack.length) {
      const p = stack.pop()!;
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
