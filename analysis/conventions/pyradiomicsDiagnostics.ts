import type { Affine, Mask, Vec3, Volume } from "../core/volume.js";
import { boxDims, maskBoundingBox } from "../processing/crop.js";

/**
 * PyRadiomics' diagnostics of the input image and ROI (generalinfo.py addImageElements /
 * addMaskElements, prefix "original"), as its output rows diagnostics_Image-original_* and
 * diagnostics_Mask-original_*. Indices are voxel (x, y, z); physical points are in PyRadiomics'
 * (ITK's) LPS millimetres, while deface-impact's affines are RAS.
 */
export interface PyradiomicsDiagnostics {
  "Image-original_Spacing": Vec3;
  "Image-original_Size": Vec3;
  "Image-original_Mean": number;
  "Image-original_Minimum": number;
  "Image-original_Maximum": number;
  "Mask-original_Spacing": Vec3;
  "Mask-original_Size": Vec3;
  /** lower corner (x, y, z) then size (x, y, z), as SimpleITK's LabelShapeStatistics. */
  "Mask-original_BoundingBox": [number, number, number, number, number, number];
  "Mask-original_VoxelNum": number;
  /** connected components, 26-connected (SimpleITK FullyConnectedOn). */
  "Mask-original_VolumeNum": number;
  "Mask-original_CenterOfMassIndex": Vec3;
  "Mask-original_CenterOfMass": Vec3;
}

export function pyradiomicsDiagnostics(image: Volume, mask: Mask): PyradiomicsDiagnostics {
  let sum = 0,
    min = Infinity,
    max = -Infinity;
  for (let i = 0; i < image.data.length; i++) {
    const v = image.data[i];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const box = maskBoundingBox(mask, image.dims);
  const lo: Vec3 = box ? box.lo : [0, 0, 0];
  const size: Vec3 = box ? boxDims(box) : [0, 0, 0];
  const { count, centre } = maskCentre(mask, image.dims);
  return {
    "Image-original_Spacing": [...image.spacing],
    "Image-original_Size": [...image.dims],
    "Image-original_Mean": sum / image.data.length,
    "Image-original_Minimum": min,
    "Image-original_Maximum": max,
    "Mask-original_Spacing": [...image.spacing],
    "Mask-original_Size": [...image.dims],
    "Mask-original_BoundingBox": [...lo, ...size],
    "Mask-original_VoxelNum": count,
    "Mask-original_VolumeNum": box ? connectedComponents(mask, image.dims, box.lo, box.hi) : 0,
    "Mask-original_CenterOfMassIndex": centre,
    "Mask-original_CenterOfMass": lpsPoint(image.affine, centre),
  };
}

/** Voxel count and mean voxel index (x, y, z) of a mask. */
export function maskCentre(mask: Uint8Array, dims: Vec3): { count: number; centre: Vec3 } {
  const [nx, ny] = dims;
  let count = 0;
  const c: Vec3 = [0, 0, 0];
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    count++;
    c[0] += p % nx;
    c[1] += Math.floor(p / nx) % ny;
    c[2] += Math.floor(p / (nx * ny));
  }
  return { count, centre: [c[0] / count, c[1] / count, c[2] / count] };
}

/** The physical point (mm) of a continuous voxel index in PyRadiomics' (ITK's) LPS, from a RAS affine. */
export function lpsPoint(affine: Affine, index: readonly number[]): Vec3 {
  const ras = [0, 1, 2].map((r) => affine[4 * r] * index[0] + affine[4 * r + 1] * index[1] + affine[4 * r + 2] * index[2] + affine[4 * r + 3]);
  return [-ras[0], -ras[1], ras[2]];
}

/** Number of 26-connected components of the mask within the box lo..hi (inclusive). */
export function connectedComponents(mask: Mask, dims: Vec3, lo: Vec3, hi: Vec3): number {
  const [nx, ny] = dims;
  const seen = new Uint8Array(mask.length);
  const stack: number[] = [];
  let components = 0;
  for (let k = lo[2]; k <= hi[2]; k++)
    for (let j = lo[1]; j <= hi[1]; j++)
      for (let i = lo[0]; i <= hi[0]; i++) {
        const start = i + nx * (j + ny * k);
        if (!mask[start] || seen[start]) continue;
        components++;
        seen[start] = 1;
        stack.push(start);
        while (stack.length) {
          const p = stack.pop()!;
          const pi = p % nx, pj = Math.floor(p / nx) % ny, pk = Math.floor(p / (nx * ny));
          for (let dk = -1; dk <= 1; dk++)
            for (let dj = -1; dj <= 1; dj++)
              for (let di = -1; di <= 1; di++) {
                const qi = pi + di, qj = pj + dj, qk = pk + dk;
                if (qi < lo[0] || qi > hi[0] || qj < lo[1] || qj > hi[1] || qk < lo[2] || qk > hi[2]) continue;
                const q = qi + nx * (qj + ny * qk);
                if (mask[q] && !seen[q]) {
                  seen[q] = 1;
                  stack.push(q);
                }
              }
        }
      }
  return components;
}
