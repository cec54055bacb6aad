import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { PNG } from "pngjs";
import { countMask } from "../../analysis/core/volume.js";
import { buildFaceMask } from "../../masks/faceMask.js";
import { defaceToFolder, DEFACE_OUTPUTS } from "../deface/defaceToFolder.js";
import { readMask, readVolume } from "../io/readVolume.js";
import type { CheckResult, ValidationSection } from "./types.js";

/**
 * Defaces the real heads in DATA/heads with the built-in shear defacer and checks both sides of
 * the trade: no brain voxel removed, the face gone (residual facial skin below 10 %), and the
 * renders written (into the work folder: look at them with `validate --keep`).
 */
const RESIDUAL_LIMIT_PERCENT = 10;

interface HeadCase {
  name: string;
  image: string;
  brainMask?: string;
}

const CASES: HeadCase[] = [
  { name: "ct_head_face (automatic CT brain mask)", image: "ct_head_face.nii.gz" },
  { name: "mri_t1_colin27 (with its brain mask)", image: "mri_t1_colin27.nii.gz", brainMask: "mri_t1_colin27_brainmask.nii.gz" },
  { name: "mri_t1_head_face (head-geometry brain estimate)", image: "mri_t1_head_face.nii.gz" },
];

export const headsSection: ValidationSection = {
  name: "heads",
  async run(dataDir, workDir, log) {
    const heads = join(dataDir, "heads");
    const checks: CheckResult[] = [];
    for (const c of CASES) {
      const image = join(heads, c.image);
      if (!existsSync(image)) {
        checks.push({ name: `${c.name}: input`, ok: false, detail: `missing ${image}` });
        continue;
      }
      const out = join(workDir, c.image.replace(/\.nii\.gz$/, ""));
      const started = Date.now();
      const { summary } = defaceToFolder({
        image,
        out,
        brainMask: c.brainMask ? join(heads, c.brainMask) : undefined,
        log: (line) => log(`  ${c.image}: ${line}`),
      });
      const seconds = (Date.now() - started) / 1000;
      const brainLost = summary.safety.brain_intrusion_voxels;
      checks.push({
        name: `${c.name}: brain voxels removed`,
        ok: brainLost === 0,
        detail: `${brainLost} voxels (brain mask: ${summary.brain_mask}); ${summary.safety.head_removed_percent} % of the head removed, ${seconds.toFixed(1)} s`,
      });
      const residual = summary.privacy.residual_face_percent;
      checks.push({
        name: `${c.name}: residual face < ${RESIDUAL_LIMIT_PERCENT} %`,
        ok: residual !== null && residual < RESIDUAL_LIMIT_PERCENT,
        detail:
          `${residual} % of the facial skin surface left (central face, ${summary.privacy.facial_surface_mm2} mm²); ` +
          `with cheeks and temples ${summary.privacy.residual_face_with_cheeks_percent} %`,
      });
      checks.push(rendersCheck(c.name, out));
      if (summary.brain_mask === "mr-head-geometry")
        checks.push({
          name: `${c.name}: fallback warning given`,
          ok: summary.warnings.some((w) => w.includes("estimated from head geometry")),
          detail: summary.warnings.join("; ") || "no warning",
        });
    }
    checks.push(fallbackAgainstRealBrain(heads, log));
    return checks;
  },
};

/** Every render exists, decodes, and the after-image differs from the before-image. */
function rendersCheck(name: string, out: string): CheckResult {
  const missing = DEFACE_OUTPUTS.filter((f) => !existsSync(join(out, f)));
  if (missing.length) return { name: `${name}: outputs written`, ok: false, detail: `missing ${missing.join(", ")}` };
  const decode = (f: string) => PNG.sync.read(readFileSync(join(out, f)));
  const changedShare = (view: string) => {
    const a = decode(`render_${view}_before.png`).data;
    const b = decode(`render_${view}_after.png`).data;
    let changed = 0;
    for (let p = 0; p < a.length; p += 4) if (a[p] !== b[p] || a[p + 1] !== b[p + 1] || a[p + 2] !== b[p + 2]) changed++;
    return changed / (a.length / 4);
  };
  const front = changedShare("front");
  const side = changedShare("side");
  return {
    name: `${name}: outputs and renders written`,
    ok: front > 0.02 && side > 0.02,
    detail: `${DEFACE_OUTPUTS.length} files in ${out}; render pixels changed by defacing: front ${(100 * front).toFixed(1)} %, side ${(100 * side).toFixed(1)} %`,
  };
}

/**
 * How much real brain would the head-geometry estimate have cost? Colin27 without its brain mask,
 * the cut measured against the real one.
 */
function fallbackAgainstRealBrain(heads: string, log: (line: string) => void): CheckResult {
  const name = "mri_t1_colin27 defaced without its brain mask: real brain removed < 0.1 %";
  const image = readVolume(join(heads, "mri_t1_colin27.nii.gz"));
  const real = readMask(join(heads, "mri_t1_colin27_brainmask.nii.gz"), image);
  const r = buildFaceMask(image, { source: { kind: "shear" }, modality: "mr", log: (l) => log(`  colin27 (fallback): ${l}`) });
  let lost = 0;
  for (let i = 0; i < real.length; i++) if (real[i] && r.mask[i]) lost++;
  const share = lost / countMask(real);
  return { name, ok: share < 0.001, detail: `${lost} of ${countMask(real)} brain voxels (${(100 * share).toFixed(4)} %)` };
}
