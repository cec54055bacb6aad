import type { FeatureRow } from "../../analysis/impact/featureRow.js";
import type { ShiftRow } from "../../analysis/impact/shifts.js";

/** What a regression suite produced: tidy feature rows and shift rows of every subject. */
export interface SuiteOutput {
  features: FeatureRow[];
  shifts: ShiftRow[];
}

/** One feature, named once in the baseline's catalogue. */
export interface CatalogueEntry {
  family: string;
  feature: string;
  ibsi_code: string;
  aggregation_code: string;
}

/** Where a value sits: subject / condition / normalization / config, then the feature key. */
export interface EntryLocation {
  subject: string;
  condition: string;
  normalization: string;
  config: string;
  key: string;
}

/** One compared number: a feature value, or a shift (defaced − original). */
export interface Entry extends EntryLocation {
  kind: "value" | "shift";
  value: number;
}

/**
 * The feature key inside a group: `IBSI code.aggregation code` (e.g. `5QRC.IAZD`); features that share
 * a code (V10/V90 share BC2M, I10/I90 share GBPN) get their name appended after a colon.
 */
export function featureKeys(rows: readonly Pick<FeatureRow, "family" | "feature" | "ibsi_code" | "aggregation_code">[]): {
  keyOf: (row: Pick<FeatureRow, "feature" | "ibsi_code" | "aggregation_code">) => string;
  catalogue: Record<string, CatalogueEntry>;
} {
  const names = new Map<string, Set<string>>();
  for (const r of rows) {
    const code = `${r.ibsi_code}.${r.aggregation_code}`;
    let set = names.get(code);
    if (!set) names.set(code, (set = new Set()));
    set.add(r.feature);
  }
  const keyOf = (r: Pick<FeatureRow, "feature" | "ibsi_code" | "aggregation_code">) => {
    const code = `${r.ibsi_code}.${r.aggregation_code}`;
    return (names.get(code)?.size ?? 1) > 1 ? `${code}:${r.feature}` : code;
  };
  const catalogue: Record<string, CatalogueEntry> = {};
  for (const r of rows) {
    catalogue[keyOf(r)] = { family: r.family, feature: r.feature, ibsi_code: r.ibsi_code, aggregation_code: r.aggregation_code };
  }
  return { keyOf, catalogue };
}

/** `subject/condition/normalization/config/key`: the identity of an entry (kind aside). */
export const locationId = (e: EntryLocation): string => `${e.subject}\u0000${e.condition}\u0000${e.normalization}\u0000${e.config}\u0000${e.key}`;

/** Flattens a suite's output into entries (values, then shifts) and the catalogue of their keys. */
export function suiteEntries(output: SuiteOutput): { entries: Entry[]; catalogue: Record<string, CatalogueEntry> } {
  const { keyOf, catalogue } = featureKeys(output.features);
  const entries: Entry[] = [];
  for (const r of output.features) {
    entries.push({ kind: "value", subject: r.subject, condition: r.condition, normalization: r.normalization, config: r.config, key: keyOf(r), value: r.value });
  }
  for (const s of output.shifts) {
    entries.push({ kind: "shift", subject: s.subject, condition: s.condition, normalization: s.normalization, config: s.config, key: keyOf(s), value: s.abs_shift });
  }
  return { entries, catalogue };
}
