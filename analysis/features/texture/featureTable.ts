import type { FamilyName, FeatureValue } from "../types.js";
import type { AggregationMethod } from "./aggregation.js";
import * as portable from "../../core/portableMath.js";

/** A feature value, or IBSI's defined fallback for a degenerate matrix with the reason. */
export type FeatureResult = number | { value: number; note: string };

/** One feature of a family: its IBSI name and code, and its formula on the matrix statistics S. */
export interface FeatureDef<S> {
  feature: string;
  ibsiCode: string;
  compute: (s: S) => FeatureResult;
  /** why the formula gives NaN (0/0) on a degenerate matrix. */
  undefinedWhen?: string;
}

/**
 * Accumulates a family's features over the matrices of one aggregation method and averages them
 * (IBSI "averaged" methods; merged methods add a single matrix). Values are computed as each matrix
 * is added, so only one matrix is alive at a time.
 */
export class FeatureAverager<S> {
  private readonly sums: Float64Array;
  private readonly defined: Int32Array;
  private readonly fallbackNotes: (string | undefined)[];
  private readonly fallbackCounts: Int32Array;
  private units = 0;

  constructor(private readonly defs: readonly FeatureDef<S>[]) {
    this.sums = new Float64Array(defs.length);
    this.defined = new Int32Array(defs.length);
    this.fallbackNotes = new Array(defs.length).fill(undefined);
    this.fallbackCounts = new Int32Array(defs.length);
  }

  add(stats: S): void {
    this.units++;
    for (let f = 0; f < this.defs.length; f++) {
      const r = this.defs[f].compute(stats);
      const value = typeof r === "number" ? r : r.value;
      if (typeof r !== "number") {
        this.fallbackNotes[f] = r.note;
        this.fallbackCounts[f]++;
      }
      if (Number.isFinite(value)) {
        this.sums[f] += value;
        this.defined[f]++;
      }
    }
  }

  /** One row per feature; `emptyNote` says why there is no matrix at all (e.g. empty ROI). */
  rows(family: FamilyName, method: AggregationMethod, emptyNote: string): FeatureValue[] {
    return this.defs.map((def, f) => {
      const base = { family, feature: def.feature, ibsiCode: def.ibsiCode, aggregation: method.name, aggregationCode: method.code };
      const n = this.units;
      if (n === 0) return { ...base, value: NaN, note: emptyNote };
      const k = this.defined[f];
      const why = def.undefinedWhen ?? "the formula is undefined for this matrix";
      if (k === 0) return { ...base, value: NaN, note: n === 1 ? why : `${why} (in all ${n} matrices)` };
      const notes: string[] = [];
      if (k < n) notes.push(`undefined in ${n - k} of ${n} matrices (${why}); averaged over the other ${k}`);
      const fb = this.fallbackNotes[f];
      if (fb) notes.push(n === 1 ? fb : `${fb} (in ${this.fallbackCounts[f]} of ${n} matrices)`);
      const row: FeatureValue = { ...base, value: this.sums[f] / k };
      if (notes.length) row.note = notes.join("; ");
      return row;
    });
  }
}

/** Entropy term -p log2 p, 0 for p = 0. */
export function entropyTerm(p: number): number {
  return p > 0 ? -p * portable.log2(p) : 0;
}
