import { DefaceImpactError } from "../core/errors.js";
import { GREY_LEVEL_FAMILIES, type FamilyName } from "../features/types.js";
import type { DiscretisationKind } from "../processing/discretise.js";
import { FEATURE_CODES } from "./featureCatalogue.js";

/**
 * Closed-form prediction of a feature's value after an affine intensity map I_d = a I + b applied
 * to the whole cropped image (ROI and its neighbourhood). This is what defacing does to a
 * normalised image: the whole-image statistics (mu, sigma) of the normalisation shift when the face
 * is removed, so I_d = (I - mu_d)/sigma_d = (sigma/sigma_d) I~ + (mu - mu_d)/sigma_d, with a > 0.
 * The ROI's voxels and the masks are unchanged (the ROI is far from the face). Assumed throughout:
 * the intensity mask is unchanged, i.e. no re-segmentation, or one whose range is mapped too.
 *
 * Behaviours:
 * - invariant: the value does not change (for a > 0);
 * - equivariant: it changes, exactly predictably from the original feature values, a and b;
 * - discretisation-dependent: the grey levels are re-cut by a map-dependent rule (fixed bin size,
 *   or no discretisation), so no closed form exists: the prediction is NaN;
 * - unpredictable: depends on the map, but through quantities no feature reports (NaN).
 */
export type Behaviour = "invariant" | "equivariant" | "discretisation-dependent" | "unpredictable";

export interface PredictionContext {
  /** discretisation of the texture families and the intensity histogram. */
  configKind: DiscretisationKind;
  /** discretisation of the intensity-volume histogram (settings.ivh); default configKind. */
  ivhKind?: DiscretisationKind;
  /** number of voxels in the intensity mask (intensity-based energy); else derived from originals. */
  n?: number;
  /**
   * the original values of the other features of the same ROI, by IBSI code: needed where one
   * feature's prediction uses another (CoV needs mean and variance; P10 needs P90 when a < 0; ...).
   */
  originals?: Readonly<Record<string, number>>;
}

/**
 * How far a prediction can be trusted: exact (a closed form under an affine map: observed equals
 * predicted to rounding), approximate (a closed form whose assumption the processing may break, e.g.
 * a fixed re-segmentation range), none (no closed form: the prediction is NaN).
 */
export type Exactness = "exact" | "approximate" | "none";

export interface Prediction {
  predicted: number;
  behaviour: Behaviour;
  exactness: Exactness;
  /** why the prediction is NaN, or a caveat. */
  reason?: string;
}

/** Intensity statistics whose value is unchanged for a > 0 (sign-symmetric or scale-free moments). */
const STAT_INVARIANT = new Set(["KE2A", "IPH6"]);

/**
 * The behaviour of feature `code` of `family` under an affine map with a > 0. Why each holds:
 * - morphology: mesh and voxel features depend on the morphological mask only (invariant); Moran's I
 *   and Geary's C are ratios of quadratic forms in (X - mean), whose a^2 cancels (invariant);
 *   integrated intensity = volume x mean intensity becomes a x + b V (equivariant); centre of mass
 *   shift weights voxel positions by intensity, and the weighted centroid moves in a way that depends
 *   on sums no feature reports (unpredictable).
 * - local intensity: a sphere mean is linear, and for a > 0 the maximum-intensity voxel and the
 *   maximising sphere stay the same: a x + b (equivariant).
 * - intensity statistics: moments and order statistics of a X + b (equivariant), except skewness and
 *   excess kurtosis, standardised moments (invariant; skewness flips sign when a < 0).
 * - fixed bin number (intensity histogram, textures; IVH with fbn): the bins are cut between the ROI
 *   minimum and maximum, which map with the data, so (N_g (aX+b - (a min+b)) / (a (max-min))) equals
 *   N_g (X - min)/(max - min): every voxel keeps its grey level (invariant), up to floating-point
 *   rounding when a value falls exactly on a bin edge.
 * - fixed bin size, or no discretisation (raw grey levels): the bin edges stay at lower + k w while
 *   the data are stretched and shifted, so voxels change bins in a data-dependent way
 *   (discretisation-dependent). The same holds for the IVH with none/fbs: its grid of evaluated
 *   intensities does not scale with the data.
 */
