import type { FaceMaskResult } from "./faceMask.js";

/**
 * The numbers of one defacing as plain JSON-ready data (units in the key names), shared by the
 * `deface` summary and the run report.
 */
export interface DefacingSummary {
  source: string;
  modality: string;
  fill: string;
  detected_fill: FaceMaskResult["detectedFill"] | null;
  brain_mask: string;
  face_region: string;
  shear_plane: { normal_ras: number[]; offset_mm: number; buffer_mm: number } | null;
  safety: {
    mask_voxels: number;
    mask_volume_mm3: number;
    roi_overlap_voxels: number | null;
    brain_intrusion_voxels: number | null;
    brain_intrusion_mm3: number | null;
    min_distance_to_roi_mm: number | null;
    head_removed_percent: number | null;
  };
  privacy: {
    facial_surface_mm2: number;
    residual_surface_mm2: number;
    residual_face_percent: number | null;
    /** with the cheeks and temples (estimated face region only). */
    residual_face_with_cheeks_percent: number | null;
  };
  warnings: string[];
}

const round = (x: number, digits = 6) => Number(x.toPrecision(digits));
const maybe = (x: number | null, digits = 6) => (x === null ? null : round(x, digits));

export function defacingSummary(source: string, r: FaceMaskResult): DefacingSummary {
  return {
    source,
    modality: r.modality,
    fill: r.fillName,
    detected_fill: r.detectedFill ?? null,
    brain_mask: r.brainSource,
    face_region: r.faceRegionSource,
    shear_plane: r.plane
      ? { normal_ras: r.plane.normal.map((x) => round(x)), offset_mm: round(r.plane.offsetMm), buffer_mm: r.plane.bufferMm }
      : null,
    safety: {
      mask_voxels: r.safety.maskVoxels,
      mask_volume_mm3: round(r.safety.maskVolumeMm3),
      roi_overlap_voxels: r.safety.roiOverlapVoxels,
      brain_intrusion_voxels: r.safety.brainIntrusionVoxels,
      brain_intrusion_mm3: maybe(r.safety.brainIntrusionMm3),
      min_distance_to_roi_mm: maybe(r.safety.minDistanceToRoiMm),
      head_removed_percent: r.safety.headRemovedFraction === null ? null : round(100 * r.safety.headRemovedFraction, 4),
    },
    privacy: {
      facial_surface_mm2: round(r.privacy.facialSurfaceMm2),
      residual_surface_mm2: round(r.privacy.residualSurfaceMm2),
      residual_face_percent: maybe(r.privacy.residualPercent, 4),
      residual_face_with_cheeks_percent: maybe(r.privacyWithCheeks?.residualPercent ?? null, 4),
    },
    warnings: r.warnings,
  };
}

/** Markdown lines for a report: one table of safety and privacy numbers. */
export function defacingSummaryMarkdown(s: DefacingSummary): string {
  const v = (x: number | null, unit = "") => (x === null ? "–" : `${x}${unit}`);
  const rows: Array<[string, string]> = [
    ["face mask source", s.source],
    ["fill", s.detected_fill ? `${s.fill} (detected)` : s.fill],
    ["brain mask", s.brain_mask],
    ["removed volume", `${s.safety.mask_voxels} voxels (${v(s.safety.mask_volume_mm3, " mm³")})`],
    ["share of the head removed", v(s.safety.head_removed_percent, " %")],
    ["brain intrusion", `${v(s.safety.brain_intrusion_voxels, " voxels")} (${v(s.safety.brain_intrusion_mm3, " mm³")})`],
    ["ROI overlap", v(s.safety.roi_overlap_voxels, " voxels")],
    ["min distance mask → ROI", v(s.safety.min_distance_to_roi_mm, " mm")],
    ["residual face (share of facial skin surface left)", `${v(s.privacy.residual_face_percent, " %")} (face region: ${s.face_region})`],
    ["residual face including cheeks and temples", v(s.privacy.residual_face_with_cheeks_percent, " %")],
  ];
  if (s.shear_plane)
    rows.push(["shear plane", `normal (R, A, S) = (${s.shear_plane.normal_ras.map((x) => x.toFixed(3)).join(", ")}), buffer ${s.shear_plane.buffer_mm} mm`]);
  const out = ["| check | value |", "| --- | --- |", ...rows.map(([a, b]) => `| ${a} | ${b.replace(/\|/g, "\\|")} |`)];
  if (s.warnings.length) out.push("", "Warnings:", "", ...s.warnings.map((w) => `- ${w}`));
  return out.join("\n");
}
