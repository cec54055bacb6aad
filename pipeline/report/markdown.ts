import type { Settings } from "../../analysis/settings.js";
import { num, pct } from "./html/format.js";
import { degenerateShift, type ReportShift } from "./html/summary.js";
import { mostShifted, predictionText } from "./html/topShifts.js";
import { featureUnit, normalisedUnit } from "./html/units.js";
import { mdTable } from "./mdTable.js";
import { toMarkdown, type RichText } from "./richText.js";
import type { RunReport } from "./runReport.js";
import { runtimeLabel } from "./software.js";
import { matrixCell, MATRIX_FOOTNOTE, shiftMatrix } from "./shiftMatrix.js";
import { settingsYaml } from "../settings/settingsYaml.js";
import { conditionVerdicts, degenerateGroups, degenerateReason, mapStatistics, regionOf } from "./verdict.js";

const paragraph = (tag: string, text: RichText | undefined) => (text ? [`**${tag}.** ${toMarkdown(text)}`, ""] : []);

/**
 * report.md: the verdict first (the same sentences as report.html, verdict.ts), then the summary
 * tables, then the appendix with every shift that moved (all of them are in shifts.csv).
 */
export function reportMarkdown(report: RunReport): string {
  const { result, image } = report;
  const out: string[] = [];
  out.push(`# deface-impact report: ${toMarkdown([result.subject])}`, "");
  out.push(
    `${image.modality} image of ${image.dims.join("×")} voxels of ${image.spacing_mm.map((s) => num(s)).join("×")} mm, intensities in ${image.intensity_unit}; ` +
      `ROI of ${result.roiVoxels.toLocaleString("en-US")} voxels; ${report.conditions.length} defaced condition${report.conditions.length === 1 ? "" : "s"}. ` +
      `deface-impact ${report.software.deface_impact}, ${runtimeLabel(report.software)}.`,
    "",
  );
  if (report.warnings.length) out.push("## Warnings", "", ...report.warnings.map((w) => `- ${w}`), "");

  out.push("## Verdict", "");
  out.push(
    "Per defaced condition: what moved, why, and what avoids it. Shifts under a degenerate discretisation (fewer than 8 grey levels in the ROI, " +
      "or fewer than 2 ROI voxels per grey level) measure bin edges, not the ROI: they are counted apart, never in the headline.",
    "",
  );
  for (const v of conditionVerdicts(report)) {
    out.push(`### Condition \`${v.condition}\``, "", toMarkdown(v.lead), "");
    out.push(...paragraph("What moved", v.whatMoved), ...paragraph("Not counted", v.notCounted), ...paragraph("Why", v.why), ...paragraph("What avoids it", v.avoid));
  }

  out.push("## Summary", "");
  out.push(...matrixSection(report));
  out.push(...mapsSection(report));
  out.push(...degenerateSection(report));
  out.push("### Largest meaningful shifts", "");
  const top = mostShifted(report.result.shifts, 20);
  out.push(
    top.length
      ? `The ${top.length} largest relative shifts outside degenerate discretisations. ${UNITS_NOTE(image.intensity_unit)}`
      : "No meaningful feature moved (every |rel_shift| < 10⁻¹²).",
    "",
  );
  if (top.length) out.push(shiftTable(top, image.intensity_unit), "");
  out.push(...conditionsSection(report));

  out.push("## Appendix: every shift that moved", "");
  out.push(
    `Every feature value that defacing changed, in the order of shifts.csv (which also holds the unchanged ones). ${UNITS_NOTE(image.intensity_unit)} ` +
      "`discretisation` says whether the grey levels can carry the feature: ok, too-coarse, too-fine, or n/a (the feature reads no grey levels).",
    "",
  );
  out.push(shiftTable(result.shifts.filter((s) => s.abs_shift !== 0 && !Number.isNaN(s.abs_shift)), image.intensity_unit, true), "");

  const noted = result.features.filter((f) => f.note);
  if (noted.length) {
    out.push("## Notes on undefined values", "");
    out.push(...[...new Set(noted.map((f) => `- ${f.feature} (${f.ibsi_code}): ${f.note}`))], "");
  }
  const acquisition = report.image.acquisition;
  if (acquisition && Object.keys(acquisition).length) {
    out.push("## Reproducibility: acquisition (DICOM)", "");
    const show = (v: unknown) => (Array.isArray(v) ? v.join(" \\ ") : String(v));
    out.push(mdTable(["attribute", "value"], Object.entries(acquisition).map(([k, v]) => [k, show(v)])), "");
  }
  out.push("## Inputs", "");
  out.push(mdTable(["role", "path", "size (bytes)", "SHA-256"], report.inputs.map((i) => [i.role, i.path, String(i.bytes), i.sha256])), "");
  out.push(settingsSection(report.settings));
  return out.join("\n");
}

const UNITS_NOTE = (unit: string) =>
  "original, defaced and abs_shift = defaced − original are in the unit column's unit: intensities in " +
  `${unit} without normalisation, in units of the region's σ with a z-score, in units of the head's P1–P99 range with percentile; ` +
  "– means dimensionless. rel_shift = abs_shift / |original|. predicted is the closed-form defaced value under the affine map (≈: it assumes an unchanged re-segmentation mask), " +
  'or "no closed form" where only recomputing reveals the shift.';

function matrixSection(report: RunReport): string[] {
  const m = shiftMatrix(report);
  if (!m.conditions.length) return [];
  return [
    "### How far features moved",
    "",
    "The largest meaningful |rel_shift| per normalisation (rows) and defaced condition (columns), in percent of the original value; 0: no feature moved (|rel_shift| < 10⁻¹²).",
    "",
    mdTable(["normalisation", ...m.conditions.map((c) => `\`${c}\``)], m.rows.map((r) => [r.normalization, ...r.cells.map(matrixCell)])),
    "",
    ...(m.anyDegenerate ? [MATRIX_FOOTNOTE, ""] : []),
  ];
}