export function classifyFeature(code: string, family: FamilyName, context: PredictionContext): Behaviour {
  if (!FEATURE_CODES[family]?.includes(code)) {
    throw new DefaceImpactError("internal", `unknown IBSI feature code ${code} in family ${family}`);
  }
  switch (family) {
    case "morphology":
      if (code === "99N0") return "equivariant";
      if (code === "KLMA") return "unpredictable";
      return "invariant";
    case "local_intensity":
      return "equivariant";
    case "intensity_statistics":
      return STAT_INVARIANT.has(code) ? "invariant" : "equivariant";
    case "intensity_volume_histogram":
      return (context.ivhKind ?? context.configKind) === "fbn" ? "invariant" : "discretisation-dependent";
    default:
      if (!GREY_LEVEL_FAMILIES.has(family)) throw new DefaceImpactError("internal", `unclassified family ${family}`);
      return context.configKind === "fbn" ? "invariant" : "discretisation-dependent";
  }
}

type Closed = Omit<Prediction, "exactness">;

/** Morphological features computed on the intensities (and so on the intensity mask), not on the morphological mask alone. */
const INTENSITY_MORPHOLOGY = new Set(["N365", "NPT7", "99N0", "KLMA"]);

/** False for the features of the morphological mask alone (volumes, surfaces, shapes): re-segmentation cannot move them. */
export const readsIntensities = (family: FamilyName, code: string): boolean => family !== "morphology" || INTENSITY_MORPHOLOGY.has(code);

const nan = (behaviour: Behaviour, reason: string): Closed => ({ predicted: NaN, behaviour, reason });

/** Looks up another original feature value; undefined when the context lacks it. */
function other(context: PredictionContext, code: string): number | undefined {
  const v = context.originals?.[code];
  return v === undefined || Number.isNaN(v) ? undefined : v;
}

/**
 * Intensity statistics (UHIW) of Y = aX + b over the same N voxels:
 * mean a m + b; variance a^2 v; skewness sign(a) s; kurtosis k; percentiles P_p(Y) = a P_p(X) + b for
 * a >= 0, and a P_{100-p}(X) + b for a < 0 (linear interpolation between ranks is symmetric under
 * reversal), so the median maps directly and P10/P90, minimum/maximum swap; every spread (IQR,
 * range, the three absolute deviations) scales by |a| (the 10-90 set of the robust MAD maps onto
 * itself); CoV = |a| sd / (a m + b); QCoD = |a| IQR / (a (q1 + q3) + 2b) with q1 + q3 = IQR / QCoD;
 * energy = sum (aX+b)^2 = N (a^2 v + (a m + b)^2); RMS = sqrt(a^2 v + (a m + b)^2).
 */
