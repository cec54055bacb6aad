import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { DefaceImpactError } from "../../analysis/core/errors.js";
import { affineSpacing, assertSameGrid, countMask, toMask, type Vec3, type Volume } from "../../analysis/core/volume.js";
import { quaternionAffine, readNifti, readNiftiHeaderInfo, writeNifti } from "../io/nifti.js";
import { voxelTypeOf, type VoxelType } from "../io/voxelTypes.js";
import type { CheckResult, ValidationSection } from "./types.js";

interface Expected {
  dims: Vec3;
  spacing: Vec3;
  type: VoxelType;
  /** [qform_code, sform_code] where the README states them. */
  codes?: [number, number];
  /** number of non-zero voxels, for masks. */
  maskCount?: number;
  /** the image this mask must share its grid with. */
  gridOf?: string;
}

/**
 * What ../shared/data/README.md (tables "ibsi/" and "heads/") says about each NIfTI file: sizes
 * x,y,z, voxel sizes in mm (given there to 3 decimals, hence the 1e-3 relative tolerance), stored
 * type, xform codes, ROI voxel counts. Paths are relative to the data folder.
 */
const EXPECTED: Record<string, Expected> = {
  "ibsi/digital_phantom/image.nii.gz": { dims: [5, 4, 4], spacing: [2, 2, 2], type: "int16" },
  "ibsi/digital_phantom/mask.nii.gz": { dims: [5, 4, 4], spacing: [2, 2, 2], type: "int16", maskCount: 74, gridOf: "ibsi/digital_phantom/image.nii.gz" },
  "ibsi/ct_phantom/nifti/image.nii.gz": { dims: [204, 201, 60], spacing: [0.977, 0.977, 3.0], type: "float32" },
  "ibsi/ct_phantom/nifti/mask.nii.gz": { dims: [204, 201, 60], spacing: [0.977, 0.977, 3.0], type: "uint8", maskCount: 125256, gridOf: "ibsi/ct_phantom/nifti/image.nii.gz" },
  "heads/ct_head_face.nii.gz": { dims: [256, 256, 108], spacing: [0.957, 0.957, 1.5], type: "int16" },
  "heads/mri_t1_head_face.nii.gz": { dims: [104, 150, 133], spacing: [1.6, 1.6, 1.6], type: "uint8", codes: [2, 2] },
  "heads/mri_t1_colin27.nii.gz": { dims: [181, 217, 181], spacing: [1, 1, 1], type: "uint8", codes: [0, 4] },
  "heads/mri_t1_colin27_brainmask.nii.gz": { dims: [181, 217, 181], spacing: [1, 1, 1], type: "uint8", gridOf: "heads/mri_t1_colin27.nii.gz" },
};

const SPACING_TOLERANCE = 1e-3; // relative: the README rounds voxel sizes to 3 decimals

function findNifti(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return findNifti(p);
    return /\.nii(\.gz)?$/i.test(name) ? [p] : [];
  });
}

const relClose = (a: number, b: number) => Math.abs(a - b) <= SPACING_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
const fmt = (v: readonly number[]) => v.map((x) => +x.toFixed(4)).join(" x ");

