import type { Vec3 } from "../../analysis/core/volume.js";
import { computeFeatures } from "../../analysis/features/registry.js";
import { presetSettings } from "../../analysis/ibsi/presets.js";
import { labelFeatures } from "../../analysis/impact/featureRow.js";
import { featureSettings } from "../../analysis/processing/settings.js";
import { digitalPhantomRoi } from "../../fixtures/digitalPhantomRoi.js";
import { makeHeadPhantom, type PhantomKind } from "../../fixtures/phantom/index.js";
import { availableNormalisations } from "../run/availableNormalisations.js";
import {
  runStandardSubject,
  standardFillConditions,
  STANDARD_AGGREGATIONS,
  STANDARD_CONFIGS,
  STANDARD_FILLS,
  NOISE_FILL_SEED,
  STANDARD_NORMALISATION,
  type RegressSuite,
  type SuiteSubject,
} from "./suite.js";

/**
 * The built-in suite: the CT and MR head phantoms (96³ voxels of 2 mm: the default 192 mm field of
 * view at a coarser grid, so the suite runs in seconds) defaced by their ground-truth face mask with
 * the standard fills, every normalisation (both masks are known) and the standard configurations;
 * and the IBSI digital phantom with its reference settings (every texture aggregation).
 */
export const PHANTOM_GRID: { dims: Vec3; spacing: Vec3 } = { dims: [96, 96, 96], spacing: [2, 2, 2] };
export const DEFAULT_PHANTOM_SEED = 1;
export const PHANTOM_SUBJECTS = ["ct-phantom", "mr-phantom", "ibsi-digital"] as const;

export function phantomSuite(seed: number = DEFAULT_PHANTOM_SEED): RegressSuite {
  return {
    name: "phantoms",
    settings: {
      suite: "phantoms",
      phantom_seed: seed,
      phantom_dims: PHANTOM_GRID.dims,
      phantom_spacing_mm: PHANTOM_GRID.spacing,
      fills: STANDARD_FILLS,
      noise_fill_seed: NOISE_FILL_SEED,
      normalisations: "every available (head and brain masks from the phantom)",
      normalisation: STANDARD_NORMALISATION,
      configs: STANDARD_CONFIGS,
      aggregations: STANDARD_AGGREGATIONS,
      digital_phantom: "ibsi-digital preset",
    },
    subjects: [headPhantomSubject("ct", seed), headPhantomSubject("mr", seed), digitalPhantomSubject()],
  };
}

function headPhantomSubject(kind: PhantomKind, seed: number): SuiteSubject {
  const name = `${kind}-phantom`;
  return {
    name,
    async run(hooks) {
      const p = makeHeadPhantom({ kind, seed, dims: PHANTOM_GRID.dims, spacing: PHANTOM_GRID.spacing });
      const conditions = standardFillConditions(p.image, p.faceMask, p.headMask, "ground-truth face mask");
      const masks = { headMask: p.headMask, brainMask: p.brainMask };
      return runStandardSubject(
        { subject: name, image: p.image, roi: p.roi, roiName: `${name} lesion`, conditions, ...masks },
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
      const values = computeFeatures(digitalPhantomRoi(), featureSettings(presetSettings("ibsi-digital")));
      hooks.onProgress?.(1, 1);
      return {
        features: labelFeatures(values, { subject: "ibsi-digital", condition: "original", normalization: "none", config: "ibsi-digital" }),
        shifts: [],
      };
    },
  };
}
