import { describe, expect, it } from "vitest";
import { relativeShift, type ShiftRow } from "../../../analysis/impact/shifts.js";
import type { DefacingSummary } from "../../../masks/defacingSummary.js";
import { scorecard, scorecardLines, SCORECARD_COLUMNS } from "../../../pipeline/compare/scorecard.js";
import { toCsv } from "../../../pipeline/report/csv.js";

const summary = (residual: number | null, intrusion: number | null): DefacingSummary => ({
  source: "test",
  modality: "ct",
  fill: "min",
  detected_fill: null,
  brain_mask: "file",
  face_region: "file",
  shear_plane: null,
  safety: {
    mask_voxels: 100,
    mask_volume_mm3: 800,
    roi_overlap_voxels: 0,
    brain_intrusion_voxels: intrusion,
    brain_intrusion_mm3: intrusion === null ? null : intrusion * 8,
    min_distance_to_roi_mm: 50,
    head_removed_percent: 3,
  },
  privacy: { facial_surface_mm2: 1000, residual_surface_mm2: 0, residual_face_percent: residual, residual_face_with_cheeks_percent: null },
  warnings: [],
});

const shift = (subject: string, condition: string, normalization: string, feature: string, original: number, defaced: number): ShiftRow => ({
  subject,
  condition,
  normalization,
  config: "fbn32",
  family: "glcm",
  feature,
  ibsi_code: feature.toUpperCase(),
  aggregation_code: "IAZD",
  original,
  defaced,
  abs_shift: defaced - original,
  rel_shift: relativeShift(original, defaced),
  predicted_defaced: NaN,
  behaviour: "unpredictable",
});

describe("scorecard", () => {
  const subjects = [
    { subject: "s1", defacing: [{ condition: "fsl", summary: summary(2, 0) }, { condition: "shear", summary: summary(10, 5) }] },
    { subject: "s2", defacing: [{ condition: "fsl", summary: summary(4, 3) }, { condition: "shear", summary: summary(null, 12) }] },
    { subject: "s3", defacing: [{ condition: "fsl", summary: summary(9, 1) }, { condition: "safe", summary: summary(1, 0) }] },
  ];
  const shifts = [
    shift("s1", "fsl", "zscore-global", "aaaa", 1, 1.02),
    shift("s2", "fsl", "zscore-global", "aaaa", 1, 0.9),
    shift("s1", "fsl", "zscore-global", "bbbb", 1, 1.001),
    shift("s1", "fsl", "zscore-unmasked", "aaaa", 1, 1),
    shift("s1", "shear", "zscore-global", "aaaa", 2, 2.03),
  ];
  const scores = scorecard(["fsl", "shear", "unused", "safe"], subjects, shifts);

  it("summarises privacy and safety over the subjects each tool has an output for", () => {
    expect(scores[0]).toMatchObject({
      tool: "fsl",
      subjects: 3,
      residual_face_mean_percent: 5,
      residual_face_max_percent: 9,
      brain_intrusion_voxels_total: 4,
      brain_intrusion_mm3_total: 32,
      brain_intrusion_worst_subject: "s2",
      brain_intrusion_worst_voxels: 3,
      brain_intrusion_worst_mm3: 24,
    });
    // a residual face that could not be measured is left out of the mean
    expect(scores[1]).toMatchObject({ subjects: 2, residual_face_mean_percent: 10, residual_face_max_percent: 10, brain_intrusion_worst_subject: "s2" });
    expect(scores[3]).toMatchObject({ tool: "safe", brain_intrusion_voxels_total: 0, brain_intrusion_worst_subject: null });
    expect(scores[2]).toMatchObject({ subjects: 0, residual_face_mean_percent: null, brain_intrusion_voxels_total: null, byNormalisation: [] });
  });

  it("counts shifted features per normalisation and names the worst", () => {
    const [global, unmasked] = scores[0].byNormalisation;
    expect(global).toMatchObject({ normalization: "zscore-global", features: 2, over1Percent: 1, over5Percent: 1 });
    expect(global.worst).toMatchObject({ subject: "s2", ibsi_code: "AAAA" });
    expect(global.worst!.rel_shift).toBeCloseTo(-0.1, 14);
    expect(unmasked).toMatchObject({ normalization: "zscore-unmasked", features: 1, over1Percent: 0, over5Percent: 0 });
    expect(scores[1].byNormalisation).toHaveLength(1);
    expect(scores[1].byNormalisation[0]).toMatchObject({ over1Percent: 1, over5Percent: 0 });
  });

  it("writes one CSV line per tool x normalisation", () => {
    const csv = toCsv(scorecardLines(scores), SCORECARD_COLUMNS).trim().split("\n");
    expect(csv[0]).toBe(SCORECARD_COLUMNS.join(","));
    expect(csv).toHaveLength(1 + 3);
    const cells = csv[1].split(",");
    const at = (c: string) => cells[SCORECARD_COLUMNS.indexOf(c as (typeof SCORECARD_COLUMNS)[number])];
    expect(at("tool")).toBe("fsl");
    expect(at("over_1_percent")).toBe("1");
    expect(at("worst_ibsi_code")).toBe("AAAA");
    expect(csv[2].split(",")[SCORECARD_COLUMNS.indexOf("worst_feature")]).toBe("");
  });
});
