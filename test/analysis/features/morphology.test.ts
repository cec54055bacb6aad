import { mulberry32 } from "../../../analysis/core/random.js";
import { describe, expect, it } from "vitest";
import { morphology } from "../../../analysis/features/morphology.js";
import { convexHull } from "../../../analysis/features/morphology/convexHull.js";
import { ellipsoidSurfaceArea } from "../../../analysis/features/morphology/enclosingEllipsoid.js";
import { marchingCubes } from "../../../analysis/features/morphology/marchingCubes.js";
import { meshArea, meshVolume } from "../../../analysis/features/morphology/mesh.js";
import { positionCovariance, symmetricEigenvalues3 } from "../../../analysis/features/morphology/pca.js";
import {
  directPairSums,
  spatialAutocorrelation,
  spatialAutocorrelationNaive,
} from "../../../analysis/features/morphology/spatialAutocorrelation.js";
import type { FeatureValue, PreparedRoi } from "../../../analysis/features/types.js";
import type { Vec3 } from "../../../analysis/core/volume.js";
import { matchesReference } from "../../../analysis/ibsi/matchReferences.js";
import { DIGITAL_PHANTOM_REFERENCES } from "../../../fixtures/ibsiDigitalPhantom.js";
import { digitalPhantomRoi } from "../../../fixtures/digitalPhantomRoi.js";

const rng = mulberry32; // deterministic, so failures reproduce

/** A ROI whose mask is { inside(x, y, z) } with x, y, z the voxel centre in mm. */
function roiFrom(dims: Vec3, spacing: Vec3, inside: (x: number, y: number, z: number) => boolean, value = (i: number, j: number, k: number) => 1 + i + 2 * j + 3 * k): PreparedRoi {
  const [nx, ny, nz] = dims;
  const mask = new Uint8Array(nx * ny * nz);
  const intensity = new Float64Array(mask.length);
  for (let k = 0, p = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, p++) {
        mask[p] = inside(i * spacing[0], j * spacing[1], k * spacing[2]) ? 1 : 0;
        intensity[p] = value(i, j, k);
      }
  return { dims, spacing, intensity, intensityMask: mask, morphMask: mask.slice() };
}

const byCode = (rows: FeatureValue[], code: string): FeatureValue => {
  const row = rows.find((r) => r.ibsiCode === code);
  if (!row) throw new Error(`no feature ${code}`);
  return row;
};

describe("morphology on the IBSI digital phantom", () => {
  const values = morphology(digitalPhantomRoi());
  const references = DIGITAL_PHANTOM_REFERENCES.filter((r) => r.family === "morphology");

  it("computes the 25 features that have reference values, all with aggregation DHQ4", () => {
    expect(references).toHaveLength(25);
    expect(values).toHaveLength(25);
    expect(new Set(values.map((v) => v.ibsiCode))).toEqual(new Set(references.map((r) => r.ibsiCode)));
    for (const v of values) expect(v.aggregationCode).toBe("DHQ4");
  });

  for (const ref of references) {
    it(`${ref.feature} (${ref.ibsiCode}) matches ${ref.value} ± ${ref.tolerance}`, () => {
      const got = byCode(values, ref.ibsiCode);
      expect(matchesReference(got.value, ref.value, ref.tolerance), `got ${got.value}`).toBe(true);
    });
  }
});

