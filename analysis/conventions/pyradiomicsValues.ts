import type { FamilyName, FeatureValue } from "../features/types.js";
import {
  pyradiomicsColumn,
  pyradiomicsFeature,
  type PyAdjust,
  type PyAggregation,
  type PyExtra,
  type PyradiomicsClass,
} from "./pyradiomicsRegistry.js";
import * as portable from "../core/portableMath.js";

/**
 * The conventions engine's last step, pure arithmetic: IBSI feature values (as computeFeatures
 * returns them) → PyRadiomics' values and column names, applying PyRadiomics' conventions where
 * they differ from IBSI's. The discretisation convention (bin edges at multiples of the width) and
 * the choice of aggregation happen before (pyradiomicsFeatures.ts); here only the formulas differ.
 */

/** What the adjustments need beyond the IBSI rows. */
export interface PyradiomicsContext {
  /** N: voxels of the first-order statistics (the re-segmented mask). */
  intensityCount: number;
  /** voxels of the mask the shape features used. */
  morphCount: number;
  /** voxel volume (mm³) after resampling. */
  voxelVolume: number;
  /** c of Energy = Σ (x + c)². */
  voxelArrayShift: number;
  /** the IBSI aggregation code each class aggregation was computed with. */
  aggregationCodes: Record<PyAggregation, string>;
  /** the PyRadiomics-only values the engine computed. */
  extras: Partial<Record<PyExtra, number>>;
}

/** One PyRadiomics feature value, with the IBSI feature it equals (null for PyRadiomics-only ones). */
export interface PyradiomicsValue {
  /** PyRadiomics' column name, e.g. original_glcm_Contrast. */
  column: string;
  pyClass: PyradiomicsClass;
  feature: string;
  value: number;
  ibsiCode: string | null;
  aggregationCode: string | null;
  /** why the value is NaN or a fallback, carried over from the IBSI row. */
  note?: string;
}

/** IBSI values the adjustments read: by family and code (one aggregation per family here). */
type Lookup = (family: FamilyName, code: string) => FeatureValue | undefined;

/** PyRadiomics' formula in terms of the IBSI value v (one line each, with the formula). */
const ADJUST: Record<PyAdjust, (v: number, get: Lookup, c: PyradiomicsContext) => number> = {
  // Kurtosis m4/m2² = excess kurtosis + 3; a flat ROI (m2 = 0) gives 0 in PyRadiomics.
  kurtosisPlus3: (v, get) => (stat(get, "ECT3") === 0 ? 0 : v + 3),
  // Σ (x + c)² = Σ x² + 2c Σ x + N c²
  shiftedEnergy: (v, get, c) => shiftedEnergy(v, stat(get, "Q4LE"), c),
  // V_voxel · Σ (x + c)²
  shiftedTotalEnergy: (v, get, c) => shiftedEnergy(v, stat(get, "Q4LE"), c) * c.voxelVolume,
  // √(Σ (x + c)² / N), from IBSI's RMS √(Σ x² / N)
  shiftedRms: (v, get, c) => Math.sqrt(shiftedEnergy(v * v * c.intensityCount, stat(get, "Q4LE"), c) / c.intensityCount),
  // σ = √(population variance)
  sqrtVariance: (v) => Math.sqrt(v),
  // 4√λ with the covariance divided by N (PyRadiomics) instead of N − 1 (IBSI, numpy.cov): × √((N − 1)/N)
  populationAxis: (v, _get, c) => v * Math.sqrt((c.morphCount - 1) / c.morphCount),
  // −Σ p log2(p + ε), ε = 2⁻⁵² (numpy.spacing(1)): differs from IBSI's −Σ p log2 p by −ε/ln 2 per
  // non-zero p, which is below rounding unless the distribution is a single value (IBSI's 0).
  logEpsilon: (v) => (v === 0 ? -portable.log2(1 + Number.EPSILON) : v),
};

const stat = (get: Lookup, code: string): number => get("intensity_statistics", code)?.value ?? NaN;

/** Σ (x + c)² from Σ x² (energy), the mean and N. */
function shiftedEnergy(energy: number, mean: number, c: PyradiomicsContext): number {
  const shift = c.voxelArrayShift;
  return shift === 0 ? energy : energy + 2 * shift * mean * c.intensityCount + c.intensityCount * shift * shift;
}

/**
 * The selected PyRadiomics features, in the selection's order (classes, then names), from the IBSI
 * rows. A feature whose IBSI row is missing (its family was not computed) is an internal error.
 */
export function pyradiomicsValues(
  ibsi: readonly FeatureValue[],
  selection: Partial<Record<PyradiomicsClass, readonly string[]>>,
  context: PyradiomicsContext,
): PyradiomicsValue[] {
  const rows = new Map<string, FeatureValue>();
  for (const r of ibsi) rows.set(`${r.family}/${r.ibsiCode}/${r.aggregationCode}`, r);
  const codeOf = (a: PyAggregation) => context.aggregationCodes[a];
  const out: PyradiomicsValue[] = [];
  for (const [cls, names] of Object.entries(selection) as [PyradiomicsClass, string[]][]) {
    for (const name of names) {
      const def = pyradiomicsFeature(cls, name);
      if (!def) throw new Error(`unknown PyRadiomics feature ${cls}/${name}`);
      const base = { column: pyradiomicsColumn(def), pyClass: cls, feature: name };
      if (!def.ibsi) {
        const value = def.extra ? context.extras[def.extra] : undefined;
        if (value === undefined) throw new Error(`PyRadiomics feature ${cls}/${name} was not computed`);
        out.push({ ...base, value, ibsiCode: null, aggregationCode: null });
        continue;
      }
      const aggregationCode = codeOf(def.aggregation);
      const get: Lookup = (family, code) => rows.get(`${family}/${code}/${family === def.ibsi!.family ? aggregationCode : "DHQ4"}`);
      const row = get(def.ibsi.family, def.ibsi.code);
      if (!row) throw new Error(`IBSI value ${def.ibsi.family}/${def.ibsi.code}/${aggregationCode} missing for ${base.column}`);
      let value = def.adjust ? ADJUST[def.adjust](row.value, get, context) : row.value;
      let note = row.note;
      if (Number.isNaN(value) && def.undefinedValue !== undefined) {
        value = def.undefinedValue;
        note = `${note ?? "undefined in IBSI"}; PyRadiomics defines ${def.undefinedValue}`;
      }
      out.push({ ...base, value, ibsiCode: def.ibsi.code, aggregationCode, ...(note ? { note } : {}) });
    }
  }
  return out;
}
