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
export const reportJson = (report: RunReport): string => toReportJson(report);

/**
 * Any report as JSON: key order as built, 2-space indent, non-finite numbers as the strings "NaN",
 * "Infinity", "-Infinity" (JSON has none; readReportJson restores them), typed arrays as arrays.
 */
export function toReportJson(value: unknown): string {
  const replacer = (_key: string, v: unknown) => {
    if (typeof v === "number" && !Number.isFinite(v)) return String(v);
    if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>);
    return v;
  };
  return JSON.stringify(value, replacer, 2) + "\n";
}

const NON_FINITE: Record<string, number> = { NaN: NaN, Infinity: Infinity, "-Infinity": -Infinity };

/** Parses what toReportJson wrote, with the non-finite numbers restored. */
export function readReportJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => (typeof v === "string" && v in NON_FINITE ? NON_FINITE[v] : v));
}
