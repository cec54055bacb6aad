import { convexHull, latticeHullCandidates } from "./morphology/convexHull.js";
import { ellipsoidSurfaceArea, ellipsoidVolume } from "./morphology/enclosingEllipsoid.js";
import { marchingCubes } from "./morphology/marchingCubes.js";
import { boundingBoxExtent, meshArea, meshVolume } from "./morphology/mesh.js";
import { positionCovariance, symmetricEigenvalues3 } from "./morphology/pca.js";
import { type SpatialAutocorrelation, spatialAutocorrelation } from "./morphology/spatialAutocorrelation.js";
import type { Vec3 } from "../core/volume.js";
import type { FeatureValue, PreparedRoi } from "./types.js";
import { NO_AGGREGATION } from "./types.js";
import * as portable from "../core/portableMath.js";

/**
 * IBSI morphological features (family HCUG), all computed in 3D (aggregation DHQ4), in mm.
 * Shape features use the morphological mask: its marching-cubes mesh (IBSI WRJH) for volume, area
 * and the convex hull, its voxel centres (IBSI 4KW8) for PCA and the geometric centre of mass.
 * Intensity-based ones (centre of mass shift, integrated intensity, Moran's I, Geary's C) use the
 * intensities inside the intensity mask, as IBSI specifies. The OMBB and MVEE densities, which have
 * no IBSI reference value, are not computed.
 */
export function morphology(roi: PreparedRoi): FeatureValue[] {
  const { dims, spacing, morphMask, intensityMask, intensity } = roi;
  const rows: FeatureValue[] = [];
  // A note means the value is undefined for this ROI: it is then NaN, whatever the formula gives.
  const row = (feature: string, ibsiCode: string, value: number, note?: string): void => {
    rows.push({ family: "morphology", feature, ibsiCode, ...NO_AGGREGATION, value: note ? NaN : value, ...(note ? { note } : {}) });
  };
  const voxelVolume = spacing[0] * spacing[1] * spacing[2];

  // Everything that depends on the morphological mask alone (mesh, hull, PCA) is shared by the jobs
  // of one ROI: only the intensity-based rows are recomputed per condition and normalisation.
  const shape = shapeOf(morphMask, dims, spacing);
  const { V, A, nMorph, hull, eigen } = shape;
  const emptyNote = V > 0 ? undefined : "the morphological mask is empty";

  row("Volume (mesh)", "RNU0", V, emptyNote); // V = |Σ a·(b×c)/6|
  row("Volume (voxel counting)", "YEKZ", nMorph * voxelVolume, emptyNote);
  row("Surface area (mesh)", "C0JK", A, emptyNote);
  row("Surface to volume ratio", "2PR5", A / V, emptyNote); // A/V
  row("Compactness 1", "SKGS", V / (Math.sqrt(Math.PI) * A * Math.sqrt(A)), emptyNote); // V/(π^½ A^{3/2})
  row("Compactness 2", "BQWJ", (36 * Math.PI * V * V) / (A * A * A), emptyNote); // 36πV²/A³
  row("Spherical disproportion", "KRCK", A / portable.cbrt(36 * Math.PI * V * V), emptyNote); // A/(36πV²)^{1/3}
  row("Sphericity", "QCFX", portable.cbrt(36 * Math.PI * V * V) / A, emptyNote); // (36πV²)^{1/3}/A
  row("Asphericity", "25C7", portable.cbrt((A * A * A) / (36 * Math.PI * V * V)) - 1, emptyNote); // (A³/(36πV²))^{1/3} - 1

  // Centre of mass shift (KLMA): geometric centre of the morphological voxels vs the
  // intensity-weighted centre of the intensity-mask voxels.
  const com = centreOfMassShift(roi);
  row("Centre of mass shift", "KLMA", com.value, com.note);

  // Convex hull of the mesh vertices, built exactly on the doubled voxel lattice, then scaled to mm.
  const hullNote = emptyNote ?? hull.note;
  row("Maximum 3D diameter", "L0JK", hull.diameter, hullNote); // max distance between hull vertices

  // PCA of the voxel centres (sample covariance, N-1): λ_major >= λ_minor >= λ_least.
  // Voxels on a line or in a plane have exact zero eigenvalues; rounding in the rotations (for an
  // oblique line) must not turn them into tiny positive ones that make AEE densities explode.
  const [lMajor, lMinor, lLeast] = eigen.map((l) => (l <= 1e-12 * eigen[0] ? 0 : l));
  const pointNote = lMajor > 0 ? undefined : (emptyNote ?? "the morphological mask is a single voxel: all PCA eigenvalues are 0");
  row("Major axis length", "TDIC", 4 * Math.sqrt(lMajor), emptyNote); // 4√λ_major
  row("Minor axis length", "P9VJ", 4 * Math.sqrt(lMinor), emptyNote); // 4√λ_minor
  row("Least axis length", "7J51", 4 * Math.sqrt(lLeast), emptyNote); // 4√λ_least
  row("Elongation", "Q3CK", Math.sqrt(lMinor / lMajor), pointNote); // √(λ_minor/λ_major)
  row("Flatness", "N17B", Math.sqrt(lLeast / lMajor), pointNote); // √(λ_least/λ_major)

  // Axis-aligned bounding box of the mesh vertices.
  const [ex, ey, ez] = shape.extent;
  row("Volume density (axis-aligned bounding box)", "PBX1", V / (ex * ey * ez), emptyNote); // V/V_aabb
  row("Area density (axis-aligned bounding box)", "R59B", A / (2 * (ex * ey + ex * ez + ey * ez)), emptyNote); // A/A_aabb

  // Approximate enclosing ellipsoid: semi-axes 2√λ.
  const a = 2 * Math.sqrt(lMajor), b = 2 * Math.sqrt(lMinor), c = 2 * Math.sqrt(lLeast);
  const flatNote = emptyNote ?? (c > 0 ? undefined : "the PCA ellipsoid is flat (least eigenvalue 0: a single slice or line): its volume is 0");
  const lineNote = emptyNote ?? (b > 0 ? undefined : "the PCA ellipsoid degenerates to a segment or point: its surface area is 0");
  row("Volume density (approximate enclosing ellipsoid)", "6BDE", V / ellipsoidVolume(a, b, c), flatNote); // 3V/(4πabc)
  row("Area density (approximate enclosing ellipsoid)", "RDD2", A / ellipsoidSurfaceArea(a, b, c), lineNote); // A/A_aee

  row("Volume density (convex hull)", "R3ER", V / hull.volume, hullNote); // V/V_convex
  row("Area density (convex hull)", "7T7F", A / hull.area, hullNote); // A/A_convex

  // Integrated intensity (99N0): V times the mean intensity of the intensity mask.
  let nGl = 0, sumGl = 0;
  for (let p = 0; p < intensityMask.length; p++)
    if (intensityMask[p]) {
      nGl++;
      sumGl += intensity[p];
    }
  const glNote = emptyNote ?? (nGl ? undefined : "the intensity mask is empty");
  row("Integrated intensity", "99N0", (V * sumGl) / nGl, glNote);

  const sa = autocorrelationOf(intensity, intensityMask, dims, spacing);
  row("Moran's I index", "N365", sa.moranI, sa.note);
  row("Geary's C measure", "NPT7", sa.gearyC, sa.note);
  return rows;
}

