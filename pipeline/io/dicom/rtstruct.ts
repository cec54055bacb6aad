import { readFileSync } from "node:fs";
import { DefaceImpactError, inputError } from "../../../analysis/core/errors.js";
import type { Affine, Grid, Mask } from "../../../analysis/core/volume.js";
import { hasDicmMarker, naturalize, parsePart10 } from "./part10.js";

/** One structure of an RT Structure Set. */
export interface RtstructRoi {
  number: number;
  name: string;
  /** number of CLOSED_PLANAR contours. */
  contours: number;
}

const RTSTRUCT_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.481.3";

const asArray = (v: any): any[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

function readRtstruct(file: string): Record<string, any> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw inputError(`cannot read the RTSTRUCT file (${(err as Error).message})`, file, err);
  }
  if (!hasDicmMarker(bytes)) throw inputError("not a DICOM Part 10 file (no DICM marker)", file);
  let ds: Record<string, any>;
  try {
    const parsed = parsePart10(bytes);
    // read in part, a structure set may have lost contours without a trace: refuse it (an image
    // series' file, by contrast, is checked against the pixels its header promises); a file cut
    // short before any pixel data, where the contours are, parsePart10 refuses itself
    if (parsed.repaired) throw inputError(`damaged DICOM file (${parsed.repaired}): a structure set read in part could miss contours`, file);
    ds = naturalize(parsed.dict);
  } catch (err) {
    if (err instanceof DefaceImpactError) throw err;
    throw inputError(`not parseable as DICOM (${(err as Error).message})`, file, err);
  }
  if (ds.Modality !== "RTSTRUCT" && ds.SOPClassUID !== RTSTRUCT_SOP_CLASS) {
    throw inputError(`not an RT Structure Set (Modality ${ds.Modality ?? "missing"})`, file);
  }
  return ds;
}

function contourItemsOf(ds: Record<string, any>, roiNumber: number): any[] {
  const roiContour = asArray(ds.ROIContourSequence).find((c) => Number(c.ReferencedROINumber) === roiNumber);
  return asArray(roiContour?.ContourSequence).filter((c) => String(c.ContourGeometricType ?? "CLOSED_PLANAR").trim() === "CLOSED_PLANAR");
}

/** The structures (ROIs) of an RTSTRUCT file, in file order. */
export function listRtstructRois(file: string): RtstructRoi[] {
  const ds = readRtstruct(file);
  return asArray(ds.StructureSetROISequence).map((r) => ({
    number: Number(r.ROINumber),
    name: String(r.ROIName ?? "").trim(),
    contours: contourItemsOf(ds, Number(r.ROINumber)).length,
  }));
}

/** How far (in voxels, beyond the outer voxel edge) a contour point may lie and still count as inside the image. */
const EDGE = 0.5;

