import type { PyradiomicsPrepared } from "../../analysis/conventions/pyradiomicsPipeline.js";
import { pyradiomicsFeature } from "../../analysis/conventions/pyradiomicsRegistry.js";
import type { PyradiomicsSettings } from "../../analysis/conventions/pyradiomicsSettings.js";
import type { PyradiomicsValue } from "../../analysis/conventions/pyradiomicsValues.js";
import { featureUnit } from "./html/units.js";
import { formatNumber, toCsv } from "./csv.js";

/**
 * `features --conventions pyradiomics` output: PyRadiomics' own layout for one case, a
 * featureName,value pair per row (as PyRadiomics' extractor returns them and its baseline tables
 * list them), so a PyRadiomics table joins on featureName. The diagnostics_* rows we compute come
 * first, as in PyRadiomics' output, tuples written as Python writes them. Three columns follow
 * that PyRadiomics does not write: the unit, and the IBSI feature and aggregation codes the value
 * equals (empty for PyRadiomics-only features and diagnostics).
 */
export const PYRADIOMICS_COLUMNS = ["featureName", "value", "unit", "ibsi_code", "aggregation_code"] as const;

export interface PyradiomicsRow {
  featureName: string;
  value: string;
  unit: string;
  ibsi_code: string;
  aggregation_code: string;
}

/** Units of the diagnostics, by the part of the name after Image-/Mask-<stage>_. */
const DIAGNOSTIC_UNITS: Record<string, string> = {
  Spacing: "mm",
  Size: "voxels",
  BoundingBox: "voxels",
  VoxelNum: "voxels",
  VolumeNum: "–",
  CenterOfMassIndex: "voxels",
  CenterOfMass: "mm (LPS)",
};

/** PyRadiomics' first-order features whose unit differs from their IBSI counterpart's. */
const FIRSTORDER_UNITS: Record<string, (u: string) => string> = {
  TotalEnergy: (u) => `(${u})²·mm³`,
  StandardDeviation: (u) => u,
};

export function pyradiomicsRows(result: PyradiomicsPrepared & { values: PyradiomicsValue[] }, settings: PyradiomicsSettings): PyradiomicsRow[] {
  const inputUnit = "image units";
  const { name, options } = settings.normalisation;
  const processedUnit = name === "none" ? inputUnit : options.scaleFactor === 1 ? "σ" : `σ/${options.scaleFactor}`;
  const rows: PyradiomicsRow[] = [];
  const diagnostics = { ...result.diagnostics.original, ...result.diagnostics.interpolated } as Record<string, number | number[]>;
  for (const [key, value] of Object.entries(diagnostics)) {
    const quantity = key.slice(key.indexOf("_") + 1);
    const intensity = ["Mean", "Minimum", "Maximum"].includes(quantity);
    const unit = intensity ? (key.includes("original") ? inputUnit : processedUnit) : (DIAGNOSTIC_UNITS[quantity] ?? "–");
    rows.push({ featureName: `diagnostics_${key}`, value: pythonRepr(value), unit, ibsi_code: "", aggregation_code: "" });
  }
  for (const v of result.values) {
    const def = pyradiomicsFeature(v.pyClass, v.feature)!;
    const unit = def.ibsi
      ? (FIRSTORDER_UNITS[v.feature]?.(processedUnit) ?? featureUnit(def.ibsi.family, def.ibsi.code, processedUnit))
      : def.extra === "mcc" ? "–" : "mm";
    rows.push({ featureName: v.column, value: formatNumber(v.value), unit, ibsi_code: v.ibsiCode ?? "", aggregation_code: v.aggregationCode ?? "" });
  }
  return rows;
}

/** A number, or a tuple as Python prints it: (1, 2.5, 3). */
function pythonRepr(v: number | number[]): string {
  return Array.isArray(v) ? `(${v.map(formatNumber).join(", ")})` : formatNumber(v);
}

export const pyradiomicsCsv = (rows: readonly PyradiomicsRow[]): string => toCsv(rows, PYRADIOMICS_COLUMNS);
