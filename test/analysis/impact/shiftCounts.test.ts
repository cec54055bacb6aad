import { describe, expect, it } from "vitest";
import { shiftCounts } from "../../../analysis/impact/shiftCounts.js";
import { relativeShift, type ShiftRow } from "../../../analysis/impact/shifts.js";

const row = (
  subject: string,
  condition: string,
  normalization: string,
  feature: string,
  original: number,
  defaced: number,
  config = "fbn32",
  discretisation: ShiftRow["discretisation"] = "ok",
): ShiftRow => ({
  subject,
  condition,
  normalization,
  config,
  family: "glcm",
  feature,
  ibsi_code: "CODE",
  aggregation_code: "IAZD",
  original,
  defaced,
  abs_shift: defaced - original,
  rel_shift: relativeShift(original, defaced),
  predicted_defaced: NaN,
  behaviour: "unpredictable",
  prediction: "none",
  discretisation,
});

describe("shiftCounts", () => {
  it("counts features over 1 % and 5 % in any subject, and finds the worst finite shift", () => {
    const rows = [
      row("s1", "t", "zscore-global", "a", 100, 100.5), // 0.5 %
      row("s2", "t", "zscore-global", "a", 100, 102), // 2 %: a over 1 %
      row("s1", "t", "zscore-global", "b", 10, 9.3), // -7 %: b over 5 %
      row("s2", "t", "zscore-global", "b", 10, 10),
      row("s1", "t", "zscore-global", "c", 0, 1), // +inf: counts, but not the worst
      row("s1", "t", "zscore-global", "d", NaN, NaN), // undefined: does not count
      row("s1", "t", "zscore-global", "a", 100, 120, "fbs0.1"), // another configuration: another feature
      row("s1", "t", "zscore-unmasked", "a", 100, 100),
      row("s1", "u", "zscore-global", "a", 100, 100.9),
    ];
    const counts = shiftCounts(rows);
    expect(counts.map((c) => `${c.condition}/${c.normalization}`)).toEqual(["t/zscore-global", "t/zscore-unmasked", "u/zscore-global"]);
    expect(counts[0]).toMatchObject({ features: 5, over1Percent: 4, over5Percent: 3, infinite: 1 });
    expect(counts[0].worst).toMatchObject({ subject: "s1", feature: "a", config: "fbs0.1" });
    expect(counts[0].worst!.rel_shift).toBeCloseTo(0.2, 14);
    expect(counts[1]).toMatchObject({ features: 1, over1Percent: 0, over5Percent: 0, infinite: 0 });
    expect(counts[1].worst).toBeUndefined();
    expect(counts[2]).toMatchObject({ features: 1, over1Percent: 0, over5Percent: 0 });
    expect(counts[2].worst!.rel_shift).toBeCloseTo(0.009, 14);
  });

  it("leaves degenerate discretisations out of the counts and the worst, and counts them apart", () => {
    const rows = [
      row("s1", "t", "zscore-global", "a", 100, 101.5), // 1.5 %
      row("s1", "t", "zscore-global", "b", 1, 7.5, "fbs0.1", "too-coarse"), // 650 %, but one grey level
      row("s1", "t", "zscore-global", "c", 1, 1, "fbs0.1", "too-coarse"), // degenerate, did not move
      row("s1", "t", "zscore-global", "d", 2, 4, "fbs0.001", "too-fine"), // 100 % on a sparse matrix
      row("s1", "t", "zscore-global", "e", 10, 10.2, "fbs0.5", "too-coarse"), // degenerate in s1 ...
      row("s2", "t", "zscore-global", "e", 10, 13, "fbs0.5", "ok"), // ... meaningful in s2: counts, from s2 only
    ];
    const [c] = shiftCounts(rows);
    expect(c).toMatchObject({ features: 2, over1Percent: 2, over5Percent: 1, degenerate: 3, degenerateMoved: 2 });
    expect(c.worst).toMatchObject({ feature: "e", subject: "s2" });
    expect(c.worst!.rel_shift).toBeCloseTo(0.3, 14);
  });
});