/** The mask-only measures of the morphological mask. */
interface Shape {
  V: number;
  A: number;
  nMorph: number;
  hull: ReturnType<typeof hullMeasures>;
  eigen: number[];
  extent: number[];
}

/** Last inputs and results, compared exactly (O(box) against the mesh, hull and FFT work they save). */
let lastShape: { mask: Uint8Array; dims: Vec3; spacing: Vec3; shape: Shape } | undefined;
let lastAutocorrelation:
  | { intensity: Float64Array; mask: Uint8Array; dims: Vec3; spacing: Vec3; result: SpatialAutocorrelation }
  | undefined;

const sameVec = (a: Vec3, b: Vec3) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let p = 0; p < a.length; p++) if (a[p] !== b[p]) return false;
  return true;
}

/** Same masked values (Object.is: NaN equals NaN, -0 differs from 0, as the FFT would see them). */
function sameMaskedValues(a: Float64Array, b: Float64Array, mask: Uint8Array): boolean {
  for (let p = 0; p < mask.length; p++) if (mask[p] && !Object.is(a[p], b[p])) return false;
  return true;
}

function shapeOf(morphMask: Uint8Array, dims: Vec3, spacing: Vec3): Shape {
  const c = lastShape;
  if (c && sameVec(c.dims, dims) && sameVec(c.spacing, spacing) && sameBytes(c.mask, morphMask)) return c.shape;
  // Mesh of the morphological mask (padded with zeros, iso-level 0.5).
  const mesh = marchingCubes(morphMask, dims, spacing);
  const V = Math.abs(meshVolume(mesh.vertices, mesh.triangles)); // V = |Σ a·(b×c)/6|
  const A = meshArea(mesh.vertices, mesh.triangles);
  let nMorph = 0;
  for (let p = 0; p < morphMask.length; p++) nMorph += morphMask[p] ? 1 : 0;
  const hull = hullMeasures(mesh.grid2, spacing);
  const { cov } = positionCovariance(morphMask, dims, spacing);
  const eigen = symmetricEigenvalues3(cov);
  const extent = boundingBoxExtent(mesh.vertices);
  const shape: Shape = { V, A, nMorph, hull, eigen: [...eigen], extent: [...extent] };
  lastShape = { mask: morphMask.slice(), dims: [...dims], spacing: [...spacing], shape };
  return shape;
}