describe("marching-cubes mesh", () => {
  it("is closed and consistently oriented: every directed edge has exactly one reversed twin", () => {
    const roi = digitalPhantomRoi();
    const { triangles } = marchingCubes(roi.morphMask, roi.dims, roi.spacing);
    const directed = new Map<string, number>();
    for (let t = 0; t < triangles.length; t += 3)
      for (let e = 0; e < 3; e++) {
        const key = `${triangles[t + e]},${triangles[t + ((e + 1) % 3)]}`;
        directed.set(key, (directed.get(key) ?? 0) + 1);
      }
    for (const [key, count] of directed) {
      const [a, b] = key.split(",");
      expect(count).toBe(1);
      expect(directed.get(`${b},${a}`)).toBe(1);
    }
  });

  it("meshes a single voxel as the octahedron through its face centres, outward normals (positive volume)", () => {
    const mesh = marchingCubes(new Uint8Array([1]), [1, 1, 1], [2, 3, 4]);
    // Octahedron with half-diagonals 1, 1.5, 2: volume (4/3)·1·1.5·2.
    expect(meshVolume(mesh.vertices, mesh.triangles)).toBeCloseTo(4, 12);
    expect(mesh.vertices.length / 3).toBe(6);
  });

  it("gives a voxelised ball's volume within 0.5% of 4/3·π·r³ (anisotropic voxels)", () => {
    const r = 20;
    const spacing: Vec3 = [0.8, 0.9, 1.7];
    const dims: Vec3 = [56, 50, 28];
    const c = [27.5 * 0.8, 24.5 * 0.9, 13.5 * 1.7];
    const roi = roiFrom(dims, spacing, (x, y, z) => Math.hypot(x - c[0], y - c[1], z - c[2]) <= r);
    const mesh = marchingCubes(roi.morphMask, dims, spacing);
    expect(Math.abs(meshVolume(mesh.vertices, mesh.triangles) / ((4 / 3) * Math.PI * r ** 3) - 1)).toBeLessThan(0.005);
  });

  it("gives a voxelised ball's area above 4πr² by the binary-staircase excess (< 10%, isotropic voxels)", () => {
    const r = 20;
    const roi = roiFrom([44, 44, 44], [1, 1, 1], (x, y, z) => Math.hypot(x - 21.5, y - 21.5, z - 21.5) <= r);
    const mesh = marchingCubes(roi.morphMask, roi.dims, roi.spacing);
    // Marching cubes on a 0/1 mask puts every vertex at an edge midpoint: the surface is a
    // chamfered staircase, which overestimates a smooth sphere's area by several percent.
    const ratio = meshArea(mesh.vertices, mesh.triangles) / (4 * Math.PI * r * r);
    expect(ratio).toBeGreaterThan(1);
    expect(ratio).toBeLessThan(1.1);
  });
});

describe("box and cube", () => {
  const box = roiFrom([14, 11, 9], [1.5, 1, 2], (x, y, z) => x >= 3 && x <= 15 && y >= 2 && y <= 8 && z >= 2 && z <= 12);
  // voxels i 2..10 (9), j 2..8 (7), k 1..6 (6)
  const rows = morphology(box);

  it("its AABB has the box's extent, so volume and area densities approach 1 (edge chamfers only)", () => {
    const vd = byCode(rows, "PBX1").value;
    const ad = byCode(rows, "R59B").value;
    expect(vd).toBeLessThan(1);
    expect(vd).toBeGreaterThan(0.9);
    expect(ad).toBeLessThan(1);
    expect(ad).toBeGreaterThan(0.9);
    // The AABB is exactly (n·spacing) per axis: V / PBX1 reconstructs it.
    expect(byCode(rows, "RNU0").value / vd).toBeCloseTo(9 * 1.5 * 7 * 1 * 6 * 2, 9);
  });

  it("its mesh is convex: it equals its hull (densities 1), and the diameter is the exact vertex distance", () => {
    expect(byCode(rows, "R3ER").value).toBeCloseTo(1, 12);
    expect(byCode(rows, "7T7F").value).toBeCloseTo(1, 12);
    // Corners are chamfered: the farthest mesh vertices are opposite face-centre vertices of the
    // corner voxels, e.g. (-½, 0, 0) and (n-½, m-1, l-1) in voxels; which axis gets the ½ depends on
    // the spacing. Box of 9 x 7 x 6 voxels at 1.5 x 1 x 2 mm.
    const ext = [9 * 1.5, 7 * 1, 6 * 2];
    const inner = [8 * 1.5, 6 * 1, 5 * 2];
    const expected = Math.max(
      Math.hypot(ext[0], inner[1], inner[2]),
      Math.hypot(inner[0], ext[1], inner[2]),
      Math.hypot(inner[0], inner[1], ext[2]),
    );
    expect(byCode(rows, "L0JK").value).toBeCloseTo(expected, 12);
  });

  it("a cube's PCA axes are equal (elongation and flatness 1)", () => {
    const cube = morphology(roiFrom([6, 6, 6], [1, 1, 1], () => true));
    expect(byCode(cube, "Q3CK").value).toBeCloseTo(1, 12);
    expect(byCode(cube, "N17B").value).toBeCloseTo(1, 12);
    // Population-free check of the PCA: a 6-voxel line's variance is 3.5 (sample, N-1).
    const line = positionCovariance(new Uint8Array([1, 1, 1, 1, 1, 1]), [6, 1, 1], [1, 1, 1]);
    expect(symmetricEigenvalues3(line.cov)[0]).toBeCloseTo(3.5, 12);
  });
});

