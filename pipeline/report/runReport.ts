import type { Vec3 } from "../../analysis/core/volume.js";
import type { Settings } from "../../analysis/settings.js";
import type { SubjectResult } from "../run/subject.js";
import type { DefacingSummary } from "../../masks/defacingSummary.js";
import type { InputRecord } from "./provenance.js";
import type { SoftwareVersions } from "./software.js";

/** Everything a run produced, as written to report.json (no timings: same inputs, same bytes). */
export interface RunReport {
  tool: "deface-impact";
  software: SoftwareVersions;
  settings: Settings;
  inputs: InputRecord[];
  image: {
    dims: Vec3;
    spacing_mm: Vec3;
    affine: number[];
    /** what one intensity unit is before normalisation (HU for CT). */
    intensity_unit: string;
    modality: string;
    /** DICOM inputs: the acquisition attributes radiomic features depend on, for reproducibility. */
    acquisition?: Record<string, unknown>;
  };
  /** where the brain and head masks came from. */
  masks: { brain: string; head: string };
  conditions: { name: string; description: string; voxels_replaced: number; volume_replaced_mm3: number }[];
  /** safety (ROI overlap, brain intrusion, distance) and privacy (residual face) per condition. */
  defacing: { condition: string; summary: DefacingSummary }[];
  warnings: string[];
  /** PNG renders written beside the report, per condition (relative paths). */
  renders?: { condition: string; files: { view: string; file: string }[] }[];
  result: SubjectResult;
}

/** report.json: stable key order, 2-space indent, non-finite numbers as strings. */
export function reportJson(report: RunReport): string {
  return (
    JSON.stringify(
      report,
      (_key, value) => {
        if (typeof value === "number" && !Number.isFinite(value)) return String(value);
        if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>);
        return value;
      },
      2,
    ) + "\n"
  );
}
