import type { Vec3 } from "../../analysis/core/volume.js";
import { extractUnnormalised } from "../../analysis/features/extract.js";
import { presetSettings } from "../../analysis/ibsi/presets.js";
import { labelFeatures } from "../../analysis/impact/featureRow.js";
import type { Settings } from "../../analysis/settings.js";
import { digitalPhantomVolume } from "../../fixtures/digitalPhantomRoi.js";
import { makeHeadPhantom, type PhantomKind } from "../../fixtures/phantom/index.js";
import { availableNormalisations } from "../run/availableNormalisations.js";
import { fillConditions, runSuiteSubject, type RegressSuite, type SuiteSubject } from "./suite.js";

/**
 * The built-in suite: the CT and MR head phantoms (96³ voxels of 2 mm: the default 192 mm field of
 * view at a coarser grid, so the suite runs in seconds) defaced by their ground-truth face mask with
 * the settings' fills (regress defaults to four), every normalisation (both masks are known) unless
 * the settings name some, and the settings' processing and features; and the IBSI digital phantom
 * with its reference settings (every texture aggregation), whatever the settings.
 */
export const PHANTOM_GRID: { dims: Vec3; spacing: Vec3 } = { dims: [96, 96, 96], spacing: [2, 2, 2] };
export const DEFAULT_PHANTOM_SEED = 1;
export const PHANTOM_SUBJECTS = ["ct-phantom", "mr-phantom", "ibsi-digital"] as const;

export function phantomSuite(settings: Settings, seed: number = DEFAULT_PHANTOM_SEED): RegressSuite {
  return {
    name: "phantoms",
    settings: {
      suite: "phantoms",
      phantom_seed: seed,
      phantom_dims: PHANTOM_GRID.dims,
      phantom_spacing_mm: PHANTOM_GRID.spacing,
      digital_phantom: "ibsi-digital preset",
      ...suiteSettings(settings),
    },
    subjects: [headPhantomSubject("ct", seed, settings), headPhantomSubject("mr", seed, settings), digitalPhantomSubject()],
  };
}

/** The groups of the settings that change a suite's values, as the baseline records them. */
export function suiteSettings(settings: Settings): Record<string, unknown> {
  const { defacing, normalisation, processing, features } = settings;
  return { defacing, normalisation, processing, features };
}

function headPhantomSubject(kind: PhantomKind, seed: number, settings: Settings): SuiteSubject {
  const name = `${kind}-phantom`;
  return {
    name,
    async run(hooks) {
      const p = makeHeadPhantom({ kind, seed, dims: PHANTOM_GRID.dims, spacing: PHANTOM_GRID.spacing });
      const conditions = fillConditions(p.image, p.faceMask, p.headMask, "ground-truth face mask", settings.defacing);
      const masks = { headMask: p.headMask, brainMask: p.brainMask };
      return runSuiteSubject(
        { subject: name, image: p.image, roi: p.roi, roiName: `${name} lesion`, conditions, ...masks },
        settings,
        availableNormalisations(masks),
        hooks,
      );
    },
  };
}

/** The IBSI digital phantom as numbers: no normalisation, no defacing, its reference configuration. */
function digitalPhantomSubject(): SuiteSubject {
  return {
    name: "ibsi-digital",
    async run(hooks) {
      const settings = presetSettings("ibsi-digital");
      const { image, mask } = digitalPhantomVolume();
      const { configs } = extractUnnormalised(image, mask, settings);
      hooks.onProgress?.(1, 1);
      const rows = configs.flatMap(({ config, values }) =>
        labelFeatures(values, { subject: "ibsi-digital", condition: "original", normalization: "none", config }),
      );
      return { features: rows, shifts: [] };
    },
  };
}