/** Inverse of the 3x3 part of a row-major 4x4 affine, applied to (p - translation): world -> voxel. */
function worldToVoxel(affine: Affine): (x: number, y: number, z: number) => [number, number, number] {
  const [a, b, c, tx, d, e, f, ty, g, h, i, tz] = affine;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  const inv = [
    (e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det,
    (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
    (d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det,
  ];
  return (x, y, z) => {
    const px = x - tx, py = y - ty, pz = z - tz;
    return [
      inv[0] * px + inv[1] * py + inv[2] * pz,
      inv[3] * px + inv[4] * py + inv[5] * pz,
      inv[6] * px + inv[7] * py + inv[8] * pz,
    ];
  };
}

/**
 * Rasterises one ROI of an RTSTRUCT onto an image grid: each closed planar contour is assigned to
 * the slice nearest its plane, and a voxel is inside when its centre is inside an odd number of
 * that slice's contours (even-odd rule, so a contour inside another is a hole).
 */
export function rasteriseRtstruct(file: string, roiName: string, grid: Grid): Mask {
  const ds = readRtstruct(file);
  const rois = asArray(ds.StructureSetROISequence);
  const roi = rois.find((r) => String(r.ROIName ?? "").trim() === roiName.trim());
  if (!roi) {
    const names = rois.map((r) => `"${String(r.ROIName ?? "").trim()}"`).join(", ");
    throw inputError(`no ROI named "${roiName}"; the structure set holds: ${names || "(none)"}`, file);
  }
  const items = contourItemsOf(ds, Number(roi.ROINumber));
  if (items.length === 0) throw inputError(`ROI "${roiName}" has no closed planar contours`, file);

  const [nx, ny, nz] = grid.dims;
  const toVoxel = worldToVoxel(grid.affine);
  // Polygons per slice, in continuous voxel coordinates (i, j).
  const bySlice = new Map<number, Array<Float64Array>>();
  // Contours (or parts of them) off the image would silently shrink the ROI: they are errors.
  const off: string[] = [];
  items.forEach((item, c) => {
    // an empty value (what a NaN becomes when written as DS) is missing, not 0
    const pts = asArray(item.ContourData).map((v) => (v === null || v === undefined || v === "" ? NaN : Number(v)));
    const n = Math.floor(pts.length / 3);
    // a count that disagrees with the data is a damaged contour: skipping or closing it would silently change the ROI
    const declared = item.NumberOfContourPoints;
    if (declared !== undefined && declared !== null && declared !== "" && Number(declared) * 3 !== pts.length) {
      throw inputError(`ROI "${roiName}": contour ${c + 1} has ${pts.length} ContourData numbers but NumberOfContourPoints ${declared} (3 per point): the contour is damaged`, file);
    }
    if (n < 3) return; // a point or a line encloses nothing
    if (pts.length !== 3 * n || pts.some((x) => !Number.isFinite(x))) {
      throw inputError(`ROI "${roiName}": contour ${c + 1} has malformed ContourData (${pts.length} numbers, each point needs 3 finite coordinates)`, file);
    }
    const poly = new Float64Array(2 * n);
    let kSum = 0;
    let outOfPlane = 0;
    for (let p = 0; p < n; p++) {
      // ContourData is in DICOM patient coordinates (LPS); the grid's affine maps to RAS.
      const [vi, vj, vk] = toVoxel(-pts[3 * p], -pts[3 * p + 1], pts[3 * p + 2]);
      poly[2 * p] = vi;
      poly[2 * p + 1] = vj;
      kSum += vk;
      if (vi < -0.5 - EDGE || vj < -0.5 - EDGE || vi > nx - 0.5 + EDGE || vj > ny - 0.5 + EDGE) outOfPlane++;
    }
    const k = Math.round(kSum / n);
    if (k < 0 || k >= nz) off.push(`contour ${c + 1} lies at slice ${k}, outside 0..${nz - 1}`);
    else if (outOfPlane) off.push(`contour ${c + 1} has ${outOfPlane} of ${n} points beyond the image's edge`);
    else {
      let list = bySlice.get(k);
      if (!list) bySlice.set(k, (list = []));
      list.push(poly);
    }
  });
  if (off.length) {
    throw inputError(
      `ROI "${roiName}" is not inside the image (${off.length} of ${items.length} contours: ${off.slice(0, 3).join("; ")}${off.length > 3 ? "; ..." : ""}): ` +
        "a different frame of reference or field of view? the ROI would be cut off",
      file,
    );
  }
  if (bySlice.size === 0) throw inputError(`ROI "${roiName}" has no contour of 3 or more points`, file);

  const mask = new Uint8Array(nx * ny * nz);
  const crossings: number[] = [];
  for (const [k, polys] of bySlice) {
    let jMin = Infinity;
    let jMax = -Infinity;
    for (const poly of polys) {
      for (let p = 1; p < poly.length; p += 2) {
        jMin = Math.min(jMin, poly[p]);
        jMax = Math.max(jMax, poly[p]);
      }
    }
    const j0 = Math.max(0, Math.ceil(jMin));
    const j1 = Math.min(ny - 1, Math.floor(jMax));
    for (let j = j0; j <= j1; j++) {
      // x positions where the row of voxel centres y = j crosses an edge (half-open rule).
      crossings.length = 0;
      for (const poly of polys) {
        const n = poly.length / 2;
        for (let p = 0, q = n - 1; p < n; q = p++) {
          const y0 = poly[2 * q + 1];
          const y1 = poly[2 * p + 1];
          if (y0 <= j !== y1 <= j) {
            const x0 = poly[2 * q];
            const x1 = poly[2 * p];
            crossings.push(x0 + ((j - y0) * (x1 - x0)) / (y1 - y0));
          }
        }
      }
      crossings.sort((a, b) => a - b);
      // Even-odd: centres between crossing 2m and 2m+1 are inside.
      const row = nx * (j + ny * k);
      for (let c = 0; c + 1 < crossings.length; c += 2) {
        const iStart = Math.max(0, Math.ceil(crossings[c]));
        const iEnd = Math.min(nx - 1, Math.floor(crossings[c + 1]));
        for (let i = iStart; i <= iEnd; i++) mask[row + i] = 1;
      }
    }
  }
  return mask;
}
