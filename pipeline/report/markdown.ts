import type { ShiftRow } from "../../analysis/impact/shifts.js";
import type { Settings } from "../../analysis/settings.js";
import { settingsYaml } from "../settings/settingsYaml.js";
import type { RunReport } from "./runReport.js";

const num = (x: number | undefined, digits = 4): string => {
  if (x === undefined) return "–";
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e5 || a < 1e-3 ? x.toExponential(digits - 1) : String(Number(x.toPrecision(digits)));
};
const pct = (x: number) => (Number.isFinite(x) ? `${num(100 * x, 3)} %` : String(x));

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** report.md: leads with what defacing did to the normalisation, then the shifts. */
export function reportMarkdown(report: RunReport): string {
  const { result, image } = report;
  const unit = image.intensity_unit;
  const out: string[] = [];
  out.push(`# deface-impact report: ${result.subject}`, "");
  out.push(
    `Image ${image.dims.join("×")} voxels of ${image.spacing_mm.map((s) => num(s)).join("×")} mm (${image.modality}, intensities in ${unit}); ` +
      `ROI ${result.roiVoxels} voxels. Software deface-impact ${report.software.deface_impact}, Node ${report.software.node}.`,
    "",
  );
  if (report.warnings.length) {
    out.push("## Warnings", "", ...report.warnings.map((w) => `- ${w}`), "");
  }

  out.push("## What defacing did to the normalisation", "");
  out.push(
    "A z-score over a region, Ĩ = (I − μ)/σ, uses every voxel of the region. Defacing replaces the face voxels, so μ and σ change " +
      "and every normalised voxel moves, also in a ROI far from the face, by the affine map Ĩ_d = a·Ĩ + b with a = σ/σ_d and b = (μ − μ_d)/σ_d. " +
      "An affine map leaves skewness, kurtosis and fixed-bin-number textures unchanged and moves the mean, the spread and fixed-bin-size textures.",
    "",
  );
  out.push(
    table(
      ["condition", "normalisation", `μ original (${unit})`, `μ defaced (${unit})`, `σ original (${unit})`, `σ defaced (${unit})`, "a", "b (σ units)"],
      result.maps.map((m) => [
        m.condition,
        m.normalization,
        num(m.original.mean, 6),
        num(m.defaced.mean, 6),
        num(m.original.sd, 6),
        num(m.defaced.sd, 6),
        num(m.a, 8),
        num(m.b, 6),
      ]),
    ),
    "",
  );

  out.push("## Conditions: what was removed, what it cost, what is left of the face", "");
  out.push(`Brain mask: ${report.masks.brain}; head mask: ${report.masks.head}.`, "");
  const v = (x: number | null, unit = "") => (x === null ? "–" : `${num(x, 4)}${unit}`);
  out.push(
    table(
      ["condition", "how", "voxels replaced", "volume (mm³)", "head removed", "brain intrusion", "ROI overlap", "mask → ROI", "residual face"],
      report.conditions.map((c) => {
        const s = report.defacing.find((d) => d.condition === c.name)?.summary;
        return [
          c.name,
          c.description + (s?.detected_fill ? " (detected)" : ""),
          String(c.voxels_replaced),
          num(c.volume_replaced_mm3, 6),
          s ? v(s.safety.head_removed_percent, " %") : "–",
          s ? `${v(s.safety.brain_intrusion_voxels, " voxels")} (${v(s.safety.brain_intrusion_mm3, " mm³")})` : "–",
          s ? v(s.safety.roi_overlap_voxels, " voxels") : "–",
          s ? v(s.safety.min_distance_to_roi_mm, " mm") : "–",
          s ? v(s.privacy.residual_face_percent, " %") : "–",
        ];
      }),
    ),
    "",
    "Residual face: the share of the facial skin surface still present after defacing (0 % = the face is gone).",
    "",
  );
  if (report.renders?.length) {
    out.push("### Renders", "");
    for (const r of report.renders) {
      out.push(
        `**${r.condition}** — skin surface from the front and the side, each before | after | residual face (red: facial skin still where it was), one camera; mid-sagittal slice (red: removed, green: ROI, blue: brain):`,
        "",
        r.files.map((f) => `![${r.condition} ${f.view}](${f.file})`).join(" "),
        "",
      );
    }
  }

  out.push("## Largest shifts", "");
  const ranked = [...result.shifts].filter((s) => Number.isFinite(s.rel_shift)).sort((x, y) => Math.abs(y.rel_shift) - Math.abs(x.rel_shift));
  out.push(shiftTable(ranked.slice(0, 20)), "");

  out.push("## All shifts", "");
  out.push(
    "abs_shift = defaced − original, in the feature's own unit; rel_shift = abs_shift / |original|. " +
      `Intensity features are in ${unit} without normalisation, in units of σ with a z-score and in units of the head's ` +
      "1st–99th percentile range with `percentile`. `predicted` is the closed-form value under the affine map; " +
      "`behaviour` says whether the feature is invariant, equivariant (exactly predictable) or discretisation-dependent. " +
      "Features that did not move at all are left out here (all are in shifts.csv).",
    "",
  );
  out.push(shiftTable(result.shifts.filter((s) => s.abs_shift !== 0)), "");

  const noted = result.features.filter((f) => f.note);
  if (noted.length) {
    out.push("## Notes on undefined values", "");
    out.push(...[...new Set(noted.map((f) => `- ${f.feature} (${f.ibsi_code}): ${f.note}`))], "");
  }
  const acquisition = report.image.acquisition;
  if (acquisition && Object.keys(acquisition).length) {
    out.push("## Reproducibility: acquisition (DICOM)", "");
    const show = (v: unknown) => (Array.isArray(v) ? v.join(" \\ ") : String(v));
    out.push(table(["attribute", "value"], Object.entries(acquisition).map(([k, v]) => [k, show(v)])), "");
  }
  out.push("## Inputs", "");
  out.push(table(["role", "path", "bytes", "sha256"], report.inputs.map((i) => [i.role, i.path, String(i.bytes), i.sha256])), "");
  out.push(settingsSection(report.settings));
  return out.join("\n");
}

function shiftTable(rows: ShiftRow[]): string {
  return table(
    ["condition", "normalisation", "config", "feature", "code", "aggregation", "original", "defaced", "abs_shift", "rel_shift", "predicted", "behaviour"],
    rows.map((s) => [
      s.condition,
      s.normalization,
      s.config,
      s.feature,
      s.ibsi_code,
      s.aggregation_code,
      num(s.original, 6),
      num(s.defaced, 6),
      num(s.abs_shift, 4),
      pct(s.rel_shift),
      num(s.predicted_defaced, 6),
      s.behaviour,
    ]),
  );
}

/** The resolved settings, as YAML that `--settings` reads back: everything needed to rerun. */
export function settingsSection(settings: Settings): string {
  return ["## Settings", "", "As resolved from the defaults, the preset, the settings file and the options (save it as a file and pass it to `--settings` to rerun):", "", "```yaml", settingsYaml(settings).trimEnd(), "```", ""].join("\n");
}
