import type { Settings } from "../../analysis/settings.js";
import { defaceFillName, parseDefaceFill } from "../../masks/defaceFill.js";

/** Where one defaced condition's face mask comes from. */
export type ConditionSource =
  | { kind: "mask"; path: string } // a face mask file
  | { kind: "shear"; bufferMm: number } // the built-in shear defacer
  | { kind: "defaced"; path: string }; // another tool's defaced image (its own fill)

/**
 * One defaced condition, as run, compare and regress all describe them: its name (the `condition`
 * column), the source of its face mask, and the fill of the removed voxels (absent for another
 * tool's image, which keeps its own).
 */
export interface ConditionSpec {
  name: string;
  source: ConditionSource;
  fill?: string;
}

/** The conditions a run's defacing settings ask for: mask × fills, shear × fills, then each other tool. */
export function conditionSpecs(defacing: Settings["defacing"]): ConditionSpec[] {
  const specs: ConditionSpec[] = [];
  // condition names use the fill's canonical name (blur → blur:8)
  const fills = defacing.fills.map((f) => defaceFillName(parseDefaceFill(f)));
  if (defacing.faceMask) {
    for (const fill of fills) specs.push({ name: `defaced-${fill}`, source: { kind: "mask", path: defacing.faceMask }, fill });
  }
  if (defacing.defacer === "shear") {
    for (const fill of fills) specs.push({ name: `shear-${fill}`, source: { kind: "shear", bufferMm: defacing.bufferMm }, fill });
  }
  for (const d of defacing.defaced) specs.push({ name: d.name, source: { kind: "defaced", path: d.path } });
  return specs;
}

/** A key that is the same for two specs exactly when they share a face mask. */
export const sourceKey = (s: ConditionSource): string => (s.kind === "shear" ? `shear:${s.bufferMm}` : `${s.kind}:${s.path}`);