function predictStatistic(code: string, x: number, a: number, b: number, context: PredictionContext): Closed {
  const eq = (value: number): Closed => ({ predicted: value, behaviour: "equivariant" });
  const need = (codes: string[]): Closed =>
    nan("equivariant", `needs the original ${codes.join(" and ")} in context.originals`);
  const swapped = (partner: string): Closed => {
    if (a >= 0) return eq(a * x + b);
    const p = other(context, partner);
    return p === undefined ? need([partner]) : eq(a * p + b);
  };
  const mean = other(context, "Q4LE"),
    variance = other(context, "ECT3");
  switch (code) {
    case "Q4LE": // mean
    case "Y12H": // median
      return eq(a * x + b);
    case "ECT3": // variance
      return eq(a * a * x);
    case "KE2A": // skewness: a standardised odd moment
      return { predicted: Math.sign(a) * x, behaviour: "invariant", ...(a < 0 ? { reason: "a < 0 flips the sign" } : {}) };
    case "IPH6": // excess kurtosis; a constant image (a = 0) has IBSI's defined 0
      return { predicted: a === 0 ? 0 : x, behaviour: "invariant" };
    case "1GSF": // minimum
      return swapped("84IY");
    case "84IY": // maximum
      return swapped("1GSF");
    case "QG58": // P10
      return swapped("8DWT");
    case "8DWT": // P90
      return swapped("QG58");
    case "SALO": // IQR
    case "2OJQ": // range
    case "4FUA": // mean absolute deviation
    case "1128": // robust mean absolute deviation
    case "N72L": // median absolute deviation
      return eq(Math.abs(a) * x);
    case "7TET": {
      // coefficient of variation sd/mean
      if (mean === undefined || variance === undefined) return need(["Q4LE", "ECT3"]);
      const m = a * mean + b;
      return m === 0 ? nan("equivariant", "the mapped mean is 0: CoV undefined") : eq((Math.abs(a) * Math.sqrt(variance)) / m);
    }
    case "9S40": {
      // quartile coefficient of dispersion (q3 - q1)/(q3 + q1)
      const iqr = other(context, "SALO");
      if (iqr === undefined) return need(["SALO"]);
      if (x === 0) return eq(0); // IQR = 0 stays 0
      if (!Number.isFinite(x)) return nan("equivariant", "the original QCoD is undefined: q1 + q3 unknown");
      const sum = a * (iqr / x) + 2 * b;
      return sum === 0 ? nan("equivariant", "the mapped q1 + q3 is 0: QCoD undefined") : eq((Math.abs(a) * iqr) / sum);
    }
    case "N8CA": {
      // energy sum X^2 = N (v + m^2)
      if (mean === undefined || variance === undefined) return need(["Q4LE", "ECT3"]);
      const second = variance + mean * mean;
      const n = context.n ?? (second > 0 ? x / second : undefined);
      if (n === undefined) return nan("equivariant", "needs context.n (the original energy is 0)");
      return eq(n * (a * a * variance + (a * mean + b) ** 2));
    }
    case "5ZWQ": // root mean square
      if (mean === undefined || variance === undefined) return need(["Q4LE", "ECT3"]);
      return eq(Math.sqrt(a * a * variance + (a * mean + b) ** 2));
    default:
      throw new DefaceImpactError("internal", `no prediction for intensity statistic ${code}`);
  }
}

/**
 * Predicts the value of feature `code` (of `family`) after the affine map, from its original value.
 * Returns the behaviour class with it; NaN predictions carry a reason.
 */
export function predictDefaced(
  code: string,
  family: FamilyName,
  original: number,
  a: number,
  b: number,
  context: PredictionContext,
): Prediction {
  const p = closedForm(code, family, original, a, b, context);
  return { ...p, exactness: Number.isFinite(p.predicted) ? "exact" : "none" };
}

function closedForm(code: string, family: FamilyName, original: number, a: number, b: number, context: PredictionContext): Closed {
  const behaviour = classifyFeature(code, family, context);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return nan(behaviour, "the map's a and b must be finite");
  if (family === "intensity_statistics") return predictStatistic(code, original, a, b, context);

  if (behaviour === "discretisation-dependent") {
    return nan(behaviour, "grey levels are re-cut by fixed bin edges (fbs) or the raw values (none): no closed form");
  }
  if (behaviour === "unpredictable") {
    return nan(behaviour, "depends on intensity-weighted sums no feature reports");
  }
  // Mask-only morphology does not see intensities at all, whatever the map.
  if (!readsIntensities(family, code)) {
    return { predicted: original, behaviour };
  }
  if (a === 0) return nan(behaviour, "a = 0 maps the ROI to a constant: these features degenerate");
  if (family === "local_intensity") {
    // For a < 0 the peak moves to the minimum-intensity voxel / the lowest sphere mean: unknown.
    return a > 0
      ? { predicted: a * original + b, behaviour }
      : nan(behaviour, "a < 0 moves the peak to the darkest sphere, which no feature reports");
  }
  if (family === "morphology" && code === "99N0") {
    // integrated intensity = V * mean: a x + b V, V the mesh volume (RNU0), else x / mean.
    const volume = other(context, "RNU0") ?? (other(context, "Q4LE") ? original / other(context, "Q4LE")! : undefined);
    return volume === undefined
      ? nan(behaviour, "needs the original RNU0 (mesh volume) or Q4LE in context.originals")
      : { predicted: a * original + b * volume, behaviour };
  }
  // Invariant families: the morphological features and Moran/Geary for any a != 0; the fixed bin
  // number grey levels only for a > 0 (a < 0 reverses them: level g becomes N_g + 1 - g).
  if (a < 0 && (GREY_LEVEL_FAMILIES.has(family) || family === "intensity_volume_histogram")) {
    return nan(behaviour, "a < 0 reverses the grey levels (g -> N_g + 1 - g): the prediction assumes a > 0");
  }
  return { predicted: original, behaviour };
}