/** Reads every NIfTI file under ibsi/ and heads/ and checks its grid against the README. */
export const niftiGeometrySection: ValidationSection = {
  name: "nifti-geometry", // NIfTI reading and geometry of the reference data
  async run(dataDir, workDir, log) {
    const results: CheckResult[] = [];
    const check = (name: string, ok: boolean, detail: string) => results.push({ name, ok, detail });
    const files = ["ibsi", "heads"].flatMap((sub) => findNifti(join(dataDir, sub)));
    const seen = new Map<string, Volume>();

    for (const path of files) {
      const rel = relative(dataDir, path).split("\\").join("/");
      log(`reading ${rel}`);
      let v: Volume;
      try {
        v = readNifti(path);
      } catch (err) {
        check(`${rel} read`, false, err instanceof DefaceImpactError ? err.message : String(err));
        continue;
      }
      seen.set(rel, v);
      const type = voxelTypeOf(v.data);
      check(`${rel} read`, true, `${fmt(v.dims)} voxels, ${type}`);
      // the affine's column lengths must agree with pixdim, or sform/qform were mis-read
      const fromAffine = affineSpacing(v.affine);
      check(`${rel} affine vs pixdim`, v.spacing.every((s, n) => relClose(s, fromAffine[n])), `affine ${fmt(fromAffine)} mm, pixdim ${fmt(v.spacing)} mm`);

      // where a file has both, its qform must describe the same grid as its sform (tests our quaternion code)
      const h = readNiftiHeaderInfo(path);
      if (h.qformCode > 0 && h.sformCode > 0) {
        const q = quaternionAffine(h.quatern, h.qoffset, [h.pixdim[1], h.pixdim[2], h.pixdim[3]], h.pixdim[0] < 0 ? -1 : 1);
        const worst = Math.max(...q.map((x, i) => Math.abs(x - v.affine[i])));
        check(`${rel} qform vs sform`, worst <= 1e-3, `largest difference ${worst.toExponential(2)} (mm or mm/voxel)`);
      }

      const e = EXPECTED[rel];
      if (!e) {
        check(`${rel} expected values`, true, "not listed in the README table: only read");
      } else {
        check(`${rel} dims`, e.dims.every((d, n) => d === v.dims[n]), `${fmt(v.dims)} (README ${fmt(e.dims)})`);
        check(`${rel} spacing`, e.spacing.every((s, n) => relClose(s, v.spacing[n])), `${fmt(v.spacing)} mm (README ${fmt(e.spacing)} mm)`);
        check(`${rel} stored type`, type === e.type, `${type} (README ${e.type})`);
        if (e.codes) {
          const ok = h.qformCode === e.codes[0] && h.sformCode === e.codes[1];
          check(`${rel} xform codes`, ok, `qform ${h.qformCode}, sform ${h.sformCode} (README ${e.codes.join(", ")})`);
        }
        if (e.maskCount !== undefined || e.gridOf) {
          let binary = true;
          for (let i = 0; i < v.data.length && binary; i++) binary = v.data[i] === 0 || v.data[i] === 1;
          check(`${rel} binary`, binary, binary ? "values 0 and 1 only" : "holds values other than 0 and 1");
        }
        if (e.maskCount !== undefined) {
          const n = countMask(toMask(v.data));
          check(`${rel} ROI voxels`, n === e.maskCount, `${n} (README ${e.maskCount})`);
        }
        if (e.gridOf) {
          const ref = seen.get(e.gridOf);
          if (!ref) {
            check(`${rel} grid`, false, `${e.gridOf} was not read`);
          } else {
            try {
              assertSameGrid(ref, v, rel, e.gridOf);
              check(`${rel} grid`, true, `same grid as ${e.gridOf}`);
            } catch (err) {
              check(`${rel} grid`, false, (err as Error).message);
            }
          }
        }
      }

      // our writer must reproduce the file: voxels, type and geometry (float32 header precision)
      const out = join(workDir, rel.replace(/[/\\]/g, "_").replace(/\.gz$/i, ""));
      writeNifti(out, v);
      const back = readNifti(out);
      const sameData = back.data.length === v.data.length && back.data.constructor === v.data.constructor && back.data.every((x, i) => x === v.data[i]);
      const extent = Math.max(...v.spacing) * Math.max(...v.dims);
      const sameAffine = back.affine.every((x, i) => Math.abs(x - v.affine[i]) <= 1e-5 * Math.max(1, extent));
      check(`${rel} write/read round trip`, sameData && sameAffine, `voxels ${sameData ? "identical" : "differ"}, affine ${sameAffine ? "identical" : "differs"}`);
    }

    for (const rel of Object.keys(EXPECTED)) {
      if (!seen.has(rel) && !results.some((r) => r.name === `${rel} read`)) check(`${rel} present`, false, "listed in the README but not found");
    }
    return results;
  },
};