describe("convex hull", () => {
  it("contains every input point and uses only input points as vertices (random lattice points)", () => {
    const rand = rng(7);
    const pts = new Int32Array(3 * 400);
    for (let q = 0; q < pts.length; q++) pts[q] = Math.floor(rand() * 9); // many coplanar/collinear points
    const hull = convexHull(pts)!;
    for (let f = 0; f < hull.faces.length; f += 3) {
      const [a, b, c] = [hull.faces[f], hull.faces[f + 1], hull.faces[f + 2]].map((i) => [pts[3 * i], pts[3 * i + 1], pts[3 * i + 2]]);
      const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
      const v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
      const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
      for (let p = 0; p < 400; p++) {
        const h = n[0] * (pts[3 * p] - a[0]) + n[1] * (pts[3 * p + 1] - a[1]) + n[2] * (pts[3 * p + 2] - a[2]);
        expect(h).toBeLessThanOrEqual(0);
      }
    }
  });

  it("of the corners of a cube is the cube (volume 8, area 24 for side 2)", () => {
    const corners: number[] = [];
    for (let c = 0; c < 8; c++) corners.push(2 * (c & 1), 2 * ((c >> 1) & 1), 2 * ((c >> 2) & 1));
    corners.push(1, 1, 1, 1, 1, 0, 0, 1, 1); // interior and face points are not vertices
    const pts = Int32Array.from(corners);
    const hull = convexHull(pts)!;
    const mm = Float64Array.from(pts);
    expect(meshVolume(mm, hull.faces)).toBeCloseTo(8, 12);
    expect(meshArea(mm, hull.faces)).toBeCloseTo(24, 12);
    expect(hull.vertices.length).toBe(8);
  });

  it("returns undefined for coplanar points", () => {
    expect(convexHull(Int32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0]))).toBeUndefined();
  });
});

describe("ellipsoid surface area (Legendre series)", () => {
  it("is 4πr² for a sphere", () => {
    expect(ellipsoidSurfaceArea(3, 3, 3)).toBeCloseTo(4 * Math.PI * 9, 10);
  });
  it("evaluates IBSI's series as written (P_ν by the plain Legendre recurrence), as the reference values do", () => {
    // IBSI's eccentricities (b/a and c/a) differ from the exact-area series (c/a and c/b): on the
    // digital phantom's axes the two differ by 4%, and only IBSI's form reproduces RDD2 = 1.36.
    const [a, b, c] = [5.7, 4.65, 4.27];
    const alpha = Math.sqrt(1 - (b * b) / (a * a));
    const beta = Math.sqrt(1 - (c * c) / (a * a));
    const x = (alpha * alpha + beta * beta) / (2 * alpha * beta);
    let [pPrev, p] = [1, x];
    let sum = 1 + (alpha * beta * x) / (1 - 4);
    for (let nu = 1; nu < 20; nu++) {
      [pPrev, p] = [p, ((2 * nu + 1) * x * p - nu * pPrev) / (nu + 1)];
      sum += ((alpha * beta) ** (nu + 1) * p) / (1 - 4 * (nu + 1) ** 2);
    }
    expect(ellipsoidSurfaceArea(a, b, c)).toBeCloseTo(4 * Math.PI * a * b * sum, 9);
  });
});