/** The normalisations' statistics before and after, and the map a, b: each cell names its statistic and unit. */
function mapsSection(report: RunReport): string[] {
  const unit = report.image.intensity_unit;
  const rows = report.result.maps.map((m) => {
    const stats = mapStatistics(m, unit);
    return [
      `\`${m.condition}\``,
      m.normalization,
      regionOf(m.normalization).short,
      stats?.centre ?? "–",
      stats?.spread ?? "–",
      num(m.a, 8),
      `${num(m.b, 6)} ${normalisedUnit(m.normalization, unit)}`,
    ];
  });
  return [
    "### What defacing did to each normalisation",
    "",
    "A normalisation draws statistics from a region: a z-score its mean μ and standard deviation σ (Ĩ = (I − μ)/σ), `percentile` the head's 1st percentile P1 and " +
      "the range P99 − P1. Defacing replaces the face voxels; where they belong to the region, the statistics change and every normalised ROI voxel moves by " +
      "Ĩ_d = a·Ĩ + b (a = σ/σ_d, unitless; b = (μ − μ_d)/σ_d, in the normalised unit).",
    "",
    mdTable(["condition", "normalisation", "statistics from", "centre: original → defaced", "spread: original → defaced", "a", "b"], rows),
    "",
  ];
}

function degenerateSection(report: RunReport): string[] {
  const groups = degenerateGroups(report);
  if (!groups.length) return [];
  return [
    "### Degenerate discretisations",
    "",
    "Under these the ROI holds fewer than 8 grey levels (too-coarse) or fewer than 2 voxels per grey level (too-fine): their histogram and texture features " +
      "measure where the bin edges fall, so their shifts are ranked apart (`discretisation` column of shifts.csv).",
    "",
    mdTable(
      ["condition", "normalisation", "config", "status", "why", "features moved", "largest |rel_shift|"],
      groups.map((g) => [`\`${g.condition}\``, g.normalization, g.config, g.status, degenerateReason(g, report.image.intensity_unit), `${g.moved} of ${g.shifts}`, Number.isNaN(g.maxAbs) ? "–" : pct(g.maxAbs, 3, false)]),
    ),
    "",
  ];
}

function conditionsSection(report: RunReport): string[] {
  const v = (x: number | null, unit = "") => (x === null ? "–" : `${num(x, 4)}${unit}`);
  const out = [
    "### Conditions: what was removed, what it cost, what is left of the face",
    "",
    `Brain mask: ${report.masks.brain}; head mask: ${report.masks.head}.`,
    "",
    mdTable(
      ["condition", "how", "voxels replaced", "volume replaced", "head removed", "brain intrusion", "ROI voxels replaced", "face mask → ROI distance", "residual face"],
      report.conditions.map((c) => {
        const s = report.defacing.find((d) => d.condition === c.name)?.summary;
        return [
          `\`${c.name}\``,
          c.description + (s?.detected_fill ? " (detected)" : ""),
          c.voxels_replaced.toLocaleString("en-US"),
          `${num(c.volume_replaced_mm3, 6)} mm³`,
          s ? v(s.safety.head_removed_percent, " %") : "–",
          s ? `${v(s.safety.brain_intrusion_voxels, " voxels")} (${v(s.safety.brain_intrusion_mm3, " mm³")})` : "–",
          s ? v(s.safety.roi_overlap_voxels, " voxels") : "–",
          s ? v(s.safety.min_distance_to_roi_mm, " mm") : "–",
          s ? v(s.privacy.residual_face_percent, " %") : "–",
        ];
      }),
    ),
    "",
    "Residual face: the share of the facial skin surface still present after defacing (0 % = the face is gone). Brain intrusion: brain voxels removed (0 is safe).",
    "",
  ];
  for (const r of report.renders ?? []) {
    out.push(
      `**${r.condition}**: skin surface from the front and the side, each before | after | residual face (red: facial skin still where it was), one camera; mid-sagittal slice (red: removed, green: ROI, blue: brain):`,
      "",
      r.files.map((f) => `![${r.condition} ${f.view}](${f.file})`).join(" "),
      "",
    );
  }
  return out;
}

function shiftTable(rows: ReportShift[], imageUnit: string, withStatus = false): string {
  return mdTable(
    [
      "condition",
      "normalisation",
      "config",
      "feature",
      "code",
      "aggregation",
      "unit",
      "original",
      "defaced",
      "abs_shift",
      "rel_shift",
      "predicted",
      "behaviour",
      ...(withStatus ? ["discretisation"] : []),
    ],
    rows.map((s) => [
      s.condition,
      s.normalization,
      s.config,
      s.feature,
      s.ibsi_code,
      s.aggregation_code,
      featureUnit(s.family, s.ibsi_code, normalisedUnit(s.normalization, imageUnit)),
      num(s.original, 6),
      num(s.defaced, 6),
      num(s.abs_shift, 4),
      pct(s.rel_shift),
      predictionText(s, (x) => num(x, 6)),
      s.behaviour ?? "–",
      ...(withStatus ? [degenerateShift(s) ? `**${s.discretisation}**` : (s.discretisation ?? "n/a")] : []),
    ]),
  );
}

/** The resolved settings, as YAML that `--settings` reads back: everything needed to rerun. */
export function settingsSection(settings: Settings): string {
  return ["## Settings", "", "As resolved from the defaults, the preset, the settings file and the options (save it as a file and pass it to `--settings` to rerun):", "", "```yaml", settingsYaml(settings).trimEnd(), "```", ""].join("\n");
}
