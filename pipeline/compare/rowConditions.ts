import type { ConditionSpec } from "../run/conditionSpec.js";
import type { CompareRow } from "./manifest.js";

/**
 * A manifest row's tool cells as defaced conditions, each named by its tool column so conditions
 * line up across subjects: another tool's image, or builtin:mask (the row's face mask) /
 * builtin:shear with a fill.
 */
export function rowConditionSpecs(row: CompareRow, bufferMm: number): ConditionSpec[] {
  return row.versions.map((v): ConditionSpec => {
    if (v.kind === "file") return { name: v.tool, source: { kind: "defaced", path: v.path } };
    const source = v.defacer === "mask" ? { kind: "mask" as const, path: row.faceMask! } : { kind: "shear" as const, bufferMm };
    return { name: v.tool, source, fill: v.fill };
  });
}