describe("Moran's I and Geary's C: FFT convolution equals the O(N²) definition", () => {
  const cases: { dims: Vec3; spacing: Vec3; seed: number }[] = [
    { dims: [7, 5, 4], spacing: [1, 1, 1], seed: 1 },
    { dims: [9, 6, 3], spacing: [0.7, 1.1, 2.5], seed: 2 },
    { dims: [5, 8, 6], spacing: [2, 0.5, 1.25], seed: 3 },
    { dims: [12, 1, 1], spacing: [1.3, 1, 1], seed: 4 },
  ];
  for (const { dims, spacing, seed } of cases) {
    it(`agrees to 1e-9 on a random ROI ${dims.join("x")} at ${spacing.join("x")} mm`, () => {
      const rand = rng(seed);
      const n = dims[0] * dims[1] * dims[2];
      const mask = new Uint8Array(n);
      const intensity = new Float64Array(n);
      for (let p = 0; p < n; p++) {
        mask[p] = rand() < 0.7 ? 1 : 0;
        // Smooth trend plus noise: spatially correlated, so I is well away from 0.
        intensity[p] = (p % dims[0]) * 3 + rand() * 4 - 50;
      }
      const naive = spatialAutocorrelationNaive(intensity, mask, dims, spacing);
      for (const method of ["fft", "direct", "auto"] as const) {
        const fast = spatialAutocorrelation(intensity, mask, dims, spacing, undefined, method);
        expect(Math.abs(fast.moranI / naive.moranI - 1), method).toBeLessThan(1e-9);
        expect(Math.abs(fast.gearyC / naive.gearyC - 1), method).toBeLessThan(1e-9);
        expect(fast.note).toBeUndefined();
      }
    });
  }

  it("sums a small ROI's pairs directly (the same as the definition), a large one's by FFT", () => {
    const rand = rng(5);
    const make = (dims: Vec3) => {
      const n = dims[0] * dims[1] * dims[2];
      const mask = Uint8Array.from({ length: n }, () => (rand() < 0.9 ? 1 : 0));
      const intensity = Float64Array.from({ length: n }, (_, p) => (p % dims[0]) * 2 + rand() * 5);
      return { mask, intensity };
    };
    // a small ROI: auto gives the direct sums, bit for bit
    const small = make([9, 8, 7]);
    const spacing: Vec3 = [0.8, 0.8, 2.5];
    const auto = spatialAutocorrelation(small.intensity, small.mask, [9, 8, 7], spacing);
    expect(auto).toEqual(spatialAutocorrelation(small.intensity, small.mask, [9, 8, 7], spacing, undefined, "direct"));
    // a large compact one: auto gives the FFT's, bit for bit; the two methods agree
    const large = make([30, 30, 30]);
    const viaFft = spatialAutocorrelation(large.intensity, large.mask, [30, 30, 30], spacing, undefined, "fft");
    expect(spatialAutocorrelation(large.intensity, large.mask, [30, 30, 30], spacing)).toEqual(viaFft);
    const direct = spatialAutocorrelation(large.intensity, large.mask, [30, 30, 30], spacing, undefined, "direct");
    expect(Math.abs(direct.moranI / viaFft.moranI - 1)).toBeLessThan(1e-9);
    expect(Math.abs(direct.gearyC / viaFft.gearyC - 1)).toBeLessThan(1e-9);
  });

  it("sums pairs row by row with the same weights whether they come from the offset table or per pair of rows", () => {
    const rand = rng(8);
    // a compact ROI (the table serves it) and a sparse one in a wide box (each row pair computes its strip)
    for (const [dims, fill] of [[[10, 7, 5], 0.8], [[40, 9, 6], 0.03]] as [Vec3, number][]) {
      const n = dims[0] * dims[1] * dims[2];
      const mask = Uint8Array.from({ length: n }, () => (rand() < fill ? 1 : 0));
      const intensity = Float64Array.from({ length: n }, (_, p) => (p % dims[0]) * 1.5 + rand() * 6);
      const spacing: Vec3 = [0.7, 1.3, 2.1];
      let count = 0;
      let sum = 0;
      for (let p = 0; p < n; p++) if (mask[p]) (count++, (sum += intensity[p]));
      const byTable = directPairSums(intensity, mask, dims, spacing, sum / count, true);
      expect(directPairSums(intensity, mask, dims, spacing, sum / count, false)).toEqual(byTable);
      const naive = spatialAutocorrelationNaive(intensity, mask, dims, spacing);
      const direct = spatialAutocorrelation(intensity, mask, dims, spacing, undefined, "direct");
      expect(Math.abs(direct.moranI / naive.moranI - 1)).toBeLessThan(1e-12);
      expect(Math.abs(direct.gearyC / naive.gearyC - 1)).toBeLessThan(1e-12);
    }
  });

  it("reuses the kernel spectrum across calls on the same box, and recomputes it for another", () => {
    const rand = rng(21);
    const make = (dims: Vec3) => {
      const n = dims[0] * dims[1] * dims[2];
      const mask = Uint8Array.from({ length: n }, () => (rand() < 0.75 ? 1 : 0));
      const intensity = Float64Array.from({ length: n }, (_, p) => (p % 3) * 5 + rand());
      return { mask, intensity };
    };
    const spacing: Vec3 = [1.1, 0.9, 2];
    for (const dims of [[6, 5, 4], [6, 5, 4], [4, 6, 5], [6, 5, 4]] as Vec3[]) {
      const { mask, intensity } = make(dims);
      const fast = spatialAutocorrelation(intensity, mask, dims, spacing, undefined, "fft");
      const naive = spatialAutocorrelationNaive(intensity, mask, dims, spacing);
      expect(Math.abs(fast.moranI / naive.moranI - 1)).toBeLessThan(1e-9);
      expect(Math.abs(fast.gearyC / naive.gearyC - 1)).toBeLessThan(1e-9);
    }
  });

  it("stays exact when memory is short and the box is processed in z slabs", () => {
    const rand = rng(11);
    const dims: Vec3 = [6, 5, 7];
    const spacing: Vec3 = [0.9, 1.2, 2.2];
    const n = dims[0] * dims[1] * dims[2];
    const mask = new Uint8Array(n);
    const intensity = new Float64Array(n);
    for (let p = 0; p < n; p++) {
      mask[p] = rand() < 0.8 ? 1 : 0;
      intensity[p] = Math.floor(p / 30) * 2 + rand() * 3;
    }
    const naive = spatialAutocorrelationNaive(intensity, mask, dims, spacing);
    // One slab needs 4 x 8 x 16 x 16 x 16 bytes; these budgets force 2, 4 and 7 slabs.
    for (const budget of [6 * 8 * 16 * 16 * 8, 6 * 8 * 16 * 16 * 4, 6 * 8 * 16 * 16]) {
      const fast = spatialAutocorrelation(intensity, mask, dims, spacing, budget, "fft");
      expect(Math.abs(fast.moranI / naive.moranI - 1)).toBeLessThan(1e-9);
      expect(Math.abs(fast.gearyC / naive.gearyC - 1)).toBeLessThan(1e-9);
    }
    // Not even one-plane slabs fit: NaN with a note, no exception.
    const none = spatialAutocorrelation(intensity, mask, dims, spacing, 1000, "fft");
    expect(none.moranI).toBeNaN();
    expect(none.note).toMatch(/too large/);
  });

  it("uses the intensity mask, not the morphological mask", () => {
    const roi = digitalPhantomRoi();
    const reduced = { ...roi, intensityMask: roi.intensityMask.map((m, p) => (m && roi.intensity[p] < 6 ? 1 : 0)) };
    const got = morphology(reduced);
    const naive = spatialAutocorrelationNaive(reduced.intensity, reduced.intensityMask, roi.dims, roi.spacing);
    expect(byCode(got, "N365").value).toBeCloseTo(naive.moranI, 12);
    // The mesh still comes from the morphological mask.
    expect(byCode(got, "RNU0").value).toBeCloseTo(byCode(morphology(roi), "RNU0").value, 12);
  });
});

