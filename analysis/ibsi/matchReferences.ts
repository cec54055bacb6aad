import type { FeatureValue } from "../features/types.js";

/**
 * IBSI reference values are given to 3 significant digits: a computed value matches when, rounded
 * to 3 significant digits, it lies within the tolerance of the reference.
 */
export function roundToSignificant(x: number, digits = 3): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

export function matchesReference(value: number, reference: number, tolerance: number): boolean {
  if (!Number.isFinite(value)) return false;
  const rounded = roundToSignificant(value);
  // Floating-point epsilon relative to the magnitudes involved (e.g. 0.1 + 0.2 style residues).
  const eps = 1e-9 * Math.max(1, Math.abs(reference), Math.abs(tolerance));
  // A reference printed with more digits than 3 (voxel counts such as 125256, tolerance 0) is
  // compared with the unrounded value as well.
  return Math.abs(rounded - reference) <= tolerance + eps || Math.abs(value - reference) <= tolerance + eps;
}

/** One IBSI reference value (a row of the consensus table). */
export interface ReferenceValue {
  family: string;
  feature: string;
  /** IBSI 4-letter feature code; empty for diagnostic rows. */
  ibsiCode: string;
  /** unique feature tag (e.g. ivh_v10); tells apart features sharing a code. */
  complianceTag: string;
  /** `digital` or a configuration letter A–E. */
  config: string;
  /** texture aggregation code; DHQ4 for non-texture families; empty for diagnostic rows. */
  aggregationCode: string;
  value: number;
  tolerance: number;
}

export interface MatchOutcome {
  reference: ReferenceValue;
  /** the computed value, undefined when no family produced it. */
  value: number | undefined;
  ok: boolean;
}

/**
 * Pairs each reference with the computed feature of the same IBSI code and aggregation. IBSI gives
 * one code to two features twice (BC2M: V10 and V90; GBPN: I10 and I90): those are told apart by
 * the feature name, or by the percentage in the compliance tag (ivh_v10 -> "(V10)").
 */
export function matchReferences(computed: readonly FeatureValue[], references: readonly ReferenceValue[]): MatchOutcome[] {
  const byKey = new Map<string, FeatureValue[]>();
  for (const v of computed) {
    const key = `${v.ibsiCode}|${v.aggregationCode}`;
    const list = byKey.get(key);
    if (list) list.push(v);
    else byKey.set(key, [v]);
  }
  return references.map((reference) => {
    const candidates = byKey.get(`${reference.ibsiCode}|${reference.aggregationCode}`) ?? [];
    const found = candidates.length <= 1 ? candidates[0] : pick(candidates, reference);
    const value = found?.value;
    return { reference, value, ok: value !== undefined && matchesReference(value, reference.value, reference.tolerance) };
  });
}

function pick(candidates: FeatureValue[], reference: ReferenceValue): FeatureValue | undefined {
  const byName = candidates.find((c) => c.feature === reference.feature);
  if (byName) return byName;
  const suffix = reference.complianceTag.split("_").pop()?.toUpperCase();
  return suffix ? candidates.find((c) => c.feature.toUpperCase().includes(`(${suffix})`)) : undefined;
}