function autocorrelationOf(intensity: Float64Array, mask: Uint8Array, dims: Vec3, spacing: Vec3): SpatialAutocorrelation {
  const c = lastAutocorrelation;
  if (c && sameVec(c.dims, dims) && sameVec(c.spacing, spacing) && sameBytes(c.mask, mask) && sameMaskedValues(c.intensity, intensity, mask)) {
    return c.result;
  }
  const result = spatialAutocorrelation(intensity, mask, dims, spacing);
  lastAutocorrelation = { intensity: intensity.slice(), mask: mask.slice(), dims: [...dims], spacing: [...spacing], result };
  return result;
}

function centreOfMassShift(roi: PreparedRoi): { value: number; note?: string } {
  const { dims, spacing, morphMask, intensityMask, intensity } = roi;
  const [nx, ny, nz] = dims;
  let n = 0, gx = 0, gy = 0, gz = 0;
  let w = 0, wx = 0, wy = 0, wz = 0;
  for (let k = 0, p = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, p++) {
        if (morphMask[p]) {
          n++;
          gx += i;
          gy += j;
          gz += k;
        }
        if (intensityMask[p]) {
          const x = intensity[p];
          w += x;
          wx += x * i;
          wy += x * j;
          wz += x * k;
        }
      }
  if (n === 0) return { value: NaN, note: "the morphological mask is empty" };
  if (w === 0) return { value: NaN, note: "the intensities in the intensity mask sum to 0: no intensity-weighted centre of mass" };
  return {
    value: Math.hypot((gx / n - wx / w) * spacing[0], (gy / n - wy / w) * spacing[1], (gz / n - wz / w) * spacing[2]),
  };
}

/** Convex hull volume, area and diameter (mm) of lattice points given in doubled voxel units. */
function hullMeasures(grid2: Int32Array, spacing: readonly number[]): { volume: number; area: number; diameter: number; note?: string } {
  const candidates = latticeHullCandidates(grid2);
  const pts = new Int32Array(3 * candidates.length);
  for (let q = 0; q < candidates.length; q++) pts.set(grid2.subarray(3 * candidates[q], 3 * candidates[q] + 3), 3 * q);
  const hull = convexHull(pts);
  if (!hull) return { volume: NaN, area: NaN, diameter: NaN, note: "the mesh vertices do not span 3D: no convex hull" };
  const h = [spacing[0] / 2, spacing[1] / 2, spacing[2] / 2];
  const mm = new Float64Array(pts.length);
  for (let q = 0; q < pts.length; q++) mm[q] = pts[q] * h[q % 3];
  const volume = Math.abs(meshVolume(mm, hull.faces));
  const area = meshArea(mm, hull.faces);
  let d2 = 0;
  const vs = hull.vertices;
  for (let s = 0; s < vs.length; s++) {
    const ax = mm[3 * vs[s]], ay = mm[3 * vs[s] + 1], az = mm[3 * vs[s] + 2];
    for (let t = s + 1; t < vs.length; t++) {
      const dx = mm[3 * vs[t]] - ax, dy = mm[3 * vs[t] + 1] - ay, dz = mm[3 * vs[t] + 2] - az;
      const e = dx * dx + dy * dy + dz * dz;
      if (e > d2) d2 = e;
    }
  }
  return { volume, area, diameter: Math.sqrt(d2) };
}

/** Forgets the remembered mask and intensities (benchmarks measure the uncached cost). */
export function clearMorphologyCache(): void {
  lastShape = undefined;
  lastAutocorrelation = undefined;
}