describe("degenerate ROIs give defined values or NaN with a note, never an exception", () => {
  const check = (roi: PreparedRoi) => {
    const rows = morphology(roi);
    expect(rows).toHaveLength(25);
    for (const r of rows) if (!Number.isFinite(r.value)) expect(r.note, `${r.ibsiCode} is ${r.value} without a note`).toBeTruthy();
    return rows;
  };

  it("one voxel: mesh features finite, PCA ratios and Moran/Geary NaN with notes", () => {
    const rows = check(roiFrom([1, 1, 1], [2, 2, 2], () => true));
    expect(byCode(rows, "RNU0").value).toBeCloseTo((4 / 3) * 1 * 1 * 1, 12);
    expect(byCode(rows, "L0JK").value).toBeCloseTo(2, 12);
    expect(byCode(rows, "TDIC").value).toBe(0);
    expect(byCode(rows, "Q3CK").value).toBeNaN();
    expect(byCode(rows, "N365").value).toBeNaN();
    expect(byCode(rows, "R3ER").value).toBeCloseTo(1, 12);
  });

  it("a one-voxel line: minor and least axes 0, AEE densities NaN with notes", () => {
    const rows = check(roiFrom([6, 1, 1], [1, 1, 1], () => true));
    expect(byCode(rows, "P9VJ").value).toBe(0);
    expect(byCode(rows, "Q3CK").value).toBe(0);
    expect(byCode(rows, "6BDE").value).toBeNaN();
    expect(byCode(rows, "RDD2").value).toBeNaN();
    expect(Number.isFinite(byCode(rows, "N365").value)).toBe(true);
  });

  it("an oblique line (rank-1 covariance despite rounding): AEE densities NaN with notes", () => {
    const rows = check(roiFrom([5, 5, 5], [0.7, 1.1, 1.3], (x, y, z) => Math.abs(x / 0.7 - y / 1.1) < 0.1 && Math.abs(y / 1.1 - z / 1.3) < 0.1));
    expect(byCode(rows, "P9VJ").value).toBe(0);
    expect(byCode(rows, "6BDE").value).toBeNaN();
    expect(byCode(rows, "RDD2").note).toMatch(/segment/);
  });

  it("a single slice: flatness 0, everything else defined", () => {
    const rows = check(roiFrom([5, 4, 1], [1, 1, 3], () => true));
    expect(byCode(rows, "N17B").value).toBe(0);
    expect(Number.isFinite(byCode(rows, "R3ER").value)).toBe(true);
    expect(Number.isFinite(byCode(rows, "L0JK").value)).toBe(true);
  });

  it("constant intensities: Moran's I and Geary's C NaN with a note", () => {
    const rows = check(roiFrom([4, 4, 4], [1, 1, 1], () => true, () => 7));
    expect(byCode(rows, "NPT7").note).toMatch(/equal/);
  });

  it("an empty mask: NaN with notes", () => {
    const rows = check(roiFrom([3, 3, 3], [1, 1, 1], () => false));
    expect(byCode(rows, "RNU0").value).toBeNaN();
  });
});

describe("speed", () => {
  it("computes the whole family for a ball in a 64³ box in under 2 s of CPU time", () => {
    const roi = roiFrom([64, 64, 64], [1, 1, 1], (x, y, z) => Math.hypot(x - 31.5, y - 31.5, z - 31.5) <= 30, (i, j, k) => Math.sin(i / 5) * 100 + j + ((i * 7 + k * 13) % 5));
    const before = process.cpuUsage();
    const rows = morphology(roi);
    const used = process.cpuUsage(before);
    // CPU time rather than wall time: the test machines are shared.
    expect((used.user + used.system) / 1000).toBeLessThan(2000);
    expect(rows.every((r) => Number.isFinite(r.value))).toBe(true);
  });
});
