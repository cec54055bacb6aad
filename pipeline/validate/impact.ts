import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Mask, Volume } from "../../analysis/core/volume.js";
import type { Settings } from "../../analysis/settings.js";
import { ctBrainMask } from "../../masks/brainMaskCt.js";
import { headMask } from "../../masks/headMask.js";
import { readMask, readVolume } from "../io/readVolume.js";
import { availableNormalisations } from "../run/availableNormalisations.js";
import { defacingConditions } from "../run/defacingConditions.js";
import { defaultThreads, threadPool } from "../pool/runJobs.js";
import { runSubject } from "../run/runSubject.js";
import type { CheckResult, ValidationSection } from "./types.js";

/**
 * The defacing impact on real heads, under the user's settings (`validate --settings …`): each head
 * is defaced by the shear defacer with the settings' first fill, a ROI sphere is placed at the
 * centre of its brain (far from the face), and every feature is computed for the original and the
 * defaced image under every normalisation. Checks: every prediction marked exact is met to
 * rounding (the closed forms hold on real data, through the settings' processing), and
 * zscore-unmasked, the mitigation, moves nothing.
 */
const ROI_RADIUS_MM = 12;

interface ImpactCase {
  name: string;
  image: string;
  brainMask?: string;
}

const CASES: ImpactCase[] = [
  { name: "ct_head_face (automatic CT brain mask)", image: "ct_head_face.nii.gz" },
  { name: "mri_t1_colin27 (with its brain mask)", image: "mri_t1_colin27.nii.gz", brainMask: "mri_t1_colin27_brainmask.nii.gz" },
];

export const impactSection: ValidationSection = {
  name: "impact",
  async run(dataDir, _workDir, log, settings) {
    const checks: CheckResult[] = [];
    for (const c of CASES) {
      const path = join(dataDir, "heads", c.image);
      if (!existsSync(path)) {
        checks.push({ name: `${c.name}: input`, ok: false, detail: `missing ${path}` });
        continue;
      }
      checks.push(...(await impactChecks(c, path, dataDir, settings, log)));
    }
    return checks;
  },
};

async function impactChecks(c: ImpactCase, path: string, dataDir: string, settings: Settings, log: (line: string) => void): Promise<CheckResult[]> {
  const image = readVolume(path);
  const brain = c.brainMask ? readMask(join(dataDir, "heads", c.brainMask), image) : ctBrainMask(image);
  const roi = sphereAtCentre(image, brain, ROI_RADIUS_MM);
  const fill = settings.defacing.fills[0];
  const outcome = defacingConditions(
    image,
    [{ name: `shear-${fill}`, source: { kind: "shear", bufferMm: settings.defacing.bufferMm }, fill }],
    { roi, roiName: `${c.image} ROI sphere`, brain: { mask: brain, name: c.brainMask ?? "automatic CT brain mask" }, modality: c.brainMask ? "mr" : "ct", allowRoiOverlap: false, renders: false, seed: settings.defacing.seed },
    (line) => log(`  ${c.image}: ${line}`),
  );
  const head = headMask(image).mask;
  const normalisations = settings.normalisation.methods ?? availableNormalisations({ brainMask: brain, headMask: head });
  const started = Date.now();
  const result = await runSubject(
    { subject: c.image, image, roi, roiName: `${c.image} ROI sphere`, conditions: outcome.conditions, brainMask: brain, headMask: head },
    { settings, normalisations, runJobs: threadPool(defaultThreads()) },
  );
  const seconds = (Date.now() - started) / 1000;
  const exact = result.shifts.filter((s) => s.prediction === "exact");
  const missed = exact.filter((s) => !(Math.abs(s.defaced - s.predicted_defaced) <= 1e-9 * Math.max(1, Math.abs(s.defaced))));
  const approximate = result.shifts.filter((s) => s.prediction === "approximate").length;
  const unmasked = result.shifts.filter((s) => s.normalization === "zscore-unmasked");
  const unmaskedMoved = unmasked.filter((s) => s.abs_shift !== 0 && !(Number.isNaN(s.original) && Number.isNaN(s.defaced)));
  const global = result.maps.find((m) => m.normalization === "zscore-global");
  const checks: CheckResult[] = [
    {
      name: `${c.name}: exact closed-form predictions met`,
      ok: exact.length > 0 && missed.length === 0,
      detail:
        `${exact.length - missed.length}/${exact.length} within 1e-9 (relative), ${approximate} approximate, ` +
        `${result.shifts.length - exact.length - approximate} without a closed form; ROI ${result.roiVoxels} voxels, ${normalisations.length} normalisations, ${seconds.toFixed(1)} s` +
        (missed.length ? `; first miss: ${missed[0].normalization} ${missed[0].config} ${missed[0].feature} ${missed[0].defaced} vs ${missed[0].predicted_defaced}` : ""),
    },
  ];
  if (unmasked.length) {
    checks.push({
      name: `${c.name}: zscore-unmasked (the mitigation) moves no feature`,
      ok: unmaskedMoved.length === 0,
      detail: `${unmasked.length - unmaskedMoved.length}/${unmasked.length} unchanged`,
    });
  }
  if (global) {
    checks.push({
      name: `${c.name}: zscore-global moves the ROI's intensities (the effect being measured exists)`,
      ok: global.a !== 1 || global.b !== 0,
      detail: `Ĩ_d = ${global.a.toPrecision(8)}·Ĩ + ${global.b.toPrecision(6)}`,
    });
  }
  return checks;
}

/** A ball of `radiusMm` at the centroid of `region` (voxel coordinates), inside the region. */
export function sphereAtCentre(image: Volume, region: Mask, radiusMm: number): Mask {
  const [nx, ny, nz] = image.dims;
  let sx = 0,
    sy = 0,
    sz = 0,
    n = 0;
  for (let k = 0, i = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let x = 0; x < nx; x++, i++) {
        if (!region[i]) continue;
        sx += x;
        sy += j;
        sz += k;
        n++;
      }
  const centre = [sx / n, sy / n, sz / n];
  const roi = new Uint8Array(region.length);
  const [dx, dy, dz] = image.spacing;
  for (let k = 0, i = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let x = 0; x < nx; x++, i++) {
        const d = Math.hypot((x - centre[0]) * dx, (j - centre[1]) * dy, (k - centre[2]) * dz);
        if (d <= radiusMm && region[i]) roi[i] = 1;
      }
  return roi;
}
